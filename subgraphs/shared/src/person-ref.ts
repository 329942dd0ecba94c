import type { ManagedTransaction } from 'neo4j-driver';
import { notFound } from './errors.js';
import type { IdentifierInput } from './identity/identifiers.js';
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
