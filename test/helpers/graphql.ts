export interface GraphQLErrorShape {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: readonly GraphQLErrorShape[];
}

import { inject } from 'vitest';

/** The admin token of the test stack, sent when a call names no Authorization of its own. */
function defaultHeaders(): Record<string, string> {
  return { authorization: `Bearer ${inject('auth').adminToken}` };
}

/**
 * POSTs one operation over HTTP, as any client would, and returns status, data and errors.
 * Sends the test admin token unless `headers` has an authorization (use "" for none).
 */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: Object.fromEntries(
      Object.entries({ 'content-type': 'application/json', accept: 'application/json', ...defaultHeaders(), ...headers }).filter(([, value]) => value !== ''),
    ),
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`Expected a JSON response from ${url}, got status ${response.status}: ${text.slice(0, 300)}`);
  }
  return { status: response.status, ...body };
}

/** Like graphql(), but fails with the server's errors when there are any. */
export async function graphqlData<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await graphql<T>(url, query, variables, headers);
  if (response.errors?.length || response.data === undefined || response.data === null) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}
