import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, createDriver, createLogger, readNeo4jConfig, runQuery, type Change, type CommittedChange } from '@cdp/shared';
import { openDatabase, type OpenDatabase } from '../scripts/lib/database.js';
import { freePort } from '../scripts/lib/processes.js';
import { ChangeSequencer } from '../subgraphs/profile/src/change-sequencer.js';
import { PRUNE_CHANGES } from '../subgraphs/profile/src/cypher-changes.js';

/**
 * The change sequencer on a Neo4j of its own: numbering a backlog that holds merges, and
 * pruning. On the suites' shared database the running profile subgraph would number a backlog
 * before the test could, and a prune deletes from the oldest cursor up, which there would take
 * other suites' events.
 */
const home = mkdtempSync(join(tmpdir(), 'cdp-prune-neo4j-'));
let database: OpenDatabase | undefined;
let db: Database;

beforeAll(async () => {
  database = await openDatabase({}, { home, port: await freePort(), heapMb: 256, pageCacheMb: 64 });
  const config = readNeo4jConfig({ NEO4J_URI: database.connection.uri });
  db = new Database(createDriver(config), config.database);
});

afterAll(async () => {
  await db.close();
  await database?.stop();
  rmSync(home, { recursive: true, force: true });
});

const HOUR = 3_600_000;

/** `transactions` writes, each changing every one of `people`, then all sequenced. */
async function logChanges(people: readonly string[], transactions: number): Promise<void> {
  for (let t = 0; t < transactions; t++) {
    await db.write(async (tx, changes) => {
      await runQuery(tx, { text: 'RETURN 1', params: {} });
      for (const personId of people) changes.add({ personId, kind: 'TRAITS_CHANGED', changedFields: ['traits'] });
    });
  }
  const sequencer = new ChangeSequencer(db, createLogger('test-sequencer', true), { intervalMs: 1, people: 500, retentionHours: 168 }, () => {});
  await sequencer.flush();
  await sequencer.stop();
}

/** Backdates the events whose cursor is in [from, to] by `hours`. */
async function age(from: number, to: number, hours: number): Promise<void> {
  await db.writeRows({
    text: 'MATCH (e:ChangeEvent) WHERE $from <= e.cursor <= $to SET e.at = e.at - duration({hours: $hours})',
    params: { from: neo4j.int(from), to: neo4j.int(to), hours: neo4j.int(hours) },
  });
}

async function cursors(): Promise<number[]> {
  const rows = await db.readRows({ text: 'MATCH (e:ChangeEvent) RETURN e.cursor AS cursor ORDER BY cursor', params: {} });
  return rows.map((row) => Number(row['cursor']));
}

async function prunedThrough(): Promise<number> {
  const [row] = await db.readRows({ text: "MATCH (s:ChangeSequence {name: 'profile'}) RETURN s.prunedThrough AS through", params: {} });
  return Number(row?.['through'] ?? 0);
}

async function prune(limit: number): Promise<{ pruned: number; through: number } | undefined> {
  const before = new Date(Date.now() - 168 * HOUR).toISOString();
  const [row] = await db.writeRows({ text: PRUNE_CHANGES, params: { before, limit: neo4j.int(limit) } });
  return row === undefined ? undefined : { pruned: Number(row['pruned']), through: Number(row['through']) };
}

describe('pruning the change log', () => {
  it('deletes expired events in cursor order, a batch at a time, and stops at the first one kept', async () => {
    await logChanges(['prune-a', 'prune-b'], 5);
    expect(await cursors()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // 1-6 are past the 168-hour retention; so is 9, but 7 is kept and nothing after it goes.
    await age(1, 6, 200);
    await age(9, 9, 200);
    expect(await prune(4)).toEqual({ pruned: 4, through: 4 });
    expect(await prune(4)).toEqual({ pruned: 2, through: 6 });
    expect(await prune(4)).toBeUndefined();
    expect(await cursors()).toEqual([7, 8, 9, 10]);
    expect(await prunedThrough()).toBe(6);
  });

  it('keeps pruning after every drain while a batch came back full, not once a minute', async () => {
    await logChanges(['prune-c', 'prune-d', 'prune-e'], 4);
    const latest = (await cursors()).at(-1) ?? 0;
    await age(1, latest, 200);
    const sequencer = new ChangeSequencer(db, createLogger('test-sequencer', true), { intervalMs: 1, people: 500, retentionHours: 168, pruneBatch: 3 }, () => {});
    try {
      // Each flush is one drain. Sixteen expired events (four left from above) at three a prune
      // take six drains; once a minute, this test would have seen one.
      for (let drain = 0; drain < 6; drain++) await sequencer.flush();
    } finally {
      await sequencer.stop();
    }
    expect(await cursors()).toEqual([]);
    expect(await prunedThrough()).toBe(latest);
  });

  it('deletes first what an older prune left below prunedThrough, and never lowers it', async () => {
    await logChanges(['prune-f'], 3);
    const [first = 0, second = 0, third = 0] = await cursors();
    // The prune before this one deleted by time alone: younger events could stay below the cursor it recorded.
    await db.writeRows({ text: "MATCH (s:ChangeSequence {name: 'profile'}) SET s.prunedThrough = $through", params: { through: neo4j.int(third) } });
    await age(first, second, 200);
    expect(await prune(10)).toEqual({ pruned: 2, through: second });
    expect(await cursors()).toEqual([third]);
    expect(await prunedThrough()).toBe(third);
  });
});

describe('numbering a backlog that holds a merge', () => {
  /** Each inner list is one transaction's changes, in report order; nothing is numbered until all committed. */
  async function backlog(transactions: readonly (readonly Change[])[]): Promise<void> {
    for (const changes of transactions) {
      await db.write(async (tx, sink) => {
        await runQuery(tx, { text: 'RETURN 1', params: {} });
        for (const change of changes) sink.add(change);
      });
    }
  }

  async function sequence(people: number): Promise<CommittedChange[]> {
    const delivered: CommittedChange[] = [];
    const sequencer = new ChangeSequencer(db, createLogger('test-sequencer', true), { intervalMs: 1, people, retentionHours: 168 }, (changes) => {
      delivered.push(...changes);
    });
    try {
      await sequencer.flush();
    } finally {
      await sequencer.stop();
    }
    return delivered;
  }

  async function logOf(personIds: readonly string[]): Promise<string[]> {
    const rows = await db.readRows({
      text: 'UNWIND $ids AS id MATCH (e:ChangeEvent {personId: id}) RETURN e.personId AS personId, e.kind AS kind, e.cursor AS cursor, e:PendingChange AS pending ORDER BY cursor',
      params: { ids: personIds },
    });
    expect(rows.filter((row) => row['pending'])).toEqual([]);
    return rows.map((row) => `${String(row['personId'])} ${String(row['kind'])}`);
  }

  it('goes on after a round whose oldest events were all one person\'s, so a flush leaves nothing behind', async () => {
    const busy = 'seq-busy';
    const quiet = 'seq-quiet';
    await backlog([
      [{ personId: busy, kind: 'TRAITS_CHANGED', changedFields: ['traits'] }],
      [{ personId: busy, kind: 'TRAITS_CHANGED', changedFields: ['traits'] }],
      [{ personId: busy, kind: 'CONSENT_CHANGED', changedFields: ['consents'] }],
      [{ personId: quiet, kind: 'TRAITS_CHANGED', changedFields: ['traits'] }],
    ]);
    await sequence(2);
    expect(await logOf([busy, quiet])).toEqual([`${busy} TRAITS_CHANGED`, `${busy} TRAITS_CHANGED`, `${busy} CONSENT_CHANGED`, `${quiet} TRAITS_CHANGED`]);
  });

  // However few people a round may take, a subscriber that follows the merged person to the
  // survivor from MERGED_AWAY on must find after it every survivor event from the merge on.
  it.each([1, 2, 500])('puts the merged-away event before the survivor\'s merge and later events, %i people a round', async (people) => {
    const survivor = `seq-survivor-${people}`;
    const merged = `seq-merged-${people}`;
    const other = `seq-other-${people}`;
    await backlog([
      [{ personId: survivor, kind: 'TRAITS_CHANGED', changedFields: ['traits'] }],
      [{ personId: other, kind: 'TRAITS_CHANGED', changedFields: ['traits'] }],
      [
        { personId: survivor, kind: 'MERGED', changedFields: ['identifiers'] },
        { personId: merged, kind: 'MERGED_AWAY', changedFields: ['status'], survivorId: survivor },
      ],
      [{ personId: survivor, kind: 'CONSENT_CHANGED', changedFields: ['consents'] }],
    ]);
    const delivered = await sequence(people);
    const expected = [`${survivor} TRAITS_CHANGED`, `${merged} MERGED_AWAY`, `${survivor} MERGED`, `${survivor} CONSENT_CHANGED`];
    expect(await logOf([survivor, merged])).toEqual(expected);
    const mine = delivered.filter((change) => change.personId === survivor || change.personId === merged);
    expect(mine.map((change) => `${change.personId} ${change.kind}`)).toEqual(expected);
    const cursors = delivered.map((change) => change.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(await logOf([other])).toEqual([`${other} TRAITS_CHANGED`]);
  });
});
