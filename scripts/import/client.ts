import { CLAIMS_HEADER, SCOPES, signClaims } from '@cdp/shared';

/** GraphQL calls to the running interaction subgraph, signed as the gateway would sign them. */

export interface SubgraphError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

export class ImportCallError extends Error {
  constructor(readonly errors: readonly SubgraphError[]) {
    super(errors[0]?.message ?? 'the subgraph refused the batch');
  }

  get code(): string {
    return this.errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  }
}

export const INGEST_BATCH = `mutation ImportBatch($identities: [BatchIdentifyInput!]!, $interactions: [InteractionInput!]!) {
  ingestBatch(identities: $identities, interactions: $interactions) { personIds } }`;

export function claimsHeader(secret: string): Record<string, string> {
  return { [CLAIMS_HEADER]: signClaims({ sub: 'import', scopes: [...SCOPES], exp: Math.floor(Date.now() / 1000) + 3600 }, secret) };
}

export async function ingestBatch(url: string, secret: string, identities: readonly unknown[], interactions: readonly unknown[]): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...claimsHeader(secret) },
    body: JSON.stringify({ query: INGEST_BATCH, variables: { identities, interactions } }),
  });
  let body: { data?: unknown; errors?: SubgraphError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ImportCallError([{ message: `${url} answered ${response.status} without JSON` }]);
  }
  if (body.errors?.length || body.data === undefined || body.data === null) throw new ImportCallError(body.errors ?? []);
}
