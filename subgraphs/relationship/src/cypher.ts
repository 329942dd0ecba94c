/** Cypher of households. Constants only; values are parameters. */

export const CREATE_HOUSEHOLD = `
CREATE (h:Household {id: $id, name: $name, address: $address, createdAt: datetime($now)})
RETURN h.id AS id`;

/**
 * Adds or moves a member in one statement. A person belongs to one household at a time: a
 * current membership elsewhere becomes history (WAS_MEMBER_OF with until) rather than vanishing.
 * Returns no row when the household or the person does not exist, and then writes nothing.
 */
export const ADD_HOUSEHOLD_MEMBER = `
MATCH (h:Household {id: $householdId})
MATCH (p:Person {id: $personId})
OPTIONAL MATCH (p)-[old:MEMBER_OF]->(previous:Household)
  WHERE previous <> h
CALL (p, old, previous) {
  WITH p, old, previous WHERE old IS NOT NULL
  CREATE (p)-[:WAS_MEMBER_OF {role: old.role, since: old.since, until: datetime($now)}]->(previous)
  DELETE old
}
MERGE (p)-[m:MEMBER_OF]->(h)
  ON CREATE SET m.since = datetime($now)
SET m.role = $role
RETURN h.id AS id`;

export const HOUSEHOLD_EXISTS = `
MATCH (h:Household {id: $householdId}) RETURN h.id AS id`;

export const PERSON_EXISTS = `
MATCH (p:Person {id: $personId}) RETURN p.id AS id`;

export const HOUSEHOLDS_BY_IDS = `
UNWIND $ids AS id
MATCH (h:Household {id: id})
RETURN id, h {.id, .name, .address, createdAt: toString(h.createdAt)} AS household`;

export const MEMBERS_BY_HOUSEHOLD_IDS = `
UNWIND $ids AS id
MATCH (p:Person)-[m:MEMBER_OF]->(:Household {id: id})
RETURN id, {personId: p.id, role: m.role, since: toString(m.since)} AS member
ORDER BY id, m.since, p.id`;

export const HOUSEHOLD_ID_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (:Person {id: id})-[:MEMBER_OF]->(h:Household)
RETURN id, h.id AS householdId`;
