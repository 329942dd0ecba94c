import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { ErrorCode } from '@cdp/shared';

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
