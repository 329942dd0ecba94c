import type DataLoader from 'dataloader';
import { keyedLoader } from './loaders.js';
import type { Database, Row } from './neo4j.js';

/**
 * `Query.person(id)` is served by every subgraph (`@shareable`), so the gateway asks all three at
 * once instead of asking profile first and the others with what it answered: a profile page waits
 * for one subgraph hop, not two. Every subgraph must then find the same person for an id, which
 * is why they share this start: a merged id leads to its survivor by following the lineage, and
 * an unknown id to nothing. Erased people stay findable as tombstones, as profile shows them.
 *
 * The id lookup forces a seek (`USING INDEX SEEK`): the statements built on it keep their first
 * plan (`replan=skip`), which must not be a scan made on an empty database's statistics.
 *
 * Binds `requestedId` and `person`; nothing else (other variables are dropped by the WITH, so
 * statements built on it may reuse any name).
 */
export const PEOPLE_BY_REQUESTED_ID = `UNWIND $ids AS requestedId
MATCH (p:Person {id: requestedId}) USING INDEX SEEK p:Person(id)
OPTIONAL MATCH (p)-[:MERGED_INTO*1..32]->(survivor:Person)
  WHERE NOT (survivor)-[:MERGED_INTO]->(:Person)
WITH requestedId, coalesce(survivor, p) AS person`;

/** The person each requested id leads to, and nothing more: for requests that need no read-along. */
export const SURVIVORS_BY_REQUESTED_IDS = `CYPHER replan=skip
${PEOPLE_BY_REQUESTED_ID}
RETURN requestedId, person.id AS id`;

/** What a subgraph's `Query.person` answers: the reference its own Person fields resolve from. */
export interface PersonRoot {
  readonly id: string;
}

/**
 * Requested id to the person it leads to, or null. `text` must start with
 * {@link PEOPLE_BY_REQUESTED_ID} and return `requestedId` and `id`; `readAlong` gets every row,
 * so that a statement which also read what the request asks of the person can prime the loaders
 * that would otherwise ask Neo4j again; `params` are the statement's other parameters.
 */
export function personRootLoader(
  db: Database,
  text: string,
  readAlong?: (row: Row, personId: string) => void,
  params: Readonly<Record<string, unknown>> = {},
): DataLoader<string, PersonRoot | null> {
  return keyedLoader<string, PersonRoot | null>(async (ids) => {
    const rows = await db.readRows({ text, params: { ...params, ids } });
    return new Map(
      rows.map((row) => {
        const id = String(row['id']);
        readAlong?.(row, id);
        return [String(row['requestedId']), { id }];
      }),
    );
  }, null);
}
