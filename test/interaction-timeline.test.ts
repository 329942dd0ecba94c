import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unique } from './helpers/database.js';
import { identify } from './helpers/operations.js';
import { engagementOf, readTimeline, recordInteractions, type RecordedInteraction, type TimelineFilter } from './fixtures/interactions.js';

/**
 * Timelines page exactly: 1,000 interactions of one person, read page by page through the
 * gateway with every filter, equal the list the test computes itself (newest first, ties by id).
 */
const gateway = inject('gatewayUrl');
const CHANNELS = ['WEB', 'MOBILE', 'EMAIL', 'CHAT', 'PHONE', 'SMS', 'STORE', 'SOCIAL'];
const TYPES = ['page_view', 'purchase', 'support_chat', 'email_opened', 'add_to_cart'];
const START = Date.parse('2025-01-01T00:00:00Z');
let personId = '';
let all: RecordedInteraction[] = [];

/** Every 5th interaction shares its timestamp with the one before, so ties on occurredAt are exercised. */
function at(i: number): string {
  const slot = i % 5 === 4 ? i - 1 : i;
  return new Date(START + slot * 3_600_000 * 7).toISOString();
}

beforeAll(async () => {
  personId = (await identify(gateway, [{ type: 'USER_ID', value: unique('timeline') }])).id;
  // Recorded out of time order, in one batch of 1,000.
  const order = Array.from({ length: 1000 }, (_, i) => (i * 389) % 1000);
  all = await recordInteractions(
    gateway,
    order.map((i) => ({ person: { id: personId }, channel: CHANNELS[i % 8], type: TYPES[(i * 3) % 5], occurredAt: at(i) })),
  );
}, 120_000);

function expected(filter: TimelineFilter): string[] {
  return all
    .filter((r) => !filter.channels || filter.channels.includes(r.channel))
    .filter((r) => !filter.types || filter.types.includes(r.type))
    .filter((r) => !filter.since || Date.parse(r.occurredAt) >= Date.parse(filter.since))
    .filter((r) => !filter.until || Date.parse(r.occurredAt) < Date.parse(filter.until))
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
}

describe('Person.interactions over 1,000 interactions', () => {
  it('holds all 1,000', () => {
    expect(new Set(all.map((r) => r.id)).size).toBe(1000);
  });

  it.each([
    { name: 'no filter', filter: {} },
    { name: 'channels', filter: { channels: ['CHAT', 'EMAIL'] } },
    { name: 'one channel', filter: { channels: ['STORE'] } },
    { name: 'types', filter: { types: ['purchase', 'support_chat'] } },
    { name: 'since (inclusive, on a tie)', filter: { since: at(503) } },
    { name: 'until (exclusive, on a tie)', filter: { until: at(598) } },
    { name: 'since and until', filter: { since: at(100), until: at(700) } },
    { name: 'every filter at once', filter: { channels: ['WEB', 'CHAT', 'PHONE'], types: ['page_view', 'purchase', 'support_chat'], since: at(120), until: at(880) } },
    { name: 'a type that never occurs', filter: { types: ['never_happens'] } },
  ])('pages exactly with $name', async ({ filter }) => {
    const want = expected(filter);
    for (const first of [100, 37]) {
      const { ids, pages } = await readTimeline(gateway, personId, first, filter);
      expect(ids).toEqual(want);
      // hasNextPage is exact: no empty page at the end.
      expect(pages).toBe(Math.max(1, Math.ceil(want.length / first)));
    }
  });
});

describe('a merged person', () => {
  it('has one timeline and one engagement with both histories', async () => {
    const email = `${unique('merge')}@example.org`;
    const known = await identify(gateway, [{ type: 'EMAIL', value: email }]);
    const device = unique('device');
    const visitor = await identify(gateway, [{ type: 'DEVICE_ID', value: device }]);
    const before = await recordInteractions(gateway, [
      { person: { id: known.id }, channel: 'EMAIL', type: 'email_opened', occurredAt: '2026-01-01T10:00:00Z' },
      { person: { id: visitor.id }, channel: 'WEB', type: 'page_view', occurredAt: '2026-01-02T10:00:00Z' },
      { person: { id: visitor.id }, channel: 'WEB', type: 'purchase', occurredAt: '2026-01-03T10:00:00Z', properties: { revenue: 80 } },
    ]);
    expect((await engagementOf(gateway, known.id)).interactionCount).toBe(1);
    // identify with both identifiers merges the two people.
    const merged = await identify(gateway, [{ type: 'EMAIL', value: email }, { type: 'DEVICE_ID', value: device }]);
    const survivor = merged.id;
    const { ids } = await readTimeline(gateway, survivor, 2);
    expect(ids).toEqual([before[2]?.id, before[1]?.id, before[0]?.id]);
    const engagement = await engagementOf(gateway, survivor);
    expect({ count: engagement.interactionCount, monetary: engagement.monetary }).toEqual({ count: 3, monetary: 80 });
    // A later write stores the rebuilt aggregate and adds to it.
    await recordInteractions(gateway, [{ person: { id: survivor }, channel: 'WEB', type: 'page_view', occurredAt: '2026-01-04T10:00:00Z' }]);
    expect((await engagementOf(gateway, survivor)).interactionCount).toBe(4);
  });
});
