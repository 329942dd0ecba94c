import { afterAll, describe, expect, it } from 'vitest';
import { prepareIdentify, type IdentifyCommand } from '../src/identity/prepare.js';
import { IdentifyBatcher } from '../src/identity/batcher.js';
import { resolveIdentitiesInTx } from '../src/identity/resolve.js';
import { planWave } from '../src/identity/waves.js';
import { testDatabase, unique } from '../../../test/helpers/database.js';

const db = testDatabase();
afterAll(() => db.close());

/** identify as production runs it, each call with a batcher of its own: its own transaction, racing the others. */
const identifyAlone = (command: IdentifyCommand) => new IdentifyBatcher(db).identify(command);

function resolveBatch(commands: readonly IdentifyCommand[]) {
  const calls = commands.map((command) => prepareIdentify(command));
  return db.write((tx, changes) => resolveIdentitiesInTx(tx, db, calls, changes));
}

async function traitsOf(personId: string): Promise<Record<string, unknown>> {
  const [row] = await db.readRows({ text: 'MATCH (p:Person {id: $id}) RETURN p.traits AS traits', params: { id: personId } });
  const traits = row?.['traits'];
  return JSON.parse(typeof traits === 'string' ? traits : '{}') as Record<string, unknown>;
}

describe('planWave', () => {
  const call = (name: string, claims: string[], people: string[] = []) => ({ name, claims, people });
  it.each([
    ['unrelated calls all go now', [call('a', ['k1']), call('b', ['k2']), call('c', ['k3'])], ['a', 'b', 'c']],
    ['a shared identifier waits for the earlier call', [call('a', ['k1']), call('b', ['k1', 'k2']), call('c', ['k3'])], ['a', 'c']],
    ['a call behind a waiting one waits too when it shares with it', [call('a', ['k1']), call('b', ['k1', 'k2']), call('c', ['k2'])], ['a']],
    ['a shared person waits, though the identifiers differ', [call('a', ['k1'], ['p1']), call('b', ['k2'], ['p1']), call('c', ['k3'], ['p2'])], ['a', 'c']],
    ['a shared person with a waiting call waits', [call('a', ['k1']), call('b', ['k1'], ['p1']), call('c', ['k2'], ['p1'])], ['a']],
    ['a repeated messageId waits', [call('a', ['k1', 'messageId:m']), call('b', ['k2', 'messageId:m'])], ['a']],
  ])('%s', (_name, calls, now) => {
    const { wave, rest } = planWave(calls, (c) => c.people);
    expect(wave.map((c) => c.name)).toEqual(now);
    expect([...wave, ...rest].map((c) => c.name).sort()).toEqual(calls.map((c) => c.name).sort());
  });
});

describe('identity resolution in batches (real Neo4j)', () => {
  it('gives every call the outcome resolving them one by one would, in one transaction', async () => {
    const email = `${unique('batch')}@example.com`;
    const phone = `+3161${Math.floor(1e6 + Math.random() * 8e6)}`;
    const userId = unique('user');
    const other = unique('other');
    const messageId = unique('msg');
    const outcomes = await resolveBatch([
      { identifiers: [{ type: 'EMAIL', value: email }], source: 'web', messageId, traits: { firstName: 'Ada' } },
      { identifiers: [{ type: 'EMAIL', value: email.toUpperCase() }, { type: 'PHONE', value: phone }], source: 'crm', traits: { city: 'Utrecht' } },
      { identifiers: [{ type: 'PHONE', value: phone }, { type: 'USER_ID', value: userId }], source: 'app' },
      { identifiers: [{ type: 'USER_ID', value: other }], source: 'app' },
      { identifiers: [{ type: 'EMAIL', value: email }], source: 'web', messageId },
    ]);
    const [first, second, third, fourth, fifth] = outcomes;
    expect(first).toMatchObject({ created: true, duplicate: false });
    expect(second).toMatchObject({ personId: first?.personId, created: false });
    expect(third).toMatchObject({ personId: first?.personId, created: false });
    expect(fourth?.created).toBe(true);
    expect(fourth?.personId).not.toBe(first?.personId);
    expect(fifth).toMatchObject({ personId: first?.personId, duplicate: true });
    expect(await traitsOf(first?.personId ?? '')).toMatchObject({ firstName: 'Ada', city: 'Utrecht' });
  });

  it('lets two calls that reach one person through different identifiers both land, neither overwriting the other', async () => {
    const email = `${unique('shared')}@example.com`;
    const deviceId = unique('device');
    const person = await identifyAlone({ identifiers: [{ type: 'EMAIL', value: email }, { type: 'DEVICE_ID', value: deviceId }], source: 'web' });
    const outcomes = await resolveBatch([
      { identifiers: [{ type: 'EMAIL', value: email }], source: 'crm', traits: { plan: 'pro' } },
      { identifiers: [{ type: 'DEVICE_ID', value: deviceId }], source: 'app', traits: { os: 'android' } },
    ]);
    expect(outcomes.map((outcome) => outcome.personId)).toEqual([person.personId, person.personId]);
    expect(await traitsOf(person.personId)).toMatchObject({ plan: 'pro', os: 'android' });
  });

  it('merges inside a batch when a later call joins two people an earlier call of the batch created', async () => {
    const a = unique('a');
    const b = unique('b');
    const outcomes = await resolveBatch([
      { identifiers: [{ type: 'USER_ID', value: a }], source: 'app' },
      { identifiers: [{ type: 'DEVICE_ID', value: b }], source: 'app' },
      { identifiers: [{ type: 'USER_ID', value: a }, { type: 'DEVICE_ID', value: b }], source: 'app' },
    ]);
    expect(outcomes[2]?.mergedIds).toHaveLength(1);
    expect([outcomes[0]?.personId, outcomes[1]?.personId]).toContain(outcomes[2]?.personId);
    expect([outcomes[0]?.personId, outcomes[1]?.personId]).toContain(outcomes[2]?.mergedIds[0]);
  });

  it('writes the merges of one wave together as one by one would, data linking the merged people included', async () => {
    const ids = { sA: unique('sA'), mA: unique('mA'), sB: unique('sB'), mB: unique('mB'), three: unique('three') };
    const [h1, h2] = [unique('h1'), unique('h2')];
    const people = await Promise.all(
      (Object.keys(ids) as (keyof typeof ids)[]).map(async (name) => [name, (await identifyAlone({ identifiers: [{ type: 'USER_ID', value: ids[name] }], source: 'app' })).personId] as const),
    );
    const id = Object.fromEntries(people) as Record<keyof typeof ids, string>;
    // Survivors are the oldest: make sA and sB older than the people merged into them.
    await db.writeRows({
      text: `UNWIND $people AS person MATCH (p:Person {id: person.id}) SET p.createdAt = datetime(person.at)
             WITH count(*) AS n
             MATCH (mA:Person {id: $mA}), (mB:Person {id: $mB}), (sA:Person {id: $sA})
             CREATE (mA)-[:RELATED_TO {type: 'friend'}]->(mB)
             CREATE (sA)-[:MEMBER_OF {since: datetime('2020-01-01T00:00:00Z')}]->(:Household {id: $h1})
             CREATE (mA)-[:MEMBER_OF {since: datetime('2021-01-01T00:00:00Z')}]->(:Household {id: $h2})`,
      params: {
        people: [
          { id: id.sA, at: '2020-01-01T00:00:00Z' },
          { id: id.sB, at: '2020-01-01T00:00:01Z' },
          { id: id.mA, at: '2021-01-01T00:00:00Z' },
          { id: id.mB, at: '2021-01-01T00:00:01Z' },
          { id: id.three, at: '2021-01-01T00:00:02Z' },
        ],
        ...id,
        h1,
        h2,
      },
    });
    // One wave: A joins sA and mA, B joins sB, mB and a third person (two merges into sB, in order).
    const statementsBefore = db.statementCount;
    const outcomes = await resolveBatch([
      { identifiers: [{ type: 'USER_ID', value: ids.sA }, { type: 'USER_ID', value: ids.mA }], source: 'app' },
      { identifiers: [{ type: 'USER_ID', value: ids.sB }, { type: 'USER_ID', value: ids.mB }, { type: 'USER_ID', value: ids.three }], source: 'app' },
    ]);
    // Find and lock, the wave's first merges (A's and B's) together, B's second, and the write,
    // which appends the change log too.
    expect(db.statementCount - statementsBefore).toBe(4);
    expect(outcomes.map((o) => ({ personId: o.personId, mergedIds: o.mergedIds }))).toEqual([
      { personId: id.sA, mergedIds: [id.mA] },
      { personId: id.sB, mergedIds: [id.mB, id.three] },
    ]);
    const [row] = await db.readRows({
      text: `MATCH (sA:Person {id: $sA}), (sB:Person {id: $sB})
             RETURN [(p:Person)-[:MERGED_INTO]->(s) WHERE s IN [sA, sB] | p.id] AS merged,
                    COUNT { (sA)-[:RELATED_TO]->(sB) } AS friends,
                    COUNT { (:Person {id: $mA})-[:RELATED_TO]-() } + COUNT { (:Person {id: $mB})-[:RELATED_TO]-() } AS leftBehind,
                    [(sA)-[:MEMBER_OF]->(h) | h.id] AS households, [(sA)-[:WAS_MEMBER_OF]->(h) | h.id] AS pastHouseholds,
                    COUNT { (:Identifier)-[:IDENTIFIES]->(sB) } AS identifiersOfB`,
      params: id,
    });
    expect({ ...row, merged: [...((row?.['merged'] as string[]) ?? [])].sort() }).toEqual({
      merged: [id.mA, id.mB, id.three].sort(),
      friends: 1,
      leftBehind: 0,
      households: [h1],
      pastHouseholds: [h2],
      identifiersOfB: 3,
    });
  });
});
