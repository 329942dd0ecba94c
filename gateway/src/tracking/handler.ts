import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '@cdp/shared';
import { INGEST_BATCH, IDENTIFY, RECORD_INTERACTIONS, SubgraphCallError, callSubgraph } from './client.js';
import { EVENT_TYPES, mapEvent, type EventProblem, type EventType, type IdentityInput, type InteractionInput } from './events.js';

export interface TrackingOptions {
  /** The profile subgraph's /graphql URL. */
  readonly profileUrl: string;
  /** The interaction subgraph's /graphql URL. */
  readonly interactionUrl: string;
  /** Accepted write keys (Segment's per-source secret). */
  readonly writeKeys: ReadonlySet<string>;
  /** Largest accepted request body; Segment's own limit for a batch is 500 KB. @default 512000 */
  readonly maxBodyBytes?: number;
  /** Headers added to every subgraph request, e.g. the gateway's signed claims. @default () => ({}) */
  readonly signHeaders?: () => Record<string, string>;
}

/** Most events in one /v1/batch; the interaction subgraph records up to 1,000 inputs per transaction. */
export const MAX_BATCH_EVENTS = 500;
const DEFAULT_MAX_BODY = 500 * 1024;

function writeKeyOf(req: IncomingMessage, body: Record<string, unknown> | null): string | null {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (match?.[1]) {
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.slice(0, colon);
  }
  return typeof body?.['writeKey'] === 'string' ? body['writeKey'] : null;
}

/** Identities first (deduplicated: a pair linked by many events is linked once), then interactions. */
interface Plan {
  readonly identities: IdentityInput[];
  /** Event index of each identity and interaction, to name the event behind a subgraph error. */
  readonly identityEvents: number[];
  readonly interactions: InteractionInput[];
  readonly interactionEvents: number[];
}

function plan(events: readonly unknown[], impliedType: EventType | null): Plan | EventProblem[] {
  const problems: EventProblem[] = [];
  const result: Plan = { identities: [], identityEvents: [], interactions: [], interactionEvents: [] };
  const linked = new Set<string>();
  events.forEach((event, index) => {
    const mapped = mapEvent(event, index, impliedType);
    if (Array.isArray(mapped)) {
      problems.push(...mapped);
      return;
    }
    for (const identity of mapped.identities) {
      const key = identity.messageId === null && identity.traits === null ? JSON.stringify(identity.identifiers) : null;
      if (key !== null && linked.has(key)) continue;
      if (key !== null) linked.add(key);
      result.identities.push(identity);
      result.identityEvents.push(index);
    }
    if (mapped.interaction !== null) {
      result.interactions.push(mapped.interaction);
      result.interactionEvents.push(index);
    }
  });
  return problems.length > 0 ? problems : result;
}

/** "inputs[3].type expects ..." from the subgraph, told as the event it came from. */
function eventProblem(error: SubgraphCallError, work: Plan): EventProblem {
  const match = /^(inputs|identities)\[(\d+)\]\.?:?\s*(.*)$/s.exec(error.message);
  if (!match) return { index: -1, messageId: null, reason: error.message };
  const list = match[1] === 'inputs' ? work.interactionEvents : work.identityEvents;
  return { index: list[Number(match[2])] ?? -1, messageId: null, reason: match[3] ?? error.message };
}

async function send(options: TrackingOptions, work: Plan, single: EventType | null): Promise<void> {
  const headers = options.signHeaders?.() ?? {};
  if (work.interactions.length === 0 && work.identities.length === 1 && (single === 'identify' || single === 'alias')) {
    await callSubgraph(options.profileUrl, IDENTIFY, { input: work.identities[0] }, headers);
  } else if (work.identities.length === 0) {
    await callSubgraph(options.interactionUrl, RECORD_INTERACTIONS, { inputs: work.interactions }, headers);
  } else {
    await callSubgraph(options.interactionUrl, INGEST_BATCH, { identities: work.identities, interactions: work.interactions }, headers);
  }
}

/**
 * The Segment-compatible tracking API: POST /v1/identify, /v1/track, /v1/page, /v1/screen,
 * /v1/group, /v1/alias and /v1/batch. Answers as Segment does: 200 {"success": true}, 400 with
 * a reason (and per-event reasons), 401 for a missing or unknown write key (HTTP Basic with the
 * key as user name and an empty password, or `writeKey` in the body). A batch is all or
 * nothing: every event is validated first, then one subgraph call writes them in one
 * transaction (identify and alias events of the batch included, through ingestBatch).
 * Idempotent by messageId. Resolves true when it handled the request, false for other paths.
 */
export function createTrackingHandler(options: TrackingOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://tracking').pathname.replace(/\/$/, '');
    const match = /^\/v1\/(identify|track|page|screen|group|alias|batch)$/.exec(path);
    if (!match) return false;
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendJson(res, 405, { success: false, message: `${path} expects POST, but got ${req.method ?? 'no method'}.` });
      return true;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, maxBody));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      sendJson(res, tooLarge ? 413 : 400, { success: false, message: tooLarge ? error.message : 'Expected a JSON body, but it could not be parsed.' });
      return true;
    }
    const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    const writeKey = writeKeyOf(req, object);
    if (writeKey === null || !options.writeKeys.has(writeKey)) {
      sendJson(res, 401, { success: false, message: 'Expected a valid write key (HTTP Basic user name, empty password), but it is missing or unknown.' });
      return true;
    }
    const route = match[1] as EventType | 'batch';
    let events: unknown[];
    if (route === 'batch') {
      const batch = object?.['batch'];
      if (!Array.isArray(batch) || batch.length === 0 || batch.length > MAX_BATCH_EVENTS) {
        sendJson(res, 400, { success: false, message: `batch expects an array of 1 to ${MAX_BATCH_EVENTS} events, but got ${Array.isArray(batch) ? `${batch.length} events` : JSON.stringify(batch) ?? 'nothing'}.` });
        return true;
      }
      // Top-level context and integrations apply to every event that has none of its own.
      const shared = object?.['context'];
      events = batch.map((event: unknown) => (typeof event === 'object' && event !== null && shared !== undefined ? { context: shared, ...event } : event));
    } else {
      events = [body];
    }
    const single = route === 'batch' ? null : route;
    const work = plan(events, single);
    if (Array.isArray(work)) {
      sendJson(res, 400, { success: false, message: `${work.length} problem(s) in ${events.length} event(s); nothing was recorded.`, errors: work });
      return true;
    }
    try {
      await send(options, work, single);
      sendJson(res, 200, { success: true });
    } catch (error) {
      if (!(error instanceof SubgraphCallError)) throw error;
      if (error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND' || error.code === 'GRAPHQL_VALIDATION_FAILED') {
        sendJson(res, 400, { success: false, message: `${error.message} Nothing was recorded.`, errors: [eventProblem(error, work)] });
      } else if (error.code === 'DATABASE_UNAVAILABLE' || error.code === 'CONFLICT') {
        sendJson(res, 503, { success: false, message: 'The customer graph is unavailable; retry later.' });
      } else {
        sendJson(res, 502, { success: false, message: `Recording failed (${error.code}).` });
      }
    }
    return true;
  };
}

export { EVENT_TYPES };
