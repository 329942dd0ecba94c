/**
 * JSON over HTTP for the benchmarks' load generators.
 *
 * The load generator shares the machine's two cores with the system it measures, so what it
 * spends per request is taken from the system. Node's `fetch` (undici, WHATWG streams) cost the
 * identify case 0.8-0.9 ms of client CPU per request here; `node:http` with a keep-alive agent
 * costs 0.3 ms for the same requests.
 */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

export interface JsonResponse {
  readonly status: number;
  /** The response body as received. */
  readonly text: string;
}

/** POSTs `body` as JSON and resolves with the status and the raw body (callers parse what they need). */
export function postJson(url: string, body: unknown, headers: Readonly<Record<string, string>> = {}): Promise<JsonResponse> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface GraphQLResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly unknown[];
}

/**
 * A GraphQL operation over `postJson`; throws, naming `what`, when the answer has errors or no
 * data, so a benchmark never times failures as if they were answers.
 */
export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  what: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<T> {
  const response = await postJson(url, { query, variables }, headers);
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(response.text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`${what} expected a JSON answer, but ${url} answered ${response.status}: ${response.text.slice(0, 300)}`);
  }
  if (body.errors !== undefined || body.data === undefined || body.data === null) {
    throw new Error(`${what} failed (${response.status}): ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  }
  return body.data;
}
