import { afterAll, describe, expect, it } from 'vitest';
import { runQuery } from '../src/neo4j.js';
import { testDatabase } from '../../../test/helpers/database.js';

const db = testDatabase();
afterAll(() => db.close());

describe('statements run without the stack the driver records per result', () => {
  it('answers reads and writes, fails with Neo4j’s code, and leaves Error.stackTraceLimit as it was', async () => {
    const limit = Error.stackTraceLimit;
    await expect(db.readRows({ text: 'RETURN 1 AS one', params: {} })).resolves.toEqual([{ one: 1 }]);
    await expect(db.write((tx) => runQuery(tx, { text: 'RETURN 2 AS two', params: {} }))).resolves.toEqual([{ two: 2 }]);
    await expect(db.readRows({ text: 'RETURN $missing AS value', params: {} })).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.ParameterMissing',
    });
    await expect(db.write((tx) => runQuery(tx, { text: 'RETURN 1 +', params: {} }))).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.SyntaxError',
    });
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('after').stack?.split('\n').length).toBeGreaterThan(1);
  });
});
