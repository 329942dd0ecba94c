import { afterAll, describe, expect, it } from 'vitest';
import { IdentifyBatcher } from '../src/identity/batcher.js';
import { testDatabase, unique } from '../../../test/helpers/database.js';

const db = testDatabase();
afterAll(() => db.close());

async function peopleHolding(keys: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await db.readRows({
    text: 'UNWIND $keys AS key MATCH (:Identifier {key: key})-[:IDENTIFIES]->(p:Person) RETURN key, collect(p.id) AS people',
    params: { keys },
  });
  return new Map(rows.map((row) => [String(row['key']), row['people'] as string[]]));
}

describe('IdentifyBatcher (real Neo4j)', () => {
  it('resolves concurrent calls in shared transactions, as one by one would', async () => {
    const batcher = new IdentifyBatcher(db, { maxInFlight: 1 });
    const emails = Array.from({ length: 6 }, () => `${unique('group')}@example.com`);
    const before = db.statementCount;
    // 30 calls at once over 6 addresses: each address must end up with exactly one person.
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => batcher.identify({ identifiers: [{ type: 'EMAIL', value: emails[i % 6]! }], source: 'web', traits: { n: i } })),
    );
    const statements = db.statementCount - before;
    // One call alone costs at least three statements (lookup, write, change log); shared
    // transactions cost far fewer per call.
    expect(statements).toBeLessThan(30);
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(6);
    const holders = await peopleHolding(emails.map((email) => `EMAIL:${email}`));
    for (const [index, email] of emails.entries()) {
      const people = holders.get(`EMAIL:${email}`) ?? [];
      expect(people).toHaveLength(1);
      expect(outcomes.filter((_, i) => i % 6 === index).every((outcome) => outcome.personId === people[0])).toBe(true);
    }
  });

  it('fails only the call that fails: the others of its batch still commit', async () => {
    const batcher = new IdentifyBatcher(db, { maxInFlight: 1 });
    const good = Array.from({ length: 4 }, () => `${unique('good')}@example.com`);
    const bad = `${unique('bad')}@example.com`;
    // The first call holds the only transaction slot, so the next five wait and go together.
    const results = await Promise.allSettled([
      batcher.identify({ identifiers: [{ type: 'EMAIL', value: `${unique('first')}@example.com` }], source: 'web' }),
      ...good.slice(0, 2).map((email) => batcher.identify({ identifiers: [{ type: 'EMAIL', value: email }], source: 'web', traits: { ok: true } })),
      batcher.identify({ identifiers: [{ type: 'EMAIL', value: bad }], source: 'web', traits: { ok: false }, observedAt: 'not a time' }),
      ...good.slice(2).map((email) => batcher.identify({ identifiers: [{ type: 'EMAIL', value: email }], source: 'web', traits: { ok: true } })),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const holders = await peopleHolding([...good, bad].map((email) => `EMAIL:${email}`));
    for (const email of good) expect(holders.get(`EMAIL:${email}`)).toHaveLength(1);
    expect(holders.has(`EMAIL:${bad}`)).toBe(false);
  });

  it('refuses bad input at once, naming the value, without joining a batch', async () => {
    const batcher = new IdentifyBatcher(db);
    await expect(batcher.identify({ identifiers: [{ type: 'EMAIL', value: 'not-an-email' }], source: 'web' })).rejects.toThrow(/not-an-email/);
  });
});
