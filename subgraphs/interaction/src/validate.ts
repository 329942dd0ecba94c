import {
  ApiError,
  asJsonObject,
  badInput,
  identityConfig,
  normalizeIdentifier,
  parseDateTime,
  show,
  type IdentifierInput,
  type PersonRef,
} from '@cdp/shared';
import { extractContext } from './context/extract.js';
import type { ExtractedContext } from './context/types.js';
import { isPurchase, revenueOf, type EngagementFact } from './engagement/aggregate.js';

export const CHANNELS = ['WEB', 'MOBILE', 'EMAIL', 'CHAT', 'PHONE', 'SMS', 'STORE', 'SOCIAL'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface InteractionInput {
  readonly person: PersonRef;
  readonly channel: Channel;
  readonly type: string;
  readonly occurredAt?: string | null;
  readonly properties?: unknown;
  readonly content?: string | null;
  readonly messageId?: string | null;
  readonly source?: string | null;
}

/** How a prepared input names its person: a current id to check, or an identifier key to look up. */
export type PreparedRef =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'identifier'; readonly key: string; readonly identifier: IdentifierInput; readonly source: string };

/** An input after validation: normalised, with its context extracted, ready to write. */
export interface PreparedInteraction {
  readonly index: number;
  readonly ref: PreparedRef;
  readonly channel: Channel;
  readonly type: string;
  readonly occurredAt: string;
  readonly properties: string;
  readonly content: string | null;
  readonly messageId: string | null;
  readonly context: ExtractedContext | null;
  readonly fact: Omit<EngagementFact, 'occurredAt'>;
}

export const MAX_BATCH = 1000;
const MAX_TYPE_LENGTH = 100;
const MAX_CONTENT_LENGTH = 100_000;
const MAX_MESSAGE_ID_LENGTH = 200;
const MAX_SOURCE_LENGTH = 100;
const SOURCE = /^[\w.:@/-]+$/;

/**
 * Errors name the input they are about: `inputs[3].type expects ...` in a batch, plain
 * `type expects ...` for a single call, so single-call messages stay as clients know them.
 */
export function at(path: string, error: unknown): unknown {
  if (!(error instanceof ApiError) || path === '') return error;
  // "occurredAt expects ..." reads as "inputs[3].occurredAt expects ..."; other messages follow a colon.
  const message = path.endsWith(']') && /^[a-z]\w* expects /.test(error.message) ? `${path}.${error.message}` : `${path}: ${error.message}`;
  return new ApiError(error.code, message, { ...error.extensions, path });
}

function join(prefix: string, field: string): string {
  return prefix === '' ? '' : `${prefix}.${field}`;
}

function prepareRef(ref: PersonRef, source: string, prefix: string): PreparedRef {
  const hasId = ref.id !== undefined && ref.id !== null;
  const hasIdentifier = ref.identifier !== undefined && ref.identifier !== null;
  if (hasId === hasIdentifier) {
    throw at(
      join(prefix, 'person'),
      badInput(`PersonRef expects exactly one of id or identifier, but got ${hasId ? 'both' : 'neither'}.`, { field: 'person' }),
    );
  }
  if (ref.id !== undefined && ref.id !== null) return { kind: 'id', id: ref.id };
  const identifier = ref.identifier as IdentifierInput;
  try {
    const normalized = normalizeIdentifier(identifier, source, { phoneRegion: identityConfig().phoneRegion });
    return { kind: 'identifier', key: normalized.key, identifier, source };
  } catch (error) {
    throw at(join(prefix, 'person.identifier'), error);
  }
}

/** Validates one input and extracts its context; `prefix` is "inputs[3]" in a batch, "" alone. */
export function prepare(input: InteractionInput, index: number, prefix: string, now: string): PreparedInteraction {
  const field = (name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
  const type = input.type.trim();
  if (type === '' || type.length > MAX_TYPE_LENGTH) {
    throw badInput(`${field('type')} expects 1 to ${MAX_TYPE_LENGTH} characters, such as "page_view", but got ${show(input.type)}.`, {
      field: 'type',
      index,
    });
  }
  const content = input.content ?? null;
  if (content !== null && content.length > MAX_CONTENT_LENGTH) {
    throw badInput(`${field('content')} expects at most ${MAX_CONTENT_LENGTH} characters, but got ${content.length}.`, { field: 'content', index });
  }
  const messageId = input.messageId ?? null;
  if (messageId !== null && (messageId.trim() === '' || messageId.length > MAX_MESSAGE_ID_LENGTH)) {
    throw badInput(`${field('messageId')} expects 1 to ${MAX_MESSAGE_ID_LENGTH} characters, but got ${show(messageId)}.`, { field: 'messageId', index });
  }
  const source = (input.source ?? 'api').trim();
  if (source === '' || source.length > MAX_SOURCE_LENGTH || !SOURCE.test(source)) {
    throw badInput(`${field('source')} expects 1 to ${MAX_SOURCE_LENGTH} letters, digits or . _ : @ / -, but got ${show(input.source)}.`, {
      field: 'source',
      index,
    });
  }
  let properties: Record<string, unknown>;
  let occurredAt: string;
  try {
    properties = asJsonObject(input.properties, 'properties');
    occurredAt = input.occurredAt ? parseDateTime(input.occurredAt, 'occurredAt') : now;
  } catch (error) {
    throw at(prefix, error);
  }
  const ref = prepareRef(input.person, source, prefix);
  const context = extractContext(input.channel, content);
  return {
    index,
    ref,
    channel: input.channel,
    type,
    occurredAt,
    properties: JSON.stringify(properties),
    content,
    messageId,
    context,
    fact: {
      channel: input.channel,
      type,
      revenue: revenueOf(type, properties),
      purchase: isPurchase(type),
      sentiment: context?.sentiment ?? null,
      label: context?.sentimentLabel ?? null,
      intents: context?.intents ?? [],
    },
  };
}

export function checkBatchSize(size: number, what: string): void {
  if (size < 1 || size > MAX_BATCH) {
    throw badInput(`${what} expects 1 to ${MAX_BATCH} items, but got ${size}.`, { field: what });
  }
}
