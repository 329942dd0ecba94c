import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';

/**
 * The one registry of machine-readable error codes. Clients switch on `extensions.code`;
 * a code, once published, keeps its meaning.
 */
export const ErrorCode = {
  /** The input is well-formed GraphQL but its values are not acceptable. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A referenced entity (person, household, ...) does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** Identity resolution refused to merge people (a per-type limit would be broken). */
  MERGE_BLOCKED: 'MERGE_BLOCKED',
  /** An organization parent that would close a cycle in the hierarchy. */
  HIERARCHY_CYCLE: 'HIERARCHY_CYCLE',
  /** A write lost a race that retrying could not resolve. */
  CONFLICT: 'CONFLICT',
  /** A subscription's `since` cursor is older than the change log keeps; re-read the profile, then subscribe without it. */
  CURSOR_EXPIRED: 'CURSOR_EXPIRED',
  /** A subscriber fell too far behind; it was closed and should resume with `since` = its last cursor. */
  SUBSCRIPTION_OVERFLOW: 'SUBSCRIPTION_OVERFLOW',
  /** Neo4j cannot be reached or is not ready; safe to retry later. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** No valid credentials were presented. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Credentials were valid but lack the scope the operation needs. */
  FORBIDDEN: 'FORBIDDEN',
  /** Anything unexpected; details are logged, never sent to the client. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that GraphQL servers themselves produce for malformed operations; passed through unchanged. */
const PROTOCOL_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** An error meant for the client: it carries a registry code and is never masked. */
export class ApiError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
    this.code = code;
    this.name = 'ApiError';
  }
}

/** Renders a value for an error message: short, quoted, never the whole of a huge input. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function badInput(message: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(ErrorCode.BAD_USER_INPUT, message, details);
}

export function notFound(kind: string, id: string): ApiError {
  return new ApiError(ErrorCode.NOT_FOUND, `Expected an existing ${kind}, but no ${kind} has id ${show(id)}.`, {
    kind,
    id,
  });
}

const UNAVAILABLE_NEO4J_CODES: ReadonlySet<string> = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/**
 * Maps a database error to an API error, in this one place. Returns undefined for errors that
 * are not database errors, which the caller then masks.
 */
export function mapDatabaseError(error: unknown): ApiError | undefined {
  if (!(error instanceof Neo4jError)) return undefined;
  if (UNAVAILABLE_NEO4J_CODES.has(error.code) || error.code.startsWith('Neo.TransientError.')) {
    return new ApiError(ErrorCode.DATABASE_UNAVAILABLE, 'The customer graph database is unavailable; retry later.', {
      retryable: true,
    });
  }
  if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new ApiError(ErrorCode.CONFLICT, 'A concurrent write created the same record; retry the request.', {
      retryable: true,
    });
  }
  return undefined;
}

/**
 * Thrown inside a unit of work that found the graph changed under it (e.g. a person it read was
 * merged away before it could lock it). The whole unit is re-run.
 */
export class RetryableConflict extends Error {
  override name = 'RetryableConflict';
}

/** A unit of work Neo4j chose as a deadlock's victim; Database.write re-runs it (its cause is Neo4j's error). */
export class DeadlockVictim extends Error {
  override name = 'DeadlockVictim';
}

/**
 * True when Neo4j chose this transaction as a deadlock's victim. Writers that lock people in
 * the order their calls came (two identify batches, say) can meet in opposite orders; re-running
 * at once succeeds, since the other transaction holds its locks only until it commits.
 */
export function isDeadlock(error: unknown): boolean {
  return error instanceof Neo4jError && error.code === 'Neo.TransientError.Transaction.DeadlockDetected';
}

/**
 * True when a write lost a race that re-running resolves: a uniqueness constraint rejected it
 * because a concurrent transaction created the same record first, or it saw a stale read.
 */
export function isConstraintViolation(error: unknown): boolean {
  return (
    error instanceof RetryableConflict ||
    (error instanceof Neo4jError && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed')
  );
}

export interface ErrorLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Apollo Server `formatError`: API errors and protocol errors pass, database errors are mapped,
 * everything else is logged and masked so internals never reach a client.
 */
export function createErrorFormatter(logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    if (original instanceof ApiError) {
      return { ...formatted, message: original.message, extensions: { ...original.extensions } };
    }
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && PROTOCOL_CODES.has(code)) return formatted;
    const mapped = mapDatabaseError(original);
    if (mapped) return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
    logger.error('unexpected resolver error', {
      message: original instanceof Error ? original.message : String(original),
      stack: original instanceof Error ? original.stack : undefined,
      path: formatted.path,
    });
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
