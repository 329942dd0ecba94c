/** Cypher of people and households. Constants only; values are parameters. */
import { HOUSEHOLD, MEMBER } from './cypher-fragments.js';
import { MAX_MERGE_CHAIN } from './limits.js';

/**
 * People named by id, each resolved to the survivor when it was merged, and write-locked (a SET
 * takes the node's lock; the property is removed in the same statement, so nothing remains). The
 * lock serialises relationship writes per person: "one household at a time" and "one current job
 * per organization" are checked after it is held, so two concurrent calls cannot both pass.
 * Sorted, so two calls naming the same people take the locks in the same order.
 */
export const RESOLVE_AND_LOCK_PEOPLE = `
UNWIND $ids AS requestedId
MATCH (p:Person {id: requestedId})
OPTIONAL MATCH (p)-[:MERGED_INTO*1..${MAX_MERGE_CHAIN}]->(s:Person)
  WHERE NOT (s)-[:MERGED_INTO]->(:Person)
WITH requestedId, coalesce(s, p) AS person
ORDER BY person.id
SET person.relationshipLock = true
REMOVE person.relationshipLock
RETURN requestedId, person.id AS id`;

/** The same resolution for reads (no lock): an old id keeps working in queries too. */
export const RESOLVE_PEOPLE = `
UNWIND $ids AS requestedId
MATCH (p:Person {id: requestedId})
OPTIONAL MATCH (p)-[:MERGED_INTO*1..${MAX_MERGE_CHAIN}]->(s:Person)
  WHERE NOT (s)-[:MERGED_INTO]->(:Person)
RETURN requestedId, coalesce(s, p).id AS id`;

export const CREATE_HOUSEHOLD = `
CREATE (h:Household {id: $id, name: $name, address: $address, createdAt: datetime($now)})
RETURN h.id AS id`;

/** Returns the current members too: their household changed, and the change log says so. */
export const RENAME_HOUSEHOLD = `
MATCH (h:Household {id: $id})
SET h.name = $name
RETURN h.id AS id, [(p:Person)-[:MEMBER_OF]->(h) | p.id] AS memberIds`;

export const HOUSEHOLD_EXISTS = `
MATCH (h:Household {id: $householdId}) RETURN h.id AS id`;

/** The person's current household and role, read after the person is locked. */
export const CURRENT_MEMBERSHIP = `
MATCH (p:Person {id: $personId})-[m:MEMBER_OF]->(h:Household)
RETURN h.id AS householdId, m.role AS role`;

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
WITH DISTINCT h, p
MERGE (p)-[m:MEMBER_OF]->(h)
  ON CREATE SET m.since = datetime($now)
SET m.role = $role
RETURN h.id AS id`;

/** Ends a current membership, keeping it as history. No row when there was none. */
export const END_HOUSEHOLD_MEMBERSHIP = `
MATCH (p:Person {id: $personId})-[m:MEMBER_OF]->(h:Household {id: $householdId})
CREATE (p)-[:WAS_MEMBER_OF {role: m.role, since: m.since, until: datetime($now)}]->(h)
DELETE m
RETURN h.id AS id`;

/** New members of a household just created; the caller has checked none of them has one. */
export const ADD_HOUSEHOLD_MEMBERS = `
MATCH (h:Household {id: $householdId})
UNWIND $personIds AS personId
MATCH (p:Person {id: personId})
CREATE (p)-[:MEMBER_OF {role: $role, since: datetime($now)}]->(h)
RETURN count(p) AS added`;

/** The fields every household read returns (HouseholdRow), and every member read (MemberRow). */

export const HOUSEHOLDS_BY_IDS = `
UNWIND $ids AS id
MATCH (h:Household {id: id})
RETURN id, ${HOUSEHOLD} AS household`;

export const MEMBERS_BY_HOUSEHOLD_IDS = `
UNWIND $ids AS id
MATCH (p:Person)-[m:MEMBER_OF]->(:Household {id: id})
RETURN id, ${MEMBER} AS member
ORDER BY id, m.since, p.id`;

/** Each person's current household, whole: asking for a person's household costs one statement, not two. */
export const HOUSEHOLDS_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (:Person {id: id})-[:MEMBER_OF]->(h:Household)
RETURN id, ${HOUSEHOLD} AS household`;

/** The same with the household's members, in member order, for requests that ask for them too. */
export const HOUSEHOLDS_WITH_MEMBERS_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (:Person {id: id})-[:MEMBER_OF]->(h:Household)
RETURN id, ${HOUSEHOLD} AS household,
  COLLECT { MATCH (p:Person)-[m:MEMBER_OF]->(h) WITH p, m ORDER BY m.since, p.id RETURN ${MEMBER} } AS members`;

/** Current and past memberships, newest first. */
export const MEMBERSHIPS_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (:Person {id: id})-[m:MEMBER_OF|WAS_MEMBER_OF]->(h:Household)
RETURN id, {householdId: h.id, role: m.role, since: toString(m.since), until: toString(m.until)} AS membership
ORDER BY id, m.since DESC, m.until DESC`;

/**
 * Candidates for household suggestions: the most recently updated active people without a
 * household, read in updatedAt order from its index so the cost is bounded by $scan, not by the
 * size of the graph. Traits are JSON text, which Cypher cannot look inside; grouping by address
 * and family name happens in the caller.
 */
export const SUGGESTION_CANDIDATES = `
MATCH (p:Person)
WHERE p.updatedAt IS NOT NULL
WITH p ORDER BY p.updatedAt DESC LIMIT $scan
WHERE p.status = 'ACTIVE' AND NOT (p)-[:MEMBER_OF]->(:Household)
RETURN p.id AS id, p.traits AS traits, [(i:Identifier {type: 'PHONE'})-[:IDENTIFIES]->(p) | i.value] AS phones`;

/** The same facts for named people, to check a suggestion still holds when it is accepted. */
export const SUGGESTION_FACTS_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.traits AS traits, [(i:Identifier {type: 'PHONE'})-[:IDENTIFIES]->(p) | i.value] AS phones,
       [(p)-[:MEMBER_OF]->(h:Household) | h.id][0] AS householdId`;
