import { describe, expect, it } from 'vitest';
import { unique } from './helpers/database.js';
import { addHouseholdMember, changeCursor, createHousehold, identify, mergePeople, recordInteraction, setConsent, unmergePerson } from './helpers/operations.js';
import { subscribe } from './helpers/subscriptions.js';
import { inject } from 'vitest';

const gateway = inject('gatewayUrl');

interface Change {
  profileChanged: {
    cursor: string;
    kind: string;
    personId: string;
    changedFields: string[];
    survivorId: string | null;
    person: { id: string; traits: Record<string, unknown>; household: { id: string } | null; interactions: { edges: { node: { id: string } }[] } } | null;
  };
}

const PROFILE_CHANGED = `subscription($id: ID!, $since: String) { profileChanged(id: $id, since: $since) {
  cursor kind personId changedFields survivorId
  person { id traits household { id } interactions(first: 1) { edges { node { id } } } } } }`;

/** Each event as "KIND survivor" or "KIND merged". */
const followed = (events: readonly Change[], survivorId: string): string[] =>
  events.map((event) => `${event.profileChanged.kind} ${event.profileChanged.personId === survivorId ? 'survivor' : 'merged'}`);

describe('profileChanged through the gateway (graphql-ws)', () => {
  it('delivers each change with fields resolved from all three subgraphs', async () => {
    const userId = unique('live');
    const person = await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { plan: 'free' } });
    const household = await createHousehold(gateway, 'Live household');
    await addHouseholdMember(gateway, household, person.id, 'HEAD');
    const interaction = await recordInteraction(gateway, { person: { id: person.id }, occurredAt: '2026-06-01T10:00:00Z' });
    await using sub = subscribe<Change>(PROFILE_CHANGED, { id: person.id, since: await changeCursor(gateway) });

    await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { plan: 'pro' } });
    const [event] = await sub.waitFor(1);
    expect(event?.profileChanged).toMatchObject({
      kind: 'IDENTIFIED',
      personId: person.id,
      person: { id: person.id, traits: { plan: 'pro' }, household: { id: household }, interactions: { edges: [{ node: { id: interaction } }] } },
    });
    expect(event?.profileChanged.changedFields).toContain('traits');
  });

  it('delivers changes made in each subgraph: profile, relationship and interaction', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('each') }]);
    await using sub = subscribe<Change>(PROFILE_CHANGED, { id: person.id, since: await changeCursor(gateway) });
    await setConsent(gateway, person.id, 'sms');
    const household = await createHousehold(gateway, 'Each household');
    await addHouseholdMember(gateway, household, person.id, 'HEAD');
    const interaction = await recordInteraction(gateway, { person: { id: person.id }, occurredAt: '2026-07-01T10:00:00Z' });
    const events = await sub.waitFor(3);
    expect(events.map((event) => event.profileChanged.kind)).toEqual(['CONSENT_CHANGED', 'HOUSEHOLD_CHANGED', 'INTERACTION_RECORDED']);
    expect(events[1]?.profileChanged.person?.household).toEqual({ id: household });
    expect(events[2]?.profileChanged.person?.interactions.edges).toEqual([{ node: { id: interaction } }]);
  });

  it('replays exactly the changes missed while disconnected, in order, then continues live', async () => {
    const userId = unique('resume');
    const person = await identify(gateway, [{ type: 'USER_ID', value: userId }]);
    const first = subscribe<Change>(PROFILE_CHANGED, { id: person.id, since: await changeCursor(gateway) });
    await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { step: 0 } });
    const [seen] = await first.waitFor(1);
    await first.close();

    for (let step = 1; step <= 10; step++) {
      await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { step } });
    }
    await using resumed = subscribe<Change>(PROFILE_CHANGED, { id: person.id, since: seen?.profileChanged.cursor });
    const replayed = await resumed.waitFor(10);
    expect(replayed.map((event) => event.profileChanged.person?.traits['step'])).toEqual(Array(10).fill(10));
    const cursors = replayed.map((event) => Number(event.profileChanged.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(10);
    expect(cursors[0]).toBeGreaterThan(Number(seen?.profileChanged.cursor));

    await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { step: 11 } });
    const all = await resumed.waitFor(11);
    expect(all).toHaveLength(11);
    expect(Number(all[10]?.profileChanged.cursor)).toBeGreaterThan(cursors[9]!);
  });

  it('resolves each event from fresh data: an identifier added by a later write shows in the later event', async () => {
    const userId = unique('fresh');
    const person = await identify(gateway, [{ type: 'USER_ID', value: userId }]);
    await using sub = subscribe<{ profileChanged: { cursor: string; person: { identifiers: { type: string; value: string }[] } } }>(
      'subscription($id: ID!, $since: String) { profileChanged(id: $id, since: $since) { cursor person { identifiers { type value } } } }',
      { id: person.id, since: await changeCursor(gateway) },
    );
    await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { step: 1 } });
    await sub.waitFor(1);
    const email = `${unique('fresh')}@example.com`;
    await identify(gateway, [{ type: 'USER_ID', value: userId }, { type: 'EMAIL', value: email }]);
    const events = await sub.waitFor(2);
    expect(events[0]?.profileChanged.person.identifiers.map((identifier) => identifier.type)).toEqual(['USER_ID']);
    expect(events[1]?.profileChanged.person.identifiers.map((identifier) => identifier.value)).toContain(email);
  });

  it('tells a subscriber of a merged-away id where the person went, then follows the survivor', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('survivor') }]);
    const b = await identify(gateway, [{ type: 'DEVICE_ID', value: unique('merged') }]);
    await using sub = subscribe<Change>(PROFILE_CHANGED, { id: b.id, since: await changeCursor(gateway) });
    await mergePeople(gateway, a.id, b.id);
    const [merged] = await sub.waitFor(1);
    expect(merged?.profileChanged).toMatchObject({ kind: 'MERGED_AWAY', personId: b.id, survivorId: a.id, person: { id: a.id } });
    await setConsent(gateway, a.id, 'email');
    const events = await sub.waitFor(3);
    // The survivor's own event of the merge comes after MERGED_AWAY, so the follower sees it too.
    expect(followed(events, a.id)).toEqual([
      'MERGED_AWAY merged',
      'MERGED survivor',
      'CONSENT_CHANGED survivor',
    ]);
  });

  it('follows the survivor in a replay too: a subscriber resuming from before a merge gets the survivor events after it', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('replay-survivor') }]);
    const b = await identify(gateway, [{ type: 'DEVICE_ID', value: unique('replay-merged') }]);
    const since = await changeCursor(gateway);
    await mergePeople(gateway, a.id, b.id);
    await setConsent(gateway, a.id, 'email');
    // Both are in the log before the subscriber comes: all of it is replayed, none live.
    await changeCursor(gateway);
    await using sub = subscribe<Change>(PROFILE_CHANGED, { id: b.id, since });
    const events = await sub.waitFor(3);
    expect(followed(events, a.id)).toEqual([
      'MERGED_AWAY merged',
      'MERGED survivor',
      'CONSENT_CHANGED survivor',
    ]);
    await setConsent(gateway, a.id, 'sms');
    expect((await sub.waitFor(4)).at(-1)?.profileChanged).toMatchObject({ kind: 'CONSENT_CHANGED', personId: a.id });
  });

  it('stops following the survivor once the merged person is unmerged', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('unmerge-survivor') }]);
    const b = await identify(gateway, [{ type: 'DEVICE_ID', value: unique('unmerge-merged') }]);
    await using sub = subscribe<Change>(PROFILE_CHANGED, { id: b.id, since: await changeCursor(gateway) });
    await mergePeople(gateway, a.id, b.id);
    await unmergePerson(gateway, b.id);
    await setConsent(gateway, a.id, 'email');
    await setConsent(gateway, b.id, 'sms');
    const events = await sub.waitFor(4);
    expect(followed(events, a.id)).toEqual([
      'MERGED_AWAY merged',
      'MERGED survivor',
      'UNMERGED merged',
      'CONSENT_CHANGED merged',
    ]);
  });

  it('follows the survivor of an id merged before the subscriber resumed: since after the merge', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('late-survivor') }]);
    const b = await identify(gateway, [{ type: 'DEVICE_ID', value: unique('late-merged') }]);
    await mergePeople(gateway, a.id, b.id);
    const afterMerge = await changeCursor(gateway);
    await setConsent(gateway, a.id, 'email');
    await using sub = subscribe<Change>(PROFILE_CHANGED, { id: b.id, since: afterMerge });
    await setConsent(gateway, a.id, 'sms');
    const events = await sub.waitFor(2);
    expect(followed(events, a.id)).toEqual([
      'CONSENT_CHANGED survivor',
      'CONSENT_CHANGED survivor',
    ]);
    expect(Number(events[0]?.profileChanged.cursor)).toBeGreaterThan(Number(afterMerge));
  });
});
