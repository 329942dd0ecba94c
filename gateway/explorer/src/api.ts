import { authorization } from './token.js';

/** One GraphQL error as the gateway sends it; `extensions.code` comes from the project's error registry. */
export interface GraphQLError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string };
}

export interface GraphQLResult<T> {
  readonly data: T | null;
  readonly errors: readonly GraphQLError[];
}

/** A request that produced no usable data: the errors say why (a code each, where the API gave one). */
export class ApiError extends Error {
  constructor(
    readonly errors: readonly GraphQLError[],
    readonly status: number,
  ) {
    super(errors.map((error) => `${codeOf(error)}: ${error.message}`).join('; '));
    this.name = 'ApiError';
  }
}

/** The error's code, or a stand-in that still says what kind of failure it was. */
export function codeOf(error: GraphQLError): string {
  return error.extensions?.code ?? 'ERROR';
}

/** The GraphQL endpoint of the gateway serving this page. */
export const GRAPHQL_URL = new URL('/graphql', window.location.href).toString();

function asErrors(value: unknown): GraphQLError[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const extensions = typeof record['extensions'] === 'object' && record['extensions'] !== null ? (record['extensions'] as Record<string, unknown>) : {};
    const code = extensions['code'];
    const path = record['path'];
    return {
      message: typeof record['message'] === 'string' ? record['message'] : JSON.stringify(item),
      ...(Array.isArray(path) ? { path: path.filter((part): part is string | number => typeof part === 'string' || typeof part === 'number') } : {}),
      ...(typeof code === 'string' ? { extensions: { code } } : {}),
    };
  });
}

/**
 * POSTs one operation to the gateway with the saved token. Resolves with data and errors both
 * (a partial result is still shown); rejects with ApiError when there is no data at all, and for
 * transport failures with a NETWORK_ERROR the page can show like any other.
 */
export async function request<T>(query: string, variables: Readonly<Record<string, unknown>> = {}, signal?: AbortSignal): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const auth = authorization();
  if (auth !== null) headers['authorization'] = auth;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_URL, { method: 'POST', headers, body: JSON.stringify({ query, variables }), ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw new ApiError([{ message: `The gateway could not be reached: ${error instanceof Error ? error.message : String(error)}`, extensions: { code: 'NETWORK_ERROR' } }], 0);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError([{ message: `Expected JSON from the gateway, got HTTP ${response.status}: ${text.slice(0, 200)}`, extensions: { code: `HTTP_${response.status}` } }], response.status);
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = asErrors(record['errors']);
  const data = (record['data'] ?? null) as T | null;
  if (data === null) {
    throw new ApiError(errors.length > 0 ? errors : [{ message: `HTTP ${response.status} without data`, extensions: { code: `HTTP_${response.status}` } }], response.status);
  }
  return { data, errors };
}

/** Like request(), for views that need all of it: any error rejects. */
export async function requestData<T>(query: string, variables: Readonly<Record<string, unknown>> = {}, signal?: AbortSignal): Promise<T> {
  const result = await request<T>(query, variables, signal);
  if (result.errors.length > 0 || result.data === null) throw new ApiError(result.errors, 200);
  return result.data;
}
