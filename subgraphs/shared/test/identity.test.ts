import { afterAll, describe, expect, it } from 'vitest';
import { IdentifyBatcher } from '../src/identity/batcher.js';
import type { IdentifyCommand } from '../src/identity/prepare.js';
import { testDatabase, unique } from '../../../test/helpers/database.js';

const db = testDatabase();
afterAll(() => db.close());

/** identify as production runs it, each call with a batcher of its own: its own transaction, racing the others. */
const identifyAlone = (command: IdentifyCommand) => new IdentifyBatcher(db).identify(command);

async function peopleHolding(keys: readonly string[]): Promise<string[]> {
  const rows = await db.readRows({
    text: 'UNWIND $keys AS key MATCH (:Identifier {key: key})-[:IDENTIFIES]->(p:Person) RETURN DISTINCT p.id AS id',
    params: { keys },
  });
  return rows.map((row) => String(row['id']));
}

describe('identity resolution (real Neo4j)', () => {
  it('creates a person for new identifiers and attaches later ones to it', async () => {
    const email = `${unique('new')}@example.com`;
    const phone = `+3161${Math.floor(1e6 + Math.random() * 8e6)}`;
    const first = await identifyAlone({ identifiers: [{ type: 'EMAIL', value: email }], source: 'web', traits: { firstName: 'Lin' } });
    expect(first).toMatchObject({ created: true, duplicate: false, blocked: [] });
    const second = await identifyAlone({
      identifiers: [{ type: 'EMAIL', value: email.toUpperCase() }, { type: 'PHONE', value: phone }],
      source: 'crm',
      traits: { lastName: 'Ng' },
    });
    expect(second).toMatchObject({ personId: first.personId, created: false });
    expect(await peopleHolding([`EMAIL:${email}`, `PHONE:${phone}`])).toEqual([first.personId]);
    const [row] = await db.readRows({
      text: 'MATCH (p:Person {id: $id}) RETURN p.traits AS traits, p.displayName AS name, p.known AS known, COUNT { (:SourceRecord)-[:DESCRIBES]->(p) } AS records',
      params: { id: first.personId },
    });
    expect(row).toEqual({ traits: JSON.stringify({ firstName: 'Lin', lastName: 'Ng' }), name: 'Lin Ng', known: true, records: 2 });
  });

  it('treats a repeated messageId as the same call and writes nothing', async () => {
    const messageId = unique('msg');
    const command = { identifiers: [{ type: 'USER_ID' as const, value: unique('u') }], source: 'app', messageId };
    const first = await identifyAlone(command);
    const again = await identifyAlone({ ...command, traits: { ignored: true } });
    expect(again).toEqual({ personId: first.personId, created: false, duplicate: true, mergedIds: [], blocked: [], ignored: [] });
    const [row] = await db.readRows({
      text: 'MATCH (p:Person {id: $id}) RETURN p.traits AS traits, COUNT { (:SourceRecord)-[:DESCRIBES]->(p) } AS records',
      params: { id: first.personId },
    });
    expect(row).toEqual({ traits: '{}', records: 1 });
  });

  it('keeps an anonymous visitor unknown until a real identifier arrives', async () => {
    const anonymous = unique('anon');
    const visitor = await identifyAlone({ identifiers: [{ type: 'ANONYMOUS_ID', value: anonymous }], source: 'web' });
    const [before] = await db.readRows({ text: 'MATCH (p:Person {id: $id}) RETURN p.known AS known', params: { id: visitor.personId } });
    expect(before).toEqual({ known: false });
    await identifyAlone({
      identifiers: [{ type: 'ANONYMOUS_ID', value: anonymous }, { type: 'EMAIL', value: `${unique('k')}@example.com` }],
      source: 'web',
    });
    const [after] = await db.readRows({ text: 'MATCH (p:Person {id: $id}) RETURN p.known AS known', params: { id: visitor.personId } });
    expect(after).toEqual({ known: true });
  });

  it('never leaves two people holding one identifier under 32 concurrent overlapping calls', async () => {
    const shared = `${unique('race')}@example.com`;
    const userIds = Array.from({ length: 32 }, (_, i) => `${unique('racer')}-${i}`);
    const outcomes = await Promise.all(
      userIds.map((userId) =>
        identifyAlone({ identifiers: [{ type: 'EMAIL', value: shared }, { type: 'USER_ID', value: userId }], source: 'race' }),
      ),
    );
    const holders = await peopleHolding([`EMAIL:${shared}`, ...userIds.map((id) => `USER_ID:${id}`)]);
    expect(holders).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.personId))).toEqual(new Set(holders));
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    const [counts] = await db.readRows({
      text: 'MATCH (i:Identifier)-[:IDENTIFIES]->(p:Person {id: $id}) RETURN count(i) AS identifiers',
      params: { id: holders[0] },
    });
    expect(counts).toEqual({ identifiers: 33 });
  });

  it('merges people whose identifiers meet in one call, into the one with the strongest identifier', async () => {
    const customerId = unique('cust');
    const email = `${unique('merge')}@example.com`;
    const anonymous = await identifyAlone({ identifiers: [{ type: 'EMAIL', value: email }], source: 'web', traits: { plan: 'free' } });
    const customer = await identifyAlone({ identifiers: [{ type: 'CUSTOMER_ID', value: customerId }], source: 'erp', traits: { plan: 'pro' } });
    const both = await identifyAlone({
      identifiers: [{ type: 'EMAIL', value: email }, { type: 'CUSTOMER_ID', value: customerId }],
      source: 'crm',
    });
    expect(both).toMatchObject({ personId: customer.personId, created: false, mergedIds: [anonymous.personId], blocked: [] });
    expect(await peopleHolding([`EMAIL:${email}`, `CUSTOMER_ID:${customerId}`])).toEqual([customer.personId]);
    const [merged] = await db.readRows({
      text: `MATCH (m:Person {id: $id})-[link:MERGED_INTO]->(s:Person) RETURN m.status AS status, s.id AS survivor, link.rule AS rule,
             COUNT { (:SourceRecord)-[:DESCRIBES]->(s) } AS records`,
      params: { id: anonymous.personId },
    });
    expect(merged).toEqual({ status: 'MERGED', survivor: customer.personId, rule: 'identify:shared-identifier', records: 3 });
  });

  it('follows a chain of merges', async () => {
    const [a, b, c] = [unique('a'), unique('b'), unique('c')];
    const first = await identifyAlone({ identifiers: [{ type: 'USER_ID', value: a }], source: 'app' });
    const second = await identifyAlone({ identifiers: [{ type: 'USER_ID', value: b }], source: 'app' });
    const third = await identifyAlone({ identifiers: [{ type: 'USER_ID', value: c }], source: 'app' });
    await identifyAlone({ identifiers: [{ type: 'USER_ID', value: a }, { type: 'USER_ID', value: b }], source: 'app' });
    const last = await identifyAlone({ identifiers: [{ type: 'USER_ID', value: b }, { type: 'USER_ID', value: c }], source: 'app' });
    expect(last.personId).toBe(first.personId);
    expect(last.mergedIds).toEqual([third.personId]);
    const rows = await db.readRows({
      text: `UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, p.status AS status ORDER BY id`,
      params: { ids: [first.personId, second.personId, third.personId] },
    });
    expect(Object.fromEntries(rows.map((row) => [row['id'], row['status']]))).toEqual({
      [first.personId]: 'ACTIVE',
      [second.personId]: 'MERGED',
      [third.personId]: 'MERGED',
    });
  });

  it.each([
    ['.120Z', '.123Z'],
    ['.100Z', '.101Z'],
    ['.000Z', '.001Z'],
  ])('keeps the older of two people created in the same second (%s before %s), however Neo4j writes the time', async (older, younger) => {
    const [a, b] = [unique('older'), unique('younger')];
    const first = await identifyAlone({ identifiers: [{ type: 'USER_ID', value: a }], source: 'app' });
    const second = await identifyAlone({ identifiers: [{ type: 'USER_ID', value: b }], source: 'app' });
    // Neo4j's toString of these is "...:01.12Z", "...:01.1Z" and "...:01Z": text order is not time order.
    await db.writeRows({
      text: 'UNWIND $people AS person MATCH (p:Person {id: person.id}) SET p.createdAt = datetime(person.at)',
      params: { people: [{ id: first.personId, at: `2026-01-01T10:00:01${older}` }, { id: second.personId, at: `2026-01-01T10:00:01${younger}` }] },
    });
    const merged = await identifyAlone({ identifiers: [{ type: 'USER_ID', value: b }, { type: 'USER_ID', value: a }], source: 'app' });
    expect(merged).toMatchObject({ personId: first.personId, mergedIds: [second.personId] });
  });

  it('refuses a merge that would give one person two CUSTOMER_IDs, and keeps them apart', async () => {
    const [e1, e2] = [`${unique('one')}@example.com`, `${unique('two')}@example.com`];
    const p1 = await identifyAlone({ identifiers: [{ type: 'CUSTOMER_ID', value: unique('c1') }, { type: 'EMAIL', value: e1 }], source: 'erp' });
    const p2 = await identifyAlone({ identifiers: [{ type: 'CUSTOMER_ID', value: unique('c2') }, { type: 'EMAIL', value: e2 }], source: 'erp' });
    const outcome = await identifyAlone({ identifiers: [{ type: 'EMAIL', value: e1 }, { type: 'EMAIL', value: e2 }], source: 'web' });
    expect(outcome.mergedIds).toEqual([]);
    expect(outcome.blocked).toHaveLength(1);
    expect(outcome.blocked[0]).toMatchObject({ code: 'MERGE_BLOCKED', rule: 'limit:CUSTOMER_ID' });
    expect(new Set(outcome.blocked[0]?.personIds)).toEqual(new Set([p1.personId, p2.personId]));
    expect((await peopleHolding([`EMAIL:${e1}`, `EMAIL:${e2}`])).sort()).toEqual([p1.personId, p2.personId].sort());
  });

  it('ignores placeholder values and refuses a call that has nothing else', async () => {
    const userId = unique('real');
    const outcome = await identifyAlone({
      identifiers: [{ type: 'EMAIL', value: 'Test@Test.com' }, { type: 'PHONE', value: '0000000000' }, { type: 'USER_ID', value: userId }],
      source: 'form',
    });
    expect(outcome.ignored.map((identifier) => `${identifier.type}:${identifier.value}`).sort()).toEqual(['EMAIL:Test@Test.com', 'PHONE:0000000000']);
    expect(await peopleHolding(['EMAIL:test@test.com'])).toEqual([]);
    await expect(identifyAlone({ identifiers: [{ type: 'EMAIL', value: 'test@test.com' }], source: 'form' })).rejects.toThrow(
      'identifiers expects at least one real identifier, but every value given is a placeholder: "test@test.com".',
    );
  });

  it('merges correctly when 32 concurrent calls join eight people pairwise', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `${unique(`ring${i}`)}@example.com`);
    for (const email of emails) await identifyAlone({ identifiers: [{ type: 'EMAIL', value: email }], source: 'seed' });
    const userIds = Array.from({ length: 32 }, (_, i) => unique(`ringuser${i}`));
    await Promise.all(
      userIds.map((userId, i) =>
        identifyAlone({
          identifiers: [
            { type: 'EMAIL', value: emails[i % 8]! },
            { type: 'EMAIL', value: emails[(i + 1) % 8]! },
            { type: 'USER_ID', value: userId },
          ],
          source: 'race',
        }),
      ),
    );
    const keys = [...emails.map((email) => `EMAIL:${email}`), ...userIds.map((id) => `USER_ID:${id}`)];
    const holders = await peopleHolding(keys);
    expect(holders).toHaveLength(1);
    const [row] = await db.readRows({
      text: 'UNWIND $keys AS key MATCH (i:Identifier {key: key}) RETURN count(i) AS identifiers, count(DISTINCT key) AS keys',
      params: { keys },
    });
    expect(row).toEqual({ identifiers: 40, keys: 40 });
  });
});
