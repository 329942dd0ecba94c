import { afterAll, describe, expect, inject, it } from 'vitest';
import { testDatabase, unique } from './helpers/database.js';
import { graphql, graphqlData } from './helpers/graphql.js';
import { identify } from './helpers/operations.js';
import { recordInteractions, recordInteractionsRaw } from './fixtures/interactions.js';
import { interactionsByPerson, type InteractionWrite } from '../subgraphs/interaction/src/cypher.js';

/** recordInteraction(s): idempotency by messageId, all-or-nothing batches, errors that name the input, change events. */
const gateway = inject('gatewayUrl');
const db = testDatabase();
afterAll(() => db.close());

async function count(query: string, params: Record<string, unknown>): Promise<number> {
  const [row] = await db.readRows({ text: query, params });
  return Number(row?.['n'] ?? 0);
}

describe('recordInteractions', () => {
  it('records a batch in input order, for people named by id and by identifier', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('rec') }]);
    const anonymous = unique('anon');
    const recorded = await recordInteractions(gateway, [
      { person: { id: person.id }, channel: 'WEB', type: 'page_view', occurredAt: '2026-01-01T10:00:00Z' },
      { person: { identifier: { type: 'ANONYMOUS_ID', value: anonymous } }, channel: 'MOBILE', type: 'screen_view' },
      { person: { identifier: { type: 'ANONYMOUS_ID', value: anonymous } }, channel: 'MOBILE', type: 'add_to_cart' },
      // Interleaved: the statement writes person by person, the answer still follows the input.
      { person: { id: person.id }, channel: 'WEB', type: 'click' },
    ]);
    expect(recorded.map((r) => r.type)).toEqual(['page_view', 'screen_view', 'add_to_cart', 'click']);
    const owned = await db.readRows({
      text: 'UNWIND $ids AS id MATCH (p:Person)-[:HAD]->(i:Interaction {id: id}) RETURN p.id = $person AS owned',
      params: { ids: recorded.map((r) => r.id), person: person.id },
    });
    expect(owned.map((row) => row['owned'])).toEqual([true, false, false, true]);
    // The unknown identifier resolved once, to one new person, as identify would.
    const holders = await count(
      `MATCH (:Identifier {key: $key})-[:IDENTIFIES]->(p:Person)-[:HAD]->(i:Interaction) RETURN count(DISTINCT p) * 1000 + count(i) AS n`,
      { key: `ANONYMOUS_ID:${anonymous}` },
    );
    expect(holders).toBe(1002);
  });

  it('answers a selection of ids alone, repeats included, without reading the interactions back', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('ids') }]);
    const messageId = unique('msg');
    const input = { person: { id: person.id }, channel: 'WEB', type: 'page_view', messageId };
    const [stored] = await recordInteractions(gateway, [input]);
    const data = await graphqlData<{ recordInteractions: { id: string }[] }>(
      gateway,
      'mutation($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { id } }',
      { inputs: [input, { person: { id: person.id }, channel: 'WEB', type: 'click' }] },
    );
    const [repeat, fresh] = data.recordInteractions;
    expect(repeat).toEqual({ id: stored?.id });
    expect(await count('MATCH (i:Interaction {id: $id}) RETURN count(i) AS n', { id: fresh?.id })).toBe(1);
  });

  it('is idempotent by messageId: a repeat returns the stored interaction and writes nothing', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('idem') }]);
    const messageId = unique('msg');
    const input = { person: { id: person.id }, channel: 'WEB', type: 'page_view', messageId };
    const [first] = await recordInteractions(gateway, [input]);
    const single = await graphqlData<{ recordInteraction: { id: string } }>(
      gateway,
      'mutation($input: InteractionInput!) { recordInteraction(input: $input) { id } }',
      { input: { ...input, type: 'something_else' } },
    );
    // Twice in one batch, and again in a later batch.
    const again = await recordInteractions(gateway, [input, { ...input, channel: 'EMAIL' }]);
    expect(single.recordInteraction.id).toBe(first?.id);
    expect(again.map((r) => r.id)).toEqual([first?.id, first?.id]);
    expect(await count('MATCH (i:Interaction {messageId: $messageId}) RETURN count(i) AS n', { messageId })).toBe(1);
    expect(await count('MATCH (:Person {id: $id})-[:HAD]->(i) RETURN count(i) AS n', { id: person.id })).toBe(1);
  });

  it('treats a repeated messageId within one new batch as one interaction', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('dup') }]);
    const messageId = unique('msg');
    const recorded = await recordInteractions(gateway, [
      { person: { id: person.id }, channel: 'WEB', type: 'page_view', messageId },
      { person: { id: person.id }, channel: 'WEB', type: 'page_view', messageId },
    ]);
    expect(recorded[0]?.id).toBe(recorded[1]?.id);
    expect(await count('MATCH (:Person {id: $id})-[:HAD]->(i) RETURN count(i) AS n', { id: person.id })).toBe(1);
  });

  it.each([
    { name: 'an empty type', bad: { type: ' ' }, message: 'inputs[2].type expects 1 to 100 characters, such as "page_view", but got " ".' },
    // The DateTime scalar refuses this while GraphQL coerces the variables, before the resolver runs; the
    // shared error formatter keeps the scalar's message, without the variable path (see the report).
    { name: 'a date-time without offset', bad: { occurredAt: '2026-01-01 10:00' }, message: 'DateTime expects an ISO-8601 date-time with an offset such as "2026-01-31T12:00:00Z", but got "2026-01-01 10:00".' },
    { name: 'properties that are not an object', bad: { properties: [1] }, message: 'inputs[2].properties expects a JSON object, but got [1].' },
    { name: 'a malformed e-mail identifier', bad: { person: { identifier: { type: 'EMAIL', value: 'not-an-email' } } }, message: 'inputs[2].person.identifier: Identifier EMAIL expects an address like "name@example.com", but got "not-an-email".' },
    { name: 'both id and identifier', bad: { person: { id: 'x', identifier: { type: 'USER_ID', value: 'y' } } }, message: 'inputs[2].person: PersonRef expects exactly one of id or identifier, but got both.' },
    { name: 'an unknown person id', bad: { person: { id: 'no-such-person' } }, message: 'inputs[2].person.id: Expected an existing person, but no person has id "no-such-person".' },
  ])('writes nothing when one input has $name, and names its index', async ({ bad, message }) => {
    const anonymous = unique('atomic');
    const good = { person: { identifier: { type: 'ANONYMOUS_ID', value: anonymous } }, channel: 'WEB', type: 'page_view' };
    const response = await recordInteractionsRaw(gateway, [good, { ...good, messageId: unique('m') }, { ...good, ...bad }, good]);
    expect(response.errors?.[0]?.message).toBe(message);
    // Not even the identifier of the valid inputs, which would have created a person.
    expect(await count('MATCH (i:Identifier {key: $key}) RETURN count(i) AS n', { key: `ANONYMOUS_ID:${anonymous}` })).toBe(0);
  });

  it('refuses an empty batch and one over 1,000', async () => {
    const none = await recordInteractionsRaw(gateway, []);
    expect(none.errors?.[0]).toMatchObject({ message: 'inputs expects 1 to 1000 items, but got 0.', extensions: { code: 'BAD_USER_INPUT' } });
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('big') }]);
    const many = Array.from({ length: 1001 }, () => ({ person: { id: person.id }, channel: 'WEB', type: 'page_view' }));
    const tooMany = await recordInteractionsRaw(gateway, many);
    expect(tooMany.errors?.[0]?.message).toBe('inputs expects 1 to 1000 items, but got 1001.');
  });

  it('appends one INTERACTION_RECORDED change per person per call, in the same transaction', async () => {
    const a = await identify(gateway, [{ type: 'USER_ID', value: unique('chg') }]);
    const b = await identify(gateway, [{ type: 'USER_ID', value: unique('chg') }]);
    await recordInteractions(gateway, [
      { person: { id: a.id }, channel: 'WEB', type: 'page_view' },
      { person: { id: a.id }, channel: 'WEB', type: 'page_view' },
      { person: { id: b.id }, channel: 'EMAIL', type: 'email_opened' },
    ]);
    const rows = await db.readRows({
      text: `UNWIND $ids AS id MATCH (e:ChangeEvent {personId: id}) WHERE e.kind = 'INTERACTION_RECORDED' RETURN id, count(e) AS n, collect(e.changedFields)[0] AS fields`,
      params: { ids: [a.id, b.id] },
    });
    expect(rows.map((row) => [row['id'], row['n'], row['fields']]).sort()).toEqual(
      [[a.id, 1, ['interactions', 'engagement']], [b.id, 1, ['interactions', 'engagement']]].sort(),
    );
  });

  it('applies identities and interactions of ingestBatch together', async () => {
    const userId = unique('user');
    const anonymousId = unique('anon');
    const data = await graphqlData<{ ingestBatch: { personIds: string[]; interactions: { person: { id: string } }[] } }>(
      gateway,
      `mutation($identities: [BatchIdentifyInput!]!, $interactions: [InteractionInput!]!) {
        ingestBatch(identities: $identities, interactions: $interactions) { personIds interactions { person { id } } } }`,
      {
        identities: [{ identifiers: [{ type: 'USER_ID', value: userId }, { type: 'ANONYMOUS_ID', value: anonymousId }], traits: { plan: 'pro' }, source: 'tracking' }],
        interactions: [{ person: { identifier: { type: 'ANONYMOUS_ID', value: anonymousId } }, channel: 'WEB', type: 'page_view' }],
      },
    );
    expect(data.ingestBatch.interactions[0]?.person.id).toBe(data.ingestBatch.personIds[0]);
    const bad = await graphql(gateway, `mutation($i: [BatchIdentifyInput!]!) { ingestBatch(identities: $i, interactions: []) { personIds } }`, {
      i: [{ identifiers: [{ type: 'USER_ID', value: unique('ok') }], source: 'tracking' }, { identifiers: [{ type: 'EMAIL', value: 'nope' }], source: 'tracking' }],
    });
    expect(bad.errors?.[0]?.message).toBe('identities[1]: Identifier EMAIL expects an address like "name@example.com", but got "nope".');
  });
});

describe('interactionsByPerson', () => {
  const write = (id: string, personId: string): InteractionWrite => ({
    id, personId, channel: 'WEB', type: 'page_view', occurredAt: '2026-01-01T00:00:00Z', properties: '{}', content: null,
    messageId: null, language: null, sentiment: null, sentimentLabel: null, intents: null, topics: null, mentions: null, links: [],
  });

  it('groups interleaved rows by person in first-seen order, each with its engagement', () => {
    const grouped = interactionsByPerson(
      [write('i1', 'a'), write('i2', 'b'), write('i3', 'a')],
      [{ personId: 'b', aggregate: '{"b":1}', count: 1 }, { personId: 'a', aggregate: '{"a":2}', count: 2 }],
    );
    expect(grouped.map(({ personId, engagement, rows }) => ({ personId, engagement, ids: rows.map((r) => r.id) }))).toEqual([
      { personId: 'a', engagement: { aggregate: '{"a":2}', count: 2 }, ids: ['i1', 'i3'] },
      { personId: 'b', engagement: { aggregate: '{"b":1}', count: 1 }, ids: ['i2'] },
    ]);
  });

  it('keeps a person with rows and no engagement write, and one with an engagement write alone', () => {
    expect(interactionsByPerson([write('i1', 'a')], [{ personId: 'c', aggregate: '{}', count: 0 }])).toEqual([
      { personId: 'a', engagement: null, rows: [write('i1', 'a')] },
      { personId: 'c', engagement: { aggregate: '{}', count: 0 }, rows: [] },
    ]);
  });
});
