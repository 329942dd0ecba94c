import type { ManagedTransaction } from 'neo4j-driver';
import { RetryableConflict, runQuery, type Database } from '@cdp/shared';
import * as cypher from '../cypher.js';
import { EMPTY_AGGREGATE, fold, parseAggregate, type Aggregate, type EngagementFact } from './aggregate.js';
import { factFromStored, type StoredFactRow } from './facts.js';

export interface EngagementWrite {
  readonly personId: string;
  /** JSON text of the new aggregate. */
  readonly aggregate: string;
  readonly count: number;
}

/**
 * Locks the people about to get interactions and computes their new aggregates: the stored one
 * plus the new facts, or, when the stored one no longer covers all of the person's
 * interactions (a merge moved some in), a rebuild from every interaction plus the new facts.
 * Throws RetryableConflict when a person was merged away before the lock, so the whole batch
 * re-runs and resolves to the survivor.
 */
export async function engagementWrites(
  tx: ManagedTransaction,
  db: Database,
  factsByPerson: ReadonlyMap<string, EngagementFact[]>,
  now: string,
): Promise<EngagementWrite[]> {
  const personIds = [...factsByPerson.keys()];
  const locked = await db.count(runQuery(tx, { text: cypher.LOCK_PEOPLE_FOR_ENGAGEMENT, params: { personIds, now } }));
  const current = new Map<string, Aggregate>();
  const stale: string[] = [];
  for (const row of locked) {
    if (row['status'] !== 'ACTIVE') throw new RetryableConflict(`person ${String(row['id'])} changed before it could be locked`);
    const aggregate = parseAggregate(row['engagement']);
    if (aggregate !== null && row['engagementCount'] === row['had']) current.set(String(row['id']), aggregate);
    else if (row['had'] === 0) current.set(String(row['id']), EMPTY_AGGREGATE);
    else stale.push(String(row['id']));
  }
  if (locked.length !== personIds.length) throw new RetryableConflict('a person vanished before it could be locked');
  const clock = new Date(now);
  if (stale.length > 0) {
    const rows = await db.count(runQuery(tx, { text: cypher.ENGAGEMENT_SOURCE, params: { personIds: stale } }));
    const found = new Map(rows.map((row) => [String(row['personId']), (row['interactions'] as StoredFactRow[]).map(factFromStored)]));
    for (const personId of stale) current.set(personId, fold(EMPTY_AGGREGATE, found.get(personId) ?? [], clock));
  }
  return personIds.map((personId) => {
    const facts = factsByPerson.get(personId) ?? [];
    const aggregate = fold(current.get(personId) ?? EMPTY_AGGREGATE, facts, clock);
    return { personId, aggregate: JSON.stringify(aggregate), count: aggregate.count };
  });
}
