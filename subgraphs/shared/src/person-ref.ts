import type { ManagedTransaction } from 'neo4j-driver';
import type { ChangeSink } from './changes.js';
import { badInput, notFound } from './errors.js';
import type { IdentifierInput } from './identity/identifiers.js';
import { resolveIdentityInTx } from './identity/resolve.js';
import { runQuery, type Database } from './neo4j.js';

/** `input PersonRef { id: ID, identifier: IdentifierInput }`: exactly one of the two. */
export interface PersonRef {
  readonly id?: string | null;
  readonly identifier?: IdentifierInput | null;
}

/** An id as clients hold it: a merged id leads to its survivor; erased or unknown ids lead nowhere. */
export const RESOLVE_PERSON_ID = `
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[:MERGED_INTO*1..32]->(survivor:Person)
  WHERE NOT (survivor)-[:MERGED_INTO]->(:Person)
WITH coalesce(survivor, p) AS person
WHERE person.status = 'ACTIVE'
RETURN person.id AS id`;

/** Resolves a person id inside a transaction; NOT_FOUND when there is no such active person. */
export async function resolvePersonIdInTx(tx: ManagedTransaction, db: Database, id: string): Promise<string> {
  const [row] = await db.count(runQuery(tx, { text: RESOLVE_PERSON_ID, params: { id } }));
  if (!row) throw notFound('person', id);
  return String(row['id']);
}

/**
 * Turns a reference into a person id inside the caller's transaction. An id must exist; an
 * identifier resolves exactly as identify would, creating an unknown visitor when it is new.
 */
export async function resolvePersonRefInTx(
  tx: ManagedTransaction,
  db: Database,
  ref: PersonRef,
  source: string,
  changes?: ChangeSink,
): Promise<string> {
  const hasId = ref.id !== undefined && ref.id !== null;
  const hasIdentifier = ref.identifier !== undefined && ref.identifier !== null;
  if (hasId === hasIdentifier) {
    throw badInput(
      `PersonRef expects exactly one of id or identifier, but got ${hasId ? 'both' : 'neither'}.`,
      { field: 'person' },
    );
  }
  if (ref.id !== undefined && ref.id !== null) return resolvePersonIdInTx(tx, db, ref.id);
  const outcome = await resolveIdentityInTx(tx, db, { identifiers: [ref.identifier as IdentifierInput], source }, changes);
  return outcome.personId;
}
