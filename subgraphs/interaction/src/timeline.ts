import { decodeCursor, pageSize, parseDateTime } from '@cdp/shared';
import * as cypher from './cypher-timeline.js';

export interface TimelineArgs {
  readonly first: number;
  readonly after: string | null;
  readonly channels: readonly string[] | null;
  readonly types: readonly string[] | null;
  readonly since: string | null;
  readonly until: string | null;
}

/** `Person.interactions` arguments as the schema gives them. */
export interface TimelineFieldArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly channels?: string[] | null;
  readonly types?: string[] | null;
  readonly since?: string | null;
  readonly until?: string | null;
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/** Field arguments to a page's arguments; BAD_USER_INPUT for a page size out of range. */
export function timelineArgs(args: TimelineFieldArgs): TimelineArgs {
  return {
    first: pageSize(args.first, DEFAULT_PAGE, MAX_PAGE),
    after: args.after ?? null,
    channels: args.channels ?? null,
    types: args.types ?? null,
    since: args.since ?? null,
    until: args.until ?? null,
  };
}

/**
 * The page `Query.person` can read along (PEOPLE_WITH_ENGAGEMENT_AND_TIMELINE_BY_REQUESTED_IDS):
 * only when `interactions` is asked for once, without a channel or type filter, and with
 * arguments that are valid (a bad one is left for the field itself to report, on its own path).
 */
export function pageToReadAlong(selections: readonly TimelineFieldArgs[]): TimelineArgs | undefined {
  const [only] = selections;
  if (only === undefined || selections.length > 1) return undefined;
  if ((only.channels?.length ?? 0) > 0 || (only.types?.length ?? 0) > 0) return undefined;
  try {
    const args = timelineArgs(only);
    timelineQuery(args);
    return args;
  } catch {
    return undefined;
  }
}

/** Outside any interaction's time: the bounds used when a filter is not given. */
const EARLIEST = '0001-01-01T00:00:00Z';
const LATEST = '9999-12-31T23:59:59.999Z';

export interface TimelineQuery {
  readonly text: string;
  readonly params: Record<string, unknown>;
}

/**
 * Turns timeline arguments into one statement and its parameters (without personIds and
 * limit). The upper bound is the cursor or `until`, whichever is earlier; `until` is
 * exclusive, which an empty afterId expresses (no id sorts before it).
 */
export function timelineQuery(args: TimelineArgs): TimelineQuery {
  const since = args.since === null ? EARLIEST : parseDateTime(args.since, 'since');
  const until = args.until === null ? LATEST : parseDateTime(args.until, 'until');
  let afterAt = until;
  let afterId = '';
  if (args.after !== null) {
    const [cursorAt, cursorId] = decodeCursor(args.after, 2);
    if (typeof cursorAt === 'string' && Date.parse(cursorAt) < Date.parse(until)) {
      afterAt = cursorAt;
      afterId = String(cursorId);
    }
  }
  const channels = args.channels === null || args.channels.length === 0 ? null : [...new Set(args.channels)];
  const types = args.types === null || args.types.length === 0 ? null : [...new Set(args.types)];
  // A type list is usually the narrower filter, so its index leads when both are given.
  const text =
    types !== null && channels !== null
      ? cypher.TIMELINE_PAGES_BY_TYPE_AND_CHANNEL
      : types !== null
        ? cypher.TIMELINE_PAGES_BY_TYPE
        : channels !== null
          ? cypher.TIMELINE_PAGES_BY_CHANNEL
          : cypher.TIMELINE_PAGES;
  return { text, params: { since, afterAt, afterId, channels, types } };
}

/** Identifies argument sets that can share one statement. */
export function timelineSignature(args: TimelineArgs): string {
  return JSON.stringify([args.first, args.after, args.channels, args.types, args.since, args.until]);
}
