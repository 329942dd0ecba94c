import { afterAll, describe, expect, it } from 'vitest';
import { resolveIdentity } from '../src/identity/resolve.js';
import { testDatabase, unique } from '../../../test/helpers/database.js';

const db = testDatabase();
afterAll(() => db.close());

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
    const first = await resolveIdentity(db, { identifiers: [{ type: 'EMAIL', value: email }], source: 'web', traits: { firstName: 'Lin' } });
    expect(first).toMatchObject({ created: true, duplicate: false, blocked: [] });
    const second = await resolveIdentity(db, {
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
    const first = await resolveIdentity(db, command);
    const again = await resolveIdentity(db, { ...command, traits: { ignored: true } });
    expect(again).toEqual({ personId: first.personId, created: false, duplicate: true, mergedIds: [], blocked: [] });
    const [row] = await db.readRows({
      text: 'MATCH (p:Person {id: $id}) RETURN p.traits AS traits, COUNT { (:SourceRecord)-[:DESCRIBES]->(p) } AS records',
      params: { id: first.personId },
    });
    expect(row).toEqual({ traits: '{}', records: 1 });
  });

  it('keeps an anonymous visitor unknown until a real identifier arrives', async () => {
    const anonymous = unique('anon');
    const visitor = await resolveIdentity(db, { identifiers: [{ type: 'ANONYMOUS_ID', value: anonymous }], source: 'web' });
    const [before] = await db.readRows({ text: 'MATCH (p:Person {id: $id}) RETURN p.known AS known', params: { id: visitor.personId } });
    expect(before).toEqual({ known: false });
    await resolveIdentity(db, {
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
        resolveIdentity(db, { identifiers: [{ type: 'EMAIL', value: shared }, { type: 'USER_ID', value: userId }], source: 'race' }),
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

  it('leaves people apart when identifiers belong to several of them, and says so', async () => {
    const a = await resolveIdentity(db, { identifiers: [{ type: 'CUSTOMER_ID', value: unique('ca') }], source: 'erp' });
    const emailB = `${unique('b')}@example.com`;
    const b = await resolveIdentity(db, { identifiers: [{ type: 'EMAIL', value: emailB }], source: 'web' });
    const [keyA] = (await db.readRows({
      text: 'MATCH (i:Identifier)-[:IDENTIFIES]->(:Person {id: $id}) RETURN i.key AS key',
      params: { id: a.personId },
    })).map((row) => String(row['key']));
    const both = await resolveIdentity(db, {
      identifiers: [{ type: 'CUSTOMER_ID', value: String(keyA).slice('CUSTOMER_ID:'.length) }, { type: 'EMAIL', value: emailB }],
      source: 'crm',
    });
    expect(both.blocked).toHaveLength(1);
    expect(both.blocked[0]).toMatchObject({ code: 'MERGE_BLOCKED', personIds: [a.personId, b.personId] });
    expect(await peopleHolding([String(keyA), `EMAIL:${emailB}`])).toHaveLength(2);
  });
});
