/** Cypher of the profile subgraph's reads. Constants only; values are parameters. */

/**
 * People by id; a merged id resolves to the surviving person by following the lineage,
 * so links that clients kept from before a merge keep working.
 */
export const PEOPLE_BY_IDS = `
UNWIND $ids AS requestedId
MATCH (p:Person {id: requestedId})
OPTIONAL MATCH (p)-[:MERGED_INTO*1..32]->(survivor:Person)
  WHERE NOT (survivor)-[:MERGED_INTO]->(:Person)
WITH requestedId, coalesce(survivor, p) AS person
RETURN requestedId, person {
  .id, .status, .known, .displayName, .traits,
  createdAt: toString(person.createdAt), updatedAt: toString(person.updatedAt)
} AS person`;

export const IDENTIFIERS_BY_PERSON_IDS = `
UNWIND $ids AS personId
MATCH (i:Identifier)-[:IDENTIFIES]->(:Person {id: personId})
RETURN personId, i {.type, .value, .source, firstSeenAt: toString(i.firstSeenAt)} AS identifier
ORDER BY personId, i.firstSeenAt, i.key`;
