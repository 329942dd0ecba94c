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

/** A person locked for engagement, as LOCK_PEOPLE_FOR_ENGAGEMENT and BATCH_LOOKUPS read it. */
export interface LockedRow {
  readonly id: string;
  readonly status: string;
  readonly engagement: string | null;
  readonly engagementCount: number | null;
  readonly had: number;
}

/**
 * Locks the people about to get interactions (those the batch's lookups did not lock already)
 * and computes their new aggregates: the stored one plus the new facts, or, when the stored one
 * no longer covers all of the person's interactions (a merge moved some in), a rebuild from
 * every interaction plus the new facts. Throws RetryableConflict when a person was merged away
 * before the lock, so the whole batch re-runs and resolves to the survivor.
 */
export async function engagementWrites(
  tx: ManagedTransaction,
  db: Database,
  factsByPerson: ReadonlyMap<string, EngagementFact[]>,
  alreadyLocked: readonly LockedRow[],
  now: string,
): Promise<EngagementWrite[]> {
  const personIds = [...factsByPerson.keys()];
  const lockedBefore = new Map(alreadyLocked.map((row) => [row.id, row]));
  const toLock = personIds.filter((id) => !lockedBefore.has(id));
  const lockedNow =
    toLock.length === 0
      ? []
      : ((await db.count(runQuery(tx, { text: cypher.LOCK_PEOPLE_FOR_ENGAGEMENT, params: { personIds: toLock, now } }))) as unknown as LockedRow[]);
  const locked = [...personIds.flatMap((id) => lockedBefore.get(id) ?? []), ...lockedNow];
  const current = new Map<string, Aggregate>();
  const stale: string[] = [];
  for (const row of locked) {
    if (row.status !== 'ACTIVE') throw new RetryableConflict(`person ${row.id} changed before it could be locked`);
    const aggregate = parseAggregate(row.engagement);
    if (aggregate !== null && row.engagementCount === row.had) current.set(row.id, aggregate);
    else if (row.had === 0) current.set(row.id, EMPTY_AGGREGATE);
    else stale.push(row.id);
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
