import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { maskError, type MaskError } from 'graphql-yoga';
import { ErrorCode } from '@cdp/shared';

const REGISTRY_CODES: ReadonlySet<unknown> = new Set(Object.values(ErrorCode));

/**
 * A subgraph's error as a subscription's WebSocket hands it over: the error's JSON, not a
 * GraphQLError, so the server would mask it as unexpected. One that carries a code of our
 * registry is the subgraph's answer (its unexpected errors are masked there) and goes through.
 */
export function fromSubgraph(error: unknown): GraphQLError | undefined {
  if (error === null || typeof error !== 'object' || error instanceof Error) return undefined;
  const { message, path, extensions } = error as { message?: unknown; path?: unknown; extensions?: Record<string, unknown> };
  if (typeof message !== 'string' || !REGISTRY_CODES.has(extensions?.['code'])) return undefined;
  return new GraphQLError(message, { path: Array.isArray(path) ? (path as (string | number)[]) : null, extensions: extensions ?? {} });
}

/** The server's masking, except for subgraph answers that arrive as plain JSON (see fromSubgraph). */
export const maskUnlessFromSubgraph: MaskError = (error, message, isDev) => fromSubgraph(error) ?? maskError(error, message, isDev);

/** graphql-js reports bad variable values ("Variable "$x" got invalid value …") without a code. */
const VARIABLE_ERROR = /^Variable "\$[^"]+" (got invalid value|of required type|of non-null type)/;

function withCodes(result: ExecutionResult): ExecutionResult | undefined {
  if (!result.errors?.some((error) => error.extensions['code'] === undefined && VARIABLE_ERROR.test(error.message))) return undefined;
  return {
    ...result,
    errors: result.errors.map((error) =>
      error.extensions['code'] === undefined && VARIABLE_ERROR.test(error.message)
        ? new GraphQLError(error.message, { nodes: error.nodes ?? null, extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT } })
        : error,
    ),
  };
}

/**
 * Gives bad variable values the registry's BAD_USER_INPUT, as the subgraphs do, so a client sees
 * one code for bad input whether the gateway or a subgraph caught it.
 */
export const variableErrorCodes: GatewayPlugin = {
  // Hive Router's runtime answers bad variables before execution starts, so the HTTP result is
  // fixed where it is sent; WebSocket results still come through onExecuteDone.
  onResultProcess(payload) {
    const { result } = payload;
    if (Array.isArray(result) || Symbol.asyncIterator in result) return;
    const fixed = withCodes(result as ExecutionResult);
    if (fixed) payload.setResult(fixed);
  },
  onExecute() {
    return {
      onExecuteDone({ result, setResult }) {
        if (Symbol.asyncIterator in result) return;
        const fixed = withCodes(result);
        if (fixed) setResult(fixed);
      },
    };
  },
};
