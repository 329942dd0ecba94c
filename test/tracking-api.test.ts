import { Analytics } from '@segment/analytics-node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testDatabase, unique } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';

/**
 * The Segment-compatible tracking API served by the real gateway process (TRACKING_WRITE_KEYS
 * of the test stack), fed by the real @segment/analytics-node client.
 */
const gateway = inject('gatewayUrl');
const WRITE_KEY = inject('trackingWriteKey');
const db = testDatabase();
const base = new URL(gateway).origin;

afterAll(async () => {
  await db.close();
});

interface TrackedPerson {
  id: string;
  traits: Record<string, unknown>;
  identifiers: { type: string; value: string }[];
  interactions: { edges: { node: { type: string; channel: string; properties: Record<string, unknown> } }[] };
}

async function personByUserId(userId: string): Promise<TrackedPerson | null> {
  const data = await graphqlData<{ personByIdentifier: TrackedPerson | null }>(
    gateway,
    `query($value: String!) { personByIdentifier(type: USER_ID, value: $value) {
      id traits identifiers { type value } interactions(first: 20) { edges { node { type channel properties } } } } }`,
    { value: userId },
  );
  return data.personByIdentifier;
}

function post(path: string, body: unknown, writeKey: string | null = WRITE_KEY): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(writeKey === null ? {} : { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` }) },
    body: JSON.stringify(body),
  });
}

async function countInteractions(messageId: string): Promise<number> {
  const [row] = await db.readRows({ text: 'MATCH (i:Interaction {messageId: $messageId}) RETURN count(i) AS n', params: { messageId } });
  return Number(row?.['n'] ?? 0);
}

describe('the real @segment/analytics-node client', () => {
  it.each([
    { name: 'one event per request (flushAt 1)', flushAt: 1 },
    { name: 'identify, track and page in one mixed batch', flushAt: 20 },
  ])('sends identify, track and page that appear in the profile and its timeline: $name', async ({ flushAt }) => {
    const statuses: number[] = [];
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: base, flushAt, maxRetries: 0 });
    analytics.on('http_response', (response) => statuses.push(response.status));
    const userId = unique('segment-user');
    const email = `${unique('seg')}@example.org`;
    analytics.identify({ userId, traits: { firstName: 'Ada', plan: 'pro', email } });
    analytics.track({ userId, event: 'Order Completed', properties: { revenue: 42.5, orderId: 'o-1' } });
    analytics.page({ userId, name: 'Pricing', properties: { path: '/pricing' } });
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);

    const person = await personByUserId(userId);
    expect(person?.traits).toMatchObject({ firstName: 'Ada', plan: 'pro' });
    expect(person?.identifiers).toEqual(expect.arrayContaining([{ type: 'EMAIL', value: email }, { type: 'USER_ID', value: userId }]));
    const nodes = person?.interactions.edges.map((edge) => edge.node) ?? [];
    expect(nodes.map((node) => node.type).sort()).toEqual(['order_completed', 'page_view']);
    expect(nodes.find((node) => node.type === 'page_view')).toMatchObject({ channel: 'WEB', properties: { name: 'Pricing', path: '/pricing' } });
    expect(nodes.find((node) => node.type === 'order_completed')?.properties).toEqual({ revenue: 42.5, orderId: 'o-1' });
    const engagement = await graphqlData<{ person: { engagement: { monetary: number; interactionCount: number } } }>(
      gateway,
      'query($id: ID!) { person(id: $id) { engagement { monetary interactionCount } } }',
      { id: person?.id },
    );
    expect(engagement.person.engagement).toEqual({ monetary: 42.5, interactionCount: 2 });
  });
});

describe('POST /v1/*', () => {
  it('links an anonymous visitor to the user on alias, so both histories are one person', async () => {
    const anonymousId = unique('anon');
    const userId = unique('user');
    expect((await post('/v1/page', { anonymousId, name: 'Home', messageId: unique('m') })).status).toBe(200);
    expect((await post('/v1/track', { userId, event: 'Signed Up' })).status).toBe(200);
    expect((await post('/v1/alias', { userId, previousId: anonymousId })).status).toBe(200);
    const person = await personByUserId(userId);
    expect(person?.interactions.edges.map((edge) => edge.node.type).sort()).toEqual(['page_view', 'signed_up']);
  });

  it('records group and screen events, and identify through the profile subgraph', async () => {
    const userId = unique('user');
    expect((await post('/v1/identify', { userId, traits: { lastName: 'Lovelace' } })).status).toBe(200);
    expect((await post('/v1/group', { userId, groupId: 'acme', traits: { name: 'Acme' } })).status).toBe(200);
    expect((await post('/v1/screen', { userId, name: 'Basket', context: { os: { name: 'iOS' } } })).status).toBe(200);
    const person = await personByUserId(userId);
    expect(person?.traits).toMatchObject({ lastName: 'Lovelace' });
    const nodes = person?.interactions.edges.map((edge) => edge.node) ?? [];
    expect(nodes.find((node) => node.type === 'group')?.properties).toEqual({ groupId: 'acme', traits: { name: 'Acme' } });
    expect(nodes.find((node) => node.type === 'screen_view')?.channel).toBe('MOBILE');
  });

  it('is idempotent by messageId', async () => {
    const messageId = unique('msg');
    const event = { userId: unique('user'), event: 'Product Viewed', messageId };
    expect((await post('/v1/track', event)).status).toBe(200);
    expect((await post('/v1/batch', { batch: [{ ...event, type: 'track' }] })).status).toBe(200);
    expect(await countInteractions(messageId)).toBe(1);
  });

  it('answers 400 with a reason per bad event, and records nothing of the batch', async () => {
    const good = { type: 'track', userId: unique('user'), event: 'Clicked', messageId: unique('good') };
    const response = await post('/v1/batch', {
      batch: [good, { type: 'track', userId: 'u1' }, { type: 'fly', userId: 'u2' }, { type: 'page', timestamp: 'yesterday', anonymousId: 'a' }, { type: 'identify' }],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { success: boolean; errors: { index: number; reason: string }[] };
    expect(body.success).toBe(false);
    expect(body.errors).toEqual([
      { index: 1, messageId: null, reason: 'event expects the name of the action, 1 to 100 characters such as "Order Completed", but got undefined.' },
      { index: 2, messageId: null, reason: 'type expects one of identify, track, page, screen, group, alias, but got "fly".' },
      { index: 3, messageId: null, reason: 'timestamp expects an ISO-8601 date-time such as "2026-01-31T12:00:00Z", but got "yesterday".' },
      { index: 4, messageId: null, reason: 'userId or anonymousId expects a value: every event must name its person.' },
    ]);
    expect(await countInteractions(good.messageId)).toBe(0);
  });

  it('answers 400 naming the event when the subgraph refuses one, and records nothing', async () => {
    const good = { type: 'track', userId: unique('user'), event: 'Clicked', messageId: unique('good') };
    // Well-formed, but identity resolution refuses a placeholder id: only the subgraph knows.
    const response = await post('/v1/batch', { batch: [good, { type: 'page', anonymousId: unique('a') }, { type: 'track', userId: 'unknown', event: 'E' }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { index: number; reason: string }[] };
    expect(body.errors).toEqual([{ index: 2, messageId: null, reason: 'person.identifier: identifiers expects at least one real identifier, but every value given is a placeholder: "unknown".' }]);
    expect(await countInteractions(good.messageId)).toBe(0);
  });

  it('answers 401 for a missing or unknown write key, and accepts the key in the body', async () => {
    const event = { userId: unique('user'), event: 'Clicked' };
    expect((await post('/v1/track', event, null)).status).toBe(401);
    expect((await post('/v1/track', event, 'wrong-key')).status).toBe(401);
    const inBody = await post('/v1/track', { ...event, writeKey: WRITE_KEY }, null);
    expect(inBody.status).toBe(200);
    expect(await inBody.json()).toEqual({ success: true });
  });

  it('leaves other paths to the gateway', async () => {
    expect((await post('/v1/unknown', {})).status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
