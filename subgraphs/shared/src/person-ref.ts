import type { ManagedTransaction } from 'neo4j-driver';
import { badInput, notFound } from './errors.js';
import type { IdentifierInput } from './identity/identifiers.js';
import { resolveIdentityInTx } from './identity/resolve.js';
import { runQuery, type Database } from './neo4j.js';

/** `input PersonRef { id: ID, identifier: IdentifierInput }`: exactly one of the two. */
export interface PersonRef {
  readonly id?: string | null;
  readonly identifier?: IdentifierInput | null;
}

const PERSON_EXISTS = `
MATCH (p:Person {id: $id})
RETURN p.id AS id`;

/**
 * Turns a reference into a person id inside the caller's transaction. An id must exist; an
 * identifier resolves exactly as identify would, creating an unknown visitor when it is new.
 */
export async function resolvePersonRefInTx(
  tx: ManagedTransaction,
  db: Database,
  ref: PersonRef,
  source: string,
): Promise<string> {
  const hasId = ref.id !== undefined && ref.id !== null;
  const hasIdentifier = ref.identifier !== undefined && ref.identifier !== null;
  if (hasId === hasIdentifier) {
    throw badInput(
      `PersonRef expects exactly one of id or identifier, but got ${hasId ? 'both' : 'neither'}.`,
      { field: 'person' },
    );
  }
  if (ref.id !== undefined && ref.id !== null) {
    const [row] = await db.count(runQuery(tx, { text: PERSON_EXISTS, params: { id: ref.id } }));
    if (!row) throw notFound('person', ref.id);
    return ref.id;
  }
  const outcome = await resolveIdentityInTx(tx, db, { identifiers: [ref.identifier as IdentifierInput], source });
  return outcome.personId;
}
