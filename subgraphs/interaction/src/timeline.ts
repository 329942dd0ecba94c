import { decodeCursor, parseDateTime } from '@cdp/shared';
import * as cypher from './cypher-timeline.js';

export interface TimelineArgs {
  readonly first: number;
  readonly after: string | null;
  readonly channels: readonly string[] | null;
  readonly types: readonly string[] | null;
  readonly since: string | null;
  readonly until: string | null;
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
