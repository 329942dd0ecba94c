import neo4j from 'neo4j-driver';
import { ApiError, ErrorCode, badInput, readInt, show, type Database, type SubgraphContext } from '@cdp/shared';
import { BoundedQueue } from './bounded-queue.js';
import type { ChangeEventRow } from './change-feed.js';
import { changeLogFor } from './change-log.js';
import * as cypher from './cypher-changes.js';
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
 * Which events a subscription takes. Two views: `hears` filters live events as the feed
 * dispatches them (it may only widen, since it runs ahead of the replay), `includes` and `see`
 * decide in cursor order, as events are sent, and may narrow too.
 */
interface Selection {
  /** Whether to queue a dispatched live event; never false for an event `includes` would take when its turn comes. */
  hears(event: ChangeEventRow): boolean;
  includes(event: ChangeEventRow): boolean;
  /** The people to replay, or undefined for everyone. */
  ids(): string[] | undefined;
  /** Sees each included event, in cursor order, as it is sent; may change the selection. */
  see(event: ChangeEventRow): void;
  /** Settles who is followed as of a cursor, before the log is read back from it. */
  prepare(after: number): Promise<void>;
  /** Counts changes to the selection: a replay that read with an older one reads again. */
  readonly version: number;
}

/**
 * A person and whoever it was merged into: person id to the cursor after which its events are
 * wanted. A MERGED_AWAY of a followed person adds the survivor from that event on; an UNMERGED
 * drops whoever was followed because of that person. Both take effect in cursor order, as the
 * events are sent: an UNMERGED dispatched live while a replay is still sending the survivor's
 * events from before it must not cut the replay short. The live filter (`heard`) only widens:
 * a MERGED_AWAY adds the survivor at dispatch, before any later event is filtered, and the
 * survivor's later events are dropped at their turn if an unmerge came first. A subscriber of an
 * id merged before it subscribed (or before `since`) follows the lineage from the start
 * (MERGE_FOLLOWS), so a resume after a merge still finds the survivor.
 */
export class Following implements Selection {
  private readonly after = new Map<string, number>();
  /** Whose MERGED_AWAY led to each followed person. */
  private readonly via = new Map<string, string>();
  /** The live filter: everyone ever followed, from the earliest cursor. */
  private readonly heard = new Map<string, number>();
  version = 0;

  constructor(
    private readonly db: Database,
    private readonly id: string,
  ) {
    this.after.set(id, -1);
    this.heard.set(id, -1);
  }

  hears(event: ChangeEventRow): boolean {
    const after = this.heard.get(event.personId);
    if (after === undefined || event.cursor <= after) return false;
    if (event.kind === 'MERGED_AWAY' && event.survivorId !== null) this.hear(event.survivorId, event.cursor);
    return true;
  }

  includes(event: ChangeEventRow): boolean {
    const after = this.after.get(event.personId);
    return after !== undefined && event.cursor > after;
  }

  ids(): string[] {
    return [...this.after.keys()];
  }

  see(event: ChangeEventRow): void {
    if (event.kind === 'MERGED_AWAY' && event.survivorId !== null) this.follow(event.survivorId, event.cursor, event.personId);
    else if (event.kind === 'UNMERGED') this.unfollowVia(event.personId);
  }

  async prepare(after: number): Promise<void> {
    const rows = await this.db.readRows({ text: cypher.MERGE_FOLLOWS, params: { id: this.id, since: neo4j.int(after) } });
    for (const row of rows) {
      const mergedAt = row['mergedAt'];
      const numbered = mergedAt !== null && mergedAt !== undefined;
      // A merge whose MERGED_AWAY has no cursor yet: that event comes later, live, and `see`
      // follows the survivor from it. Following from `after` would send the survivor's events
      // from before the merge. Later hops of the lineage are newer still: they come the same way.
      if (!numbered && row['pending'] === true) return;
      this.follow(String(row['personId']), numbered ? Number(mergedAt) : after, String(row['mergedId']));
    }
  }

  private hear(personId: string, after: number): void {
    const known = this.heard.get(personId);
    if (known === undefined || known > after) this.heard.set(personId, after);
  }

  private follow(personId: string, after: number, via: string): void {
    this.hear(personId, after);
    const known = this.after.get(personId);
    if (personId === this.id || (known !== undefined && known <= after)) return;
    this.after.set(personId, after);
    if (!this.via.has(personId)) this.via.set(personId, via);
    this.version++;
  }

  private unfollowVia(personId: string): void {
    for (const [person, from] of [...this.via]) {
      if (from !== personId || !this.via.delete(person)) continue;
      this.after.delete(person);
      this.version++;
      this.unfollowVia(person);
    }
  }
}

/**
 * Live first, then replay: the listener is registered before the log is read back, so nothing
 * committed in between can fall through; duplicates are dropped by cursor. A replay reads the
 * log again whenever an event it sent changed the selection (a MERGED_AWAY or an UNMERGED), from
 * that event on, so the survivor's events come in cursor order and none is skipped. A live-only subscriber whose id was merged replays from
 * "now" too: what the survivor did between the listener and the lineage read is in the log.
 */
async function* changes(db: Database, selection: Selection, since: string | null | undefined): AsyncGenerator<ProfileChangePayload> {
  const { feed } = changeLogFor(db);
  const resumeFrom = since === undefined || since === null ? undefined : parseCursor(since);
  let last = resumeFrom;
  const queue = new BoundedQueue<ChangeEventRow>(
    QUEUE_LIMIT,
    () =>
      new ApiError(ErrorCode.SUBSCRIPTION_OVERFLOW, `The subscriber fell more than ${QUEUE_LIMIT} events behind; resume with since = the last cursor received.`, {
        lastCursor: last === undefined ? null : String(last),
      }),
  );
  const listening = await feed.listen((event) => {
    if (selection.hears(event)) queue.push(event);
  });
  try {
    // Live only: start after the latest committed change, read after the listener was registered,
    // so a change the feed has not dispatched yet but that committed earlier is not sent as new.
    // With since, this numbers every merge committed before the call, so the lineage read next
    // knows which came after since.
    const now = Math.max(listening.position, await feed.latestCommitted());
    if (resumeFrom !== undefined) {
      const { prunedThrough } = await feed.bounds();
      if (resumeFrom < prunedThrough) {
        throw new ApiError(ErrorCode.CURSOR_EXPIRED, `since expects a cursor the change log still holds (after ${prunedThrough}), but got "${resumeFrom}".`, {
          prunedThrough: String(prunedThrough),
        });
      }
    }
    last = resumeFrom ?? now;
    await selection.prepare(last);
    if (resumeFrom !== undefined || selection.version > 0) {
      // `from` is where the next read starts: past events this subscriber does not take too, so
      // a page of them cannot be read again and again; back to `last` when the selection changed.
      for (let from = last; ; ) {
        const version = selection.version;
        const events = await feed.replay(selection.ids(), from, REPLAY_LIMIT);
        for (const event of events) {
          from = event.cursor;
          if (!selection.includes(event)) continue;
          last = event.cursor;
          selection.see(event);
          yield payload(event, db);
          if (selection.version !== version) break;
        }
        if (selection.version !== version) from = last;
        else if (events.length < REPLAY_LIMIT) break;
      }
    }
    // Queued live events go through the ordered view too: what the replay sent changed it.
    for await (const event of queue) {
      if (event.cursor <= last || !selection.includes(event)) continue;
      last = event.cursor;
      selection.see(event);
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

/** Every person's changes, of some kinds or all: for dashboards. */
function ofKinds(kinds: readonly string[] | null | undefined): Selection {
  const wanted = kinds && kinds.length > 0 ? new Set(kinds) : undefined;
  const includes = (event: ChangeEventRow): boolean => wanted === undefined || wanted.has(event.kind);
  return {
    hears: includes,
    includes,
    ids: () => undefined,
    see: () => {},
    prepare: () => Promise.resolve(),
    version: 0,
  };
}

export const subscriptionResolvers = {
  profileChanged: {
    // A merged-away person lives on in its survivor: follow it, so the subscriber misses nothing.
    subscribe: (_: unknown, args: { id: string; since?: string | null }, ctx: Context) => changes(ctx.db, new Following(ctx.db, args.id), args.since),
    resolve: resolveEvent,
  },
  profilesChanged: {
    subscribe: (_: unknown, args: { kinds?: string[] | null }, ctx: Context) => changes(ctx.db, ofKinds(args.kinds), undefined),
    resolve: resolveEvent,
  },
};

export const profileChangeFields = {
  person: (change: ProfileChangePayload) => change.loaders.person.load(change.personId),
};
