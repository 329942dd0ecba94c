import { afterAll, describe, expect, inject, it } from 'vitest';
import { startSubgraph, type RunningSubgraph } from '@cdp/shared';
import { interactionSubgraph } from '../subgraphs/interaction/src/definition.js';
import { gatewayHeaders } from './helpers/auth.js';
import { unique } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';
import { identify } from './helpers/operations.js';
import { ENGAGEMENT_FIELDS, daysAgo, engagementOf, recordInteractions } from './fixtures/interactions.js';

/**
 * Engagement and lifecycle rules (subgraphs/interaction/src/engagement/rules.ts), on people
 * whose histories the test writes with known times, read through the gateway.
 */
const gateway = inject('gatewayUrl');

async function personWith(history: readonly Record<string, unknown>[]): Promise<string> {
  const id = (await identify(gateway, [{ type: 'USER_ID', value: unique('engaged') }])).id;
  await recordInteractions(gateway, history.map((input) => ({ channel: 'WEB', type: 'page_view', ...input, person: { id } })));
  return id;
}

const chat = (days: number, content: string) => ({ channel: 'CHAT', type: 'support_chat', occurredAt: daysAgo(days), content });
const visit = (days: number) => ({ occurredAt: daysAgo(days) });

describe('engagement', () => {
  it('computes recency, frequency, monetary and counts by channel', async () => {
    const last = daysAgo(2);
    const id = await personWith([
      { occurredAt: daysAgo(200) },
      { type: 'purchase', occurredAt: daysAgo(100), properties: { revenue: 100 } },
      { type: 'Order Completed', occurredAt: daysAgo(50), properties: { total: '50.5' } },
      { type: 'purchase', channel: 'STORE', occurredAt: daysAgo(10), properties: { revenue: 20, total: 999 } },
      { channel: 'EMAIL', type: 'email_opened', occurredAt: daysAgo(3) },
      { occurredAt: last },
    ]);
    const engagement = await engagementOf(gateway, id);
    expect(engagement).toMatchObject({
      interactionCount: 6,
      recency: 2,
      // Within the current and previous 12 weeks: days 50, 10, 3 and 2.
      frequency: 4,
      monetary: 170.5,
      countsByChannel: [{ channel: 'WEB', count: 4 }, { channel: 'EMAIL', count: 1 }, { channel: 'STORE', count: 1 }],
      lifecycleStage: 'LOYAL',
      sentimentTrend: null,
      frictionSignals: [],
    });
    expect(Date.parse(engagement.lastInteractionAt ?? '')).toBe(Date.parse(last));
  });

  it.each([
    { stage: 'NEW', history: [visit(5), visit(1)] },
    { stage: 'ACTIVE', history: [visit(100), visit(20)] },
    { stage: 'LOYAL', history: [visit(300), { type: 'purchase', occurredAt: daysAgo(200) }, { type: 'purchase', occurredAt: daysAgo(90) }, { type: 'purchase', occurredAt: daysAgo(25) }] },
    { stage: 'ACTIVE', history: [visit(300), { type: 'purchase', occurredAt: daysAgo(400) }, { type: 'purchase', occurredAt: daysAgo(90) }, { type: 'purchase', occurredAt: daysAgo(25) }] },
    { stage: 'AT_RISK', history: [visit(300), visit(90)] },
    { stage: 'AT_RISK', history: [visit(100), chat(1, 'Hi, I want to cancel my subscription please.')] },
    { stage: 'CHURNED', history: [visit(400), visit(200)] },
  ])('lifecycle stage $stage', async ({ stage, history }) => {
    const engagement = await engagementOf(gateway, await personWith(history));
    expect(engagement.lifecycleStage).toBe(stage);
  });

  it('is NEW with a zero score for a person without interactions', async () => {
    const id = (await identify(gateway, [{ type: 'USER_ID', value: unique('quiet') }])).id;
    expect(await engagementOf(gateway, id)).toEqual({
      score: 0,
      lastInteractionAt: null,
      firstInteractionAt: null,
      interactionCount: 0,
      countsByChannel: [],
      recency: null,
      frequency: 0,
      monetary: 0,
      lifecycleStage: 'NEW',
      sentimentTrend: null,
      frictionSignals: [],
    });
  });

  it('scores an engaged buyer above an occasional visitor above a churned one', async () => {
    const buyer = await engagementOf(gateway, await personWith([visit(1), visit(2), visit(3), { type: 'purchase', occurredAt: daysAgo(4), properties: { revenue: 900 } }]));
    const visitor = await engagementOf(gateway, await personWith([visit(40)]));
    const churned = await engagementOf(gateway, await personWith([visit(200)]));
    expect(buyer.score).toBeGreaterThan(visitor.score);
    expect(visitor.score).toBeGreaterThan(churned.score);
    expect(churned.score).toBe(0);
  });

  it('reports friction: negative conversations coming back within days', async () => {
    const engagement = await engagementOf(
      gateway,
      await personWith([
        visit(100),
        chat(3, 'My parcel has not arrived. This is unacceptable.'),
        chat(2, 'Still waiting for my order, nobody answers. Terrible service!'),
        chat(1, 'Third time I contact you, I am very disappointed and want a refund.'),
      ]),
    );
    expect(engagement.frictionSignals).toEqual(['REPEATED_CONTACT', 'NEGATIVE_SENTIMENT', 'COMPLAINT', 'UNRESOLVED_ISSUE']);
    expect(engagement.lifecycleStage).toBe('ACTIVE');
  });

  it.each([
    { trend: 'IMPROVING', older: 'This is terrible, I am very angry.', newer: 'Great, thank you so much, excellent help!' },
    { trend: 'DECLINING', older: 'Great, thank you so much, excellent help!', newer: 'This is terrible, I am very angry.' },
    { trend: 'STABLE', older: 'Thanks, that is great.', newer: 'Thanks, that is great.' },
  ])('sentiment trend $trend', async ({ trend, older, newer }) => {
    const history = [...[50, 49, 48, 47, 46].map((d) => chat(d, older)), ...[45, 44, 43, 42, 41].map((d) => chat(d, newer))];
    expect((await engagementOf(gateway, await personWith(history))).sentimentTrend).toBe(trend);
  });
});

describe('engagement loading', () => {
  const running: RunningSubgraph[] = [];
  afterAll(async () => {
    await Promise.all(running.map((subgraph) => subgraph.close()));
  });

  it('costs one statement for a batch of people', async () => {
    const neo4j = inject('neo4j');
    const subgraph = await startSubgraph(interactionSubgraph, {
      INTERNAL_SIGNING_SECRET: inject('auth').signingSecret,
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      INTERACTION_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    running.push(subgraph);
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => personWith([visit(i + 1), visit(i + 2)])));
    const before = subgraph.db.statementCount;
    const data = await graphqlData<{ _entities: { id: string; engagement: { interactionCount: number } }[] }>(
      subgraph.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ...on Person { id ${ENGAGEMENT_FIELDS} } } }`,
      { representations: people.map((id) => ({ __typename: 'Person', id })) },
      gatewayHeaders(),
    );
    expect(data._entities.map((entity) => [entity.id, entity.engagement.interactionCount])).toEqual(people.map((id) => [id, 2]));
    expect(subgraph.db.statementCount - before).toBe(1);
  });
});
