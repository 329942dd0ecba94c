import { identityConfig, normalizeIdentifier } from '@cdp/shared';

/**
 * Segment-spec events (https://segment.com/docs/connections/spec/) turned into this API's
 * inputs. Every event is validated on its own and every problem is reported with the event's
 * index, so a client can fix a whole batch in one go.
 *
 * Mapping:
 * | event    | becomes                                                                                     |
 * |----------|---------------------------------------------------------------------------------------------|
 * | identify | identify with USER_ID userId and ANONYMOUS_ID anonymousId, plus EMAIL traits.email and PHONE traits.phone when they are valid; traits kept |
 * | alias    | identify with USER_ID userId, and previousId as both ANONYMOUS_ID and USER_ID (it may be either; only the one a profile holds merges) |
 * | track    | an interaction: type = event in snake_case ("Order Completed" -> order_completed), properties as sent |
 * | page     | an interaction of type page_view, channel WEB; name and category join the properties         |
 * | screen   | an interaction of type screen_view, channel MOBILE; name and category join the properties    |
 * | group    | an interaction of type group with properties { groupId, traits } (accounts are linked by the relationship subgraph, not here) |
 *
 * The person of an interaction is USER_ID userId, else ANONYMOUS_ID anonymousId; an event with
 * both also links the two (an identify without traits), as Segment does. The channel is
 * properties.channel or context.channel when it names one of ours, else WEB for page, MOBILE
 * for screen and for events from a mobile app (context.app, context.device or an iOS/Android
 * context.os), WEB otherwise. A track event's properties.content, .transcript or .body (a
 * string) becomes the interaction's content, so chat and call events get context extraction.
 * occurredAt is timestamp, else originalTimestamp, else the time received.
 */
export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const CHANNELS = ['WEB', 'MOBILE', 'EMAIL', 'CHAT', 'PHONE', 'SMS', 'STORE', 'SOCIAL'] as const;

/** Where ingested events say they came from, on source records and EXTERNAL identifiers. */
export const TRACKING_SOURCE = 'tracking';

export interface IdentifierInput {
  readonly type: string;
  readonly value: string;
}

export interface IdentityInput {
  readonly identifiers: IdentifierInput[];
  readonly traits: Record<string, unknown> | null;
  readonly source: string;
  readonly messageId: string | null;
  readonly observedAt: string | null;
}

export interface InteractionInput {
  readonly person: { readonly identifier: IdentifierInput };
  readonly channel: string;
  readonly type: string;
  readonly occurredAt: string | null;
  readonly properties: Record<string, unknown>;
  readonly content: string | null;
  readonly messageId: string | null;
  readonly source: string;
}

/** What one event turns into: identities first, then at most one interaction. */
export interface MappedEvent {
  readonly identities: IdentityInput[];
  readonly interaction: InteractionInput | null;
}

export interface EventProblem {
  readonly index: number;
  readonly messageId: string | null;
  readonly reason: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MAX_ID_LENGTH = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Segment allows ids as strings or numbers. */
function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function snakeCase(event: string): string {
  return event
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

function channelOf(type: EventType, event: Json): string {
  const properties = isObject(event['properties']) ? event['properties'] : {};
  const context = isObject(event['context']) ? event['context'] : {};
  for (const named of [properties['channel'], context['channel']]) {
    const upper = typeof named === 'string' ? named.toUpperCase() : '';
    if ((CHANNELS as readonly string[]).includes(upper)) return upper;
  }
  if (type === 'page') return 'WEB';
  if (type === 'screen') return 'MOBILE';
  const os = isObject(context['os']) && typeof context['os']['name'] === 'string' ? context['os']['name'].toLowerCase() : '';
  if (isObject(context['app']) || isObject(context['device']) || os === 'ios' || os === 'android') return 'MOBILE';
  return 'WEB';
}

function personIdentifiers(userId: string | null, anonymousId: string | null): IdentifierInput[] {
  return [
    ...(userId !== null ? [{ type: 'USER_ID', value: userId }] : []),
    ...(anonymousId !== null ? [{ type: 'ANONYMOUS_ID', value: anonymousId }] : []),
  ];
}

/** Contact details in identify traits become identifiers when they are valid; otherwise they stay traits only. */
function traitIdentifiers(traits: Json): IdentifierInput[] {
  const found: IdentifierInput[] = [];
  const email = traits['email'];
  if (typeof email === 'string' && EMAIL.test(email.trim())) found.push({ type: 'EMAIL', value: email.trim() });
  const phone = traits['phone'];
  if (typeof phone === 'string') {
    try {
      normalizeIdentifier({ type: 'PHONE', value: phone }, TRACKING_SOURCE, { phoneRegion: identityConfig().phoneRegion });
      found.push({ type: 'PHONE', value: phone });
    } catch {
      // Not a number identity resolution accepts: kept as a trait only.
    }
  }
  return found;
}

function contentOf(properties: Json): string | null {
  for (const key of ['content', 'transcript', 'body']) {
    const value = properties[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/**
 * Validates one event and maps it, or returns every reason it is refused. `impliedType` is the
 * type the path names (/v1/track); in a batch each event names its own.
 */
export function mapEvent(raw: unknown, index: number, impliedType: EventType | null): MappedEvent | EventProblem[] {
  if (!isObject(raw)) return [{ index, messageId: null, reason: `event expects a JSON object, but got ${show(raw)}.` }];
  const event = raw;
  const messageId = typeof event['messageId'] === 'string' ? event['messageId'] : null;
  const problems: string[] = [];
  const type = (event['type'] ?? impliedType) as unknown;
  if (!(EVENT_TYPES as readonly unknown[]).includes(type)) {
    problems.push(`type expects one of ${EVENT_TYPES.join(', ')}, but got ${show(type)}.`);
  } else if (impliedType !== null && type !== impliedType) {
    problems.push(`type expects ${impliedType} on /v1/${impliedType}, but got ${show(type)}.`);
  }
  if (event['messageId'] !== undefined && (messageId === null || messageId.trim() === '' || messageId.length > MAX_ID_LENGTH)) {
    problems.push(`messageId expects a string of 1 to ${MAX_ID_LENGTH} characters, but got ${show(event['messageId'])}.`);
  }
  const userId = idOf(event['userId']);
  const anonymousId = idOf(event['anonymousId']);
  for (const [field, value] of [['userId', userId], ['anonymousId', anonymousId]] as const) {
    if (event[field] !== undefined && event[field] !== null && (value === null || value.length > MAX_ID_LENGTH)) {
      problems.push(`${field} expects a string or number of 1 to ${MAX_ID_LENGTH} characters, but got ${show(event[field])}.`);
    }
  }
  const timestamp = event['timestamp'] ?? event['originalTimestamp'];
  if (timestamp !== undefined && timestamp !== null && (typeof timestamp !== 'string' || !ISO_DATE_TIME.test(timestamp) || Number.isNaN(Date.parse(timestamp)))) {
    problems.push(`timestamp expects an ISO-8601 date-time such as "2026-01-31T12:00:00Z", but got ${show(timestamp)}.`);
  }
  for (const field of ['properties', 'traits', 'context']) {
    if (event[field] !== undefined && event[field] !== null && !isObject(event[field])) problems.push(`${field} expects a JSON object, but got ${show(event[field])}.`);
  }
  if (type === 'alias') {
    if (userId === null) problems.push(`userId expects the new id of an alias, but got ${show(event['userId'])}.`);
    if (idOf(event['previousId']) === null) problems.push(`previousId expects the earlier id of an alias, but got ${show(event['previousId'])}.`);
  } else if (userId === null && anonymousId === null) {
    problems.push('userId or anonymousId expects a value: every event must name its person.');
  }
  if (type === 'track' && (typeof event['event'] !== 'string' || snakeCase(event['event']) === '' || event['event'].length > 100)) {
    problems.push(`event expects the name of the action, 1 to 100 characters such as "Order Completed", but got ${show(event['event'])}.`);
  }
  if (type === 'group' && idOf(event['groupId']) === null) problems.push(`groupId expects the id of the group, but got ${show(event['groupId'])}.`);
  if (problems.length > 0) return problems.map((reason) => ({ index, messageId, reason }));

  const observedAt = typeof timestamp === 'string' ? new Date(timestamp).toISOString() : null;
  const traits = isObject(event['traits']) ? event['traits'] : {};
  const properties = isObject(event['properties']) ? event['properties'] : {};
  const base = { source: TRACKING_SOURCE, messageId };
  switch (type as EventType) {
    case 'identify':
      return { identities: [{ ...base, identifiers: [...personIdentifiers(userId, anonymousId), ...traitIdentifiers(traits)], traits, observedAt }], interaction: null };
    case 'alias': {
      const previousId = idOf(event['previousId']) ?? '';
      const identifiers = [{ type: 'USER_ID', value: userId ?? '' }, { type: 'ANONYMOUS_ID', value: previousId }, { type: 'USER_ID', value: previousId }];
      return { identities: [{ ...base, identifiers, traits: null, observedAt }], interaction: null };
    }
    case 'track':
    case 'page':
    case 'screen':
    case 'group': {
      const kind = type as 'track' | 'page' | 'screen' | 'group';
      const named = (key: string): Json => (typeof event[key] === 'string' ? { [key]: event[key] } : {});
      const interactionType = { track: snakeCase(String(event['event'])), page: 'page_view', screen: 'screen_view', group: 'group' }[kind];
      const props = kind === 'group' ? { groupId: idOf(event['groupId']), traits } : kind === 'track' ? properties : { ...named('name'), ...named('category'), ...properties };
      const [person] = personIdentifiers(userId, anonymousId);
      // Both ids on one event say they are one person: link them, as Segment does.
      const identities = userId !== null && anonymousId !== null ? [{ ...base, messageId: null, identifiers: personIdentifiers(userId, anonymousId), traits: null, observedAt }] : [];
      return {
        identities,
        interaction: {
          ...base,
          person: { identifier: person as IdentifierInput },
          channel: channelOf(kind, event),
          type: interactionType,
          occurredAt: observedAt,
          properties: props,
          content: kind === 'track' ? contentOf(properties) : null,
        },
      };
    }
  }
}
