import type { ManagedTransaction } from 'neo4j-driver';
import { notFound, runQuery, type ChangeKind, type ChangeSink, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';

/**
 * Resolves person ids named by a mutation inside its transaction: each must exist; an id merged
 * into another person stands for the survivor, so callers holding an old id still work. The
 * survivors are write-locked until the transaction ends (see RESOLVE_AND_LOCK_PEOPLE). Returns the
 * survivor ids in the order asked; an unknown id is NOT_FOUND (the first unknown one, in order).
 */
export async function resolveAndLockPeople(tx: ManagedTransaction, db: Database, ids: readonly string[]): Promise<string[]> {
  const rows = await db.count(runQuery(tx, { text: cypher.RESOLVE_AND_LOCK_PEOPLE, params: { ids: [...new Set(ids)].sort() } }));
  return survivorsInOrder(ids, rows);
}

/** The same for reads: no lock. */
export async function resolvePeople(tx: ManagedTransaction, db: Database, ids: readonly string[]): Promise<string[]> {
  const rows = await db.count(runQuery(tx, { text: cypher.RESOLVE_PEOPLE, params: { ids: [...new Set(ids)] } }));
  return survivorsInOrder(ids, rows);
}

function survivorsInOrder(ids: readonly string[], rows: readonly Record<string, unknown>[]): string[] {
  const survivors = new Map(rows.map((row) => [String(row['requestedId']), String(row['id'])]));
  return ids.map((id) => {
    const survivor = survivors.get(id);
    if (survivor === undefined) throw notFound('person', id);
    return survivor;
  });
}

/**
 * Reports that people's relationship-owned fields changed, so profile subscribers hear of it in
 * the same transaction as the write (the change log is appended just before commit).
 */
export function reportChanged(changes: ChangeSink, personIds: readonly string[], kind: ChangeKind, changedFields: readonly string[]): void {
  for (const personId of new Set(personIds)) changes.add({ personId, kind, changedFields });
}
