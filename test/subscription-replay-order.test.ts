import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ChangeEventRow } from '../subgraphs/profile/src/change-feed.js';
import { changeLogFor } from '../subgraphs/profile/src/change-log.js';
import { Following, subscriptionResolvers, type ProfileChangePayload } from '../subgraphs/profile/src/subscriptions.js';
import { testDatabase, unique } from './helpers/database.js';
import { changeCursor, identify, mergePeople, setConsent, unmergePerson } from './helpers/operations.js';

/**
 * The profile subgraph's subscription resolver called directly on the test Neo4j, so a test can
 * hold a replay between two events (an async generator waits at each yield) while live changes
 * are dispatched, which through a socket is a race. Writes still go through the gateway.
 */
const gateway = inject('gatewayUrl');
const db = testDatabase();
const log = changeLogFor(db);

afterAll(async () => {
  log.feed.close();
  await log.sequencer.stop();
  await db.close();
});


/**
 * Starts watching this process's feed for an event matching `wanted`; `seen()` resolves once one
 * was dispatched (or rejects after `timeoutMs` from the call). Watch before the write: the feed
 * may dispatch it before a listener registered after the write.
 */
async function watch(wanted: (event: ChangeEventRow) => boolean): Promise<{ seen(timeoutMs?: number): Promise<void> }> {
  let resolveSeen: () => void = () => {};
  const matched = new Promise<void>((resolve) => {
    resolveSeen = resolve;
  });
  const listening = await log.feed.listen((event) => {
    if (wanted(event)) resolveSeen();
  });
  return {
    seen: async (timeoutMs = 10_000) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          matched,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no matching event was dispatched within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
        listening.stop();
      }
    },
  };
}

function subscribeDirectly(id: string, since: string): AsyncGenerator<ProfileChangePayload> {
  return subscriptionResolvers.profileChanged.subscribe(undefined, { id, since }, { db } as never);
}

/** The next `count` events as "KIND personId", or fewer if none comes for `waitMs`: a missing one shows in the diff. */
async function take(events: AsyncGenerator<ProfileChangePayload>, count: number, waitMs = 5000): Promise<string[]> {
  const taken: string[] = [];
  let pending: Promise<IteratorResult<ProfileChangePayload>> | undefined;
  while (taken.length < count) {
    pending ??= events.next();
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([pending, new Promise<'quiet'>((resolve) => (timer = setTimeout(() => resolve('quiet'), waitMs)))]);
    clearTimeout(timer);
    if (next === 'quiet' || next.done === true) break;
    pending = undefined;
    taken.push(`${next.value.kind} ${next.value.personId}`);
  }
  return taken;
}

/**
 * Ends the subscription. Not awaited: after a `take` that gave up, a next() is still pending, and
 * return() settles only behind it; the feed's close in afterAll drops its listener either way.
 */
function stop(events: AsyncGenerator<ProfileChangePayload>): void {
  events.return(undefined).catch(() => {});
}

describe('profileChanged follows merges in cursor order, whatever is dispatched live meanwhile', () => {
  it('an unmerge dispatched while a replay is sending the merge does not cut off the survivor events from before it', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('order-survivor') }]);
    const b = await identify(gateway, [{ type: 'DEVICE_ID', value: unique('order-merged') }]);
    const since = await changeCursor(gateway);
    const consented = await watch((event) => event.kind === 'CONSENT_CHANGED' && event.personId === a.id);
    await mergePeople(gateway, a.id, b.id);
    await setConsent(gateway, a.id, 'email');
    // Dispatched here before the subscriber listens: all of it comes by replay.
    await consented.seen();
    const events = subscribeDirectly(b.id, since);
    try {
      // The replay holds at its first event, the MERGED_AWAY; the unmerge comes live meanwhile.
      expect(await take(events, 1)).toEqual([`MERGED_AWAY ${b.id}`]);
      const unmerged = await watch((event) => event.kind === 'UNMERGED' && event.personId === b.id);
      await unmergePerson(gateway, b.id);
      await unmerged.seen();
      await setConsent(gateway, a.id, 'sms');
      await setConsent(gateway, b.id, 'sms');
      expect(await take(events, 4)).toEqual([`MERGED ${a.id}`, `CONSENT_CHANGED ${a.id}`, `UNMERGED ${b.id}`, `CONSENT_CHANGED ${b.id}`]);
    } finally {
      stop(events);
    }
  });

  it('a replay that sent the unmerge sends none of the survivor events queued live after it', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('after-unmerge-survivor') }]);
    const b = await identify(gateway, [{ type: 'DEVICE_ID', value: unique('after-unmerge-merged') }]);
    const since = await changeCursor(gateway);
    const unmerged = await watch((event) => event.kind === 'UNMERGED' && event.personId === b.id);
    await mergePeople(gateway, a.id, b.id);
    await unmergePerson(gateway, b.id);
    await unmerged.seen();
    const events = subscribeDirectly(b.id, since);
    try {
      expect(await take(events, 1)).toEqual([`MERGED_AWAY ${b.id}`]);
      // Dispatched while the replay holds: the live filter heard the survivor, the order drops it.
      const consented = await watch((event) => event.kind === 'CONSENT_CHANGED' && event.personId === a.id);
      await setConsent(gateway, a.id, 'email');
      await consented.seen();
      expect(await take(events, 2)).toEqual([`MERGED ${a.id}`, `UNMERGED ${b.id}`]);
      await setConsent(gateway, b.id, 'sms');
      expect(await take(events, 1)).toEqual([`CONSENT_CHANGED ${b.id}`]);
    } finally {
      stop(events);
    }
  });
});

describe('profileChanged of an id merged while the subscriber starts', () => {
  it('follows the survivor from the MERGED_AWAY when the merge has no cursor yet, so none of its events from before the merge is sent', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('pending-survivor') }]);
    const b = await identify(gateway, [{ type: 'DEVICE_ID', value: unique('pending-merged') }]);
    const since = Number(await changeCursor(gateway));
    await setConsent(gateway, a.id, 'email');
    await changeCursor(gateway);
    // The survivor's event from before the merge, after `since`.
    const beforeMerge = (await log.feed.replay([a.id], since, 10)).find((event) => event.kind === 'CONSENT_CHANGED');
    if (beforeMerge === undefined) throw new Error(`the log holds no CONSENT_CHANGED of ${a.id} after ${since}`);

    // Every sequencer takes the sequence's write lock before it numbers anything: while this
    // transaction holds it, the merge commits but its events stay pending.
    const session = db.driver.session();
    const hold = session.beginTransaction();
    try {
      await hold.run("MATCH (s:ChangeSequence {name: 'profile'}) SET s.heldByTest = true");
      await mergePeople(gateway, a.id, b.id);
      const starting = new Following(db, b.id);
      await starting.prepare(since);
      expect(starting.ids()).toEqual([b.id]);
      expect(starting.includes(beforeMerge)).toBe(false);
    } finally {
      await hold.rollback();
      await session.close();
    }

    // Numbered, the MERGED_AWAY leads to the survivor from its own cursor on, as before.
    await changeCursor(gateway);
    const later = new Following(db, b.id);
    await later.prepare(since);
    expect(later.ids()).toEqual([b.id, a.id]);
    expect(later.includes(beforeMerge)).toBe(false);
  });
});
