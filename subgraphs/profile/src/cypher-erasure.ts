/**
 * Cypher of erasure: everything that identifies or describes a person, in every subgraph's
 * part of the graph, goes in one transaction. Constants only.
 */

/** The person to erase and everyone merged into it: erasing one erases the whole lineage. */
export const ERASURE_LINEAGE = `
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[:MERGED_INTO*1..32]->(survivor:Person)
  WHERE NOT (survivor)-[:MERGED_INTO]->(:Person)
WITH coalesce(survivor, p) AS root
RETURN root.id AS rootId, root.status AS status,
       [root.id] + [(m:Person)-[:MERGED_INTO*1..32]->(root) | m.id] AS lineage`;

export const ERASE_IDENTIFIERS = `
UNWIND $lineage AS personId
MATCH (i:Identifier)-[:IDENTIFIES]->(:Person {id: personId})
WITH DISTINCT i
DETACH DELETE i
RETURN count(*) AS erased`;

export const ERASE_SOURCE_RECORDS = `
UNWIND $lineage AS personId
MATCH (s:SourceRecord)-[:DESCRIBES]->(:Person {id: personId})
WITH DISTINCT s
DETACH DELETE s
RETURN count(*) AS erased`;

export const ERASE_INTERACTIONS = `
UNWIND $lineage AS personId
MATCH (:Person {id: personId})-[:HAD]->(i:Interaction)
WITH DISTINCT i
DETACH DELETE i
RETURN count(*) AS erased`;

/** Memberships go; a household nobody else ever belonged to goes too (its name and address describe them). */
export const ERASE_MEMBERSHIPS = `
UNWIND $lineage AS personId
MATCH (:Person {id: personId})-[m:MEMBER_OF|WAS_MEMBER_OF]->(h:Household)
WITH collect(DISTINCT h) AS households, collect(m) AS memberships
FOREACH (m IN memberships | DELETE m)
WITH households
UNWIND households AS h
WITH h WHERE NOT (h)<-[:MEMBER_OF|WAS_MEMBER_OF]-(:Person)
DETACH DELETE h
RETURN count(*) AS erased`;

/** Every remaining relationship of the lineage (jobs, people, consents, merge links), counted. */
export const ERASE_RELATIONSHIPS = `
UNWIND $lineage AS personId
MATCH (:Person {id: personId})-[r]-()
WITH DISTINCT r
DELETE r
RETURN count(*) AS erased`;

export const DELETE_MERGED_PEOPLE = `
UNWIND $merged AS personId
MATCH (p:Person {id: personId})
DETACH DELETE p
RETURN count(*) AS erased`;

/** The tombstone: the id and the fact of erasure, nothing else. */
export const TOMBSTONE = `
MATCH (p:Person {id: $rootId})
SET p = {id: p.id, status: 'ERASED', known: false, traits: '{}', createdAt: p.createdAt,
         updatedAt: datetime($now), erasedAt: datetime($now)}
RETURN p.id AS id`;

export const RECORD_ERASURE = `
CREATE (e:Erasure {personId: $rootId, at: datetime($now), counts: $counts})
RETURN e.personId AS personId`;
