/** GraphQL over HTTP to one subgraph, as the gateway would call it. */

export interface SubgraphError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

export class SubgraphCallError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly SubgraphError[],
  ) {
    super(errors[0]?.message ?? `subgraph answered ${status}`);
  }

  get code(): string {
    return this.errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  }
}

export async function callSubgraph<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T | null; errors?: SubgraphError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new SubgraphCallError(response.status, [{ message: `subgraph answered ${response.status} without JSON` }]);
  }
  if (body.errors?.length || body.data === undefined || body.data === null) {
    throw new SubgraphCallError(response.status, body.errors ?? []);
  }
  return body.data;
}

export const IDENTIFY = `mutation TrackingIdentify($input: IdentifyInput!) { identify(input: $input) { person { id } } }`;
export const RECORD_INTERACTIONS = `mutation TrackingRecord($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { id } }`;
export const INGEST_BATCH = `mutation TrackingIngest($identities: [BatchIdentifyInput!]!, $interactions: [InteractionInput!]!) {
  ingestBatch(identities: $identities, interactions: $interactions) { personIds } }`;
