import { describe, expect, inject, it } from 'vitest';
import { tokenWith } from './helpers/auth.js';
import { unique } from './helpers/database.js';
import { identify } from './helpers/operations.js';
import { subscribe, type Subscription } from './helpers/subscriptions.js';

/**
 * Identical subscriptions of one caller share one upstream subscription at the gateway
 * (gateway/src/shared-subscriptions.ts). Sharing must be invisible: every subscriber gets every
 * event, leaving does not end the others, and a caller with other claims never gets someone
 * else's results.
 */
const gateway = inject('gatewayUrl');
const LIVE = 'subscription($id: ID!) { profileChanged(id: $id) { cursor kind person { id traits } } }';

interface Live {
  profileChanged: { cursor: string; kind: string; person: { id: string; traits: Record<string, unknown> } | null };
}

/** Live subscriptions start "from about now": write until every one of them has seen a write. */
async function untilLive(userId: string, subscriptions: readonly Subscription<unknown>[]): Promise<void> {
  for (let attempt = 0; attempt < 50 && subscriptions.some((s) => s.received.length + s.errors.length === 0); attempt++) {
    await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { warmUp: attempt } });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(subscriptions.every((s) => s.received.length + s.errors.length > 0)).toBe(true);
}

const cursors = (subscription: Subscription<Live>): string[] => subscription.received.map((event) => event.profileChanged.cursor);

describe('shared subscriptions at the gateway', () => {
  it('gives every subscriber every event, and one leaving does not end the others', async () => {
    const userId = unique('shared');
    const person = await identify(gateway, [{ type: 'USER_ID', value: userId }]);
    const [a, b, c] = [0, 1, 2].map(() => subscribe<Live>(LIVE, { id: person.id }));
    await untilLive(userId, [a!, b!, c!]);
    await b!.close();
    const [fromA, fromC] = [a!.received.length, c!.received.length];
    for (let n = 0; n < 3; n++) await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { n } });
    await Promise.all([a!.waitFor(fromA + 3), c!.waitFor(fromC + 3)]);
    // The same events, in the same order, with the traits of the write each announced.
    expect(cursors(a!).slice(-3)).toEqual(cursors(c!).slice(-3));
    expect(a!.received.slice(-1)[0]?.profileChanged.person?.traits).toMatchObject({ n: 2 });
    expect(a!.errors).toEqual([]);
    await Promise.all([a!.close(), c!.close()]);
  });

  it('never shares between callers with different claims', async () => {
    const userId = unique('claims');
    const person = await identify(gateway, [{ type: 'USER_ID', value: userId }]);
    const admin = subscribe<Live>(LIVE, { id: person.id });
    // Without pii:read, traits are refused: this subscriber must see that, not the admin's data.
    const reader = subscribe<Live>(LIVE, { id: person.id }, { token: await tokenWith(['profile:read']) });
    await untilLive(userId, [admin, reader]);
    expect(admin.received.length).toBeGreaterThan(0);
    expect(admin.errors).toEqual([]);
    expect(JSON.stringify(reader.errors)).toContain('pii:read');
    expect(reader.received.every((event) => (event.profileChanged.person?.traits ?? null) === null)).toBe(true);
    await Promise.all([admin.close(), reader.close()]);
  });
});
