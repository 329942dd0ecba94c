import { ApiError, ErrorCode, badInput, readInt, show, type Database, type SubgraphContext } from '@cdp/shared';
import { BoundedQueue } from './bounded-queue.js';
import type { ChangeEventRow } from './change-feed.js';
import { changeLogFor } from './change-log.js';
import { createProfileLoaders, type ProfileLoaders } from './loaders.js';

type Context = SubgraphContext<ProfileLoaders>;

/** What each subscription event resolves from: the event and loaders of its own (a cache per event, never stale). */
export interface ProfileChangePayload {
  readonly cursor: string;
  readonly kind: string;
  readonly personId: string;
  readonly changedFields: string[];
  readonly at: string;
  readonly survivorId: string | null;
  readonly loaders: ProfileLoaders;
}

/** Events a subscriber may have queued before it is closed as too slow. Env SUBSCRIPTION_QUEUE_LIMIT. */
const QUEUE_LIMIT = readInt(process.env, 'SUBSCRIPTION_QUEUE_LIMIT', 1000, 1);
const REPLAY_LIMIT = 10_000;

function parseCursor(since: string): number {
  const value = Number(since);
  if (!/^\d{1,15}$/.test(since) || !Number.isSafeInteger(value)) {
    throw badInput(`since expects a cursor from an earlier ProfileChange, such as "1042", but got ${show(since)}.`, { argument: 'since' });
  }
  return value;
}

/**
 * Loaders per delivery (the events the feed handed out together, or a single replayed event),
 * shared by every subscriber that gets its events: ten subscribers of one person cost one read
 * of the person, not ten, the people of one sequencing round are read in one statement, and all
 * see one snapshot taken after every event of the delivery committed. Only rows are cached; each
 * subscriber's scopes still apply field by field.
 */
const deliveryLoaders = new WeakMap<object, ProfileLoaders>();

function payload(event: ChangeEventRow, db: Database): ProfileChangePayload {
  const key = event.delivery ?? event;
  let loaders = deliveryLoaders.get(key);
  if (!loaders) {
    loaders = createProfileLoaders(db);
    deliveryLoaders.set(key, loaders);
  }
  return { ...event, cursor: String(event.cursor), loaders };
}

/**
 * Live first, then replay: the listener is registered before the log is read back, so nothing
 * committed in between can fall through; duplicates are dropped by cursor.
 *
 * `watch` sees each matching event as it arrives, live at dispatch and in replay, and returns
 * true when it widened what `filter` and `replayIds` take (a merged-away person's survivor).
 * Live, that happens before any later event is filtered, so none of the survivor's is dropped;
 * in replay, the log is read again from that event on, with the survivor.
 */
async function* changes(
  db: Database,
  filter: (event: ChangeEventRow) => boolean,
  replayIds: () => string[] | undefined,
  since: string | null | undefined,
  watch: (event: ChangeEventRow) => boolean = () => false,
): AsyncGenerator<ProfileChangePayload> {
  const { feed } = changeLogFor(db);
  let last = since === undefined || since === null ? undefined : parseCursor(since);
  const queue = new BoundedQueue<ChangeEventRow>(
    QUEUE_LIMIT,
    () =>
      new ApiError(ErrorCode.SUBSCRIPTION_OVERFLOW, `The subscriber fell more than ${QUEUE_LIMIT} events behind; resume with since = the last cursor received.`, {
        lastCursor: last === undefined ? null : String(last),
      }),
  );
  const listening = await feed.listen((event) => {
    if (!filter(event)) return;
    watch(event);
    queue.push(event);
  });
  try {
    if (last !== undefined) {
      const { prunedThrough } = await feed.bounds();
      if (last < prunedThrough) {
        throw new ApiError(ErrorCode.CURSOR_EXPIRED, `since expects a cursor the change log still holds (after ${prunedThrough}), but got "${last}".`, {
          prunedThrough: String(prunedThrough),
        });
      }
      // Page through the log until a read comes back short with nothing new to follow.
      for (let again = true; again; ) {
        const events = await feed.replay(replayIds(), last, REPLAY_LIMIT);
        again = events.length >= REPLAY_LIMIT;
        for (const event of events) {
          if (!filter(event)) continue;
          last = event.cursor;
          const widened = watch(event);
          yield payload(event, db);
          if (widened) {
            again = true;
            break;
          }
        }
      }
    }
    // Live only: start after the latest committed change, read after the listener was registered,
    // so a change the feed has not dispatched yet but that committed earlier is not sent as new.
    last ??= Math.max(listening.position, await feed.latestCommitted());
    for await (const event of queue) {
      if (event.cursor <= last) continue;
      last = event.cursor;
      yield payload(event, db);
    }
  } finally {
    listening.stop();
    queue.end();
  }
}

/**
 * Points the subscription's context at the event's loaders before the event's fields resolve.
 * graphql-ws makes one context per subscription, so loaders made with it would live as long as
 * the subscription and serve the first event's identifiers, consents… to every later event.
 * Events of one subscription resolve one after another, so swapping per event is safe.
 */
function resolveEvent(change: ProfileChangePayload, _args: unknown, ctx: Context): ProfileChangePayload {
  (ctx as { loaders: ProfileLoaders }).loaders = change.loaders;
  return change;
}

export const subscriptionResolvers = {
  profileChanged: {
    subscribe: (_: unknown, args: { id: string; since?: string | null }, ctx: Context) => {
      // A merged-away person lives on in its survivor: follow it, so the subscriber misses nothing.
      const watched = new Set([args.id]);
      return changes(
        ctx.db,
        (event) => watched.has(event.personId),
        () => [...watched],
        args.since,
        (event) => {
          if (event.kind !== 'MERGED_AWAY' || !event.survivorId || watched.has(event.survivorId)) return false;
          watched.add(event.survivorId);
          return true;
        },
      );
    },
    resolve: resolveEvent,
  },
  profilesChanged: {
    subscribe: (_: unknown, args: { kinds?: string[] | null }, ctx: Context) => {
      const kinds = args.kinds && args.kinds.length > 0 ? new Set(args.kinds) : undefined;
      return changes(ctx.db, (event) => kinds === undefined || kinds.has(event.kind), () => undefined, undefined);
    },
    resolve: resolveEvent,
  },
};

export const profileChangeFields = {
  person: (change: ProfileChangePayload) => change.loaders.person.load(change.personId),
};
