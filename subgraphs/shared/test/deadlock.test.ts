import { afterAll, describe, expect, it } from 'vitest';
import { DeadlockVictim } from '../src/errors.js';
import { runQuery } from '../src/neo4j.js';
import { testDatabase, unique } from '../../../test/helpers/database.js';

const db = testDatabase();
afterAll(() => db.close());

const LOCK = 'MATCH (n:DeadlockProbe {id: $id}) SET n.touched = coalesce(n.touched, 0) + 1 RETURN n.id AS id';

/**
 * Two writers that take the same two locks in opposite orders: each takes its first lock, waits
 * until the other has its own, then asks for the second. Neo4j picks one as the victim.
 */
async function deadlock(deadlockRetryMs?: number): Promise<PromiseSettledResult<unknown>[]> {
  const [a, b] = [unique('lock-a'), unique('lock-b')];
  await db.writeRows({ text: 'UNWIND $ids AS id CREATE (:DeadlockProbe {id: id})', params: { ids: [a, b] } });
  let arrivals = 0;
  let release: () => void = () => {};
  const bothHoldOne = new Promise<void>((resolve) => {
    release = resolve;
  });
  const writer = (first: string, second: string) => {
    let attempt = 0;
    return db.write(
      async (tx) => {
        attempt++;
        await runQuery(tx, { text: LOCK, params: { id: first } });
        if (attempt === 1) {
          if (++arrivals === 2) release();
          await bothHoldOne;
        }
        await runQuery(tx, { text: LOCK, params: { id: second } });
      },
      deadlockRetryMs === undefined ? {} : { deadlockRetryMs },
    );
  };
  return Promise.allSettled([writer(a, b), writer(b, a)]);
}

describe('a deadlock between two writers (real Neo4j)', () => {
  it("reaches Database.write, not the driver's one-second back-off", async () => {
    // With re-runs turned off the victim surfaces: the driver did not quietly retry it.
    const results = await deadlock(0);
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(rejected[0]?.reason).toBeInstanceOf(DeadlockVictim);
  });

  it('is re-run, so both writers finish', async () => {
    const results = await deadlock();
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
  });
});
