/**
 * Cypher of identity resolution. Constants only: every value arrives as a parameter.
 */

/** A repeated messageId: the person it already touched, so a retry writes nothing. */
export const FIND_SOURCE_RECORD_BY_MESSAGE_ID = `
MATCH (s:SourceRecord {messageId: $messageId})-[:DESCRIBES]->(p:Person)
RETURN p.id AS personId`;

/** People holding any of the keys, oldest first (the oldest survives a later merge). */
export const FIND_PEOPLE_BY_IDENTIFIER_KEYS = `
UNWIND $keys AS key
MATCH (:Identifier {key: key})-[:IDENTIFIES]->(p:Person)
WITH DISTINCT p
RETURN p.id AS id, p.known AS known, p.traits AS traits, [(i:Identifier)-[:IDENTIFIES]->(p) | i.key] AS keys
ORDER BY p.createdAt, p.id`;

/**
 * A new person with its identifiers. Identifiers are CREATEd, not MERGEd: if a concurrent
 * transaction created one first, the uniqueness constraint fails this one, and the retry then
 * finds and attaches to the winner instead of making a second person.
 */
export const CREATE_PERSON = `
CREATE (p:Person {id: $personId, status: 'ACTIVE', known: $known, traits: $traits, displayName: $displayName,
                  createdAt: datetime($now), updatedAt: datetime($now)})
WITH p
UNWIND $identifiers AS idf
CREATE (i:Identifier {key: idf.key, type: idf.type, value: idf.value, source: $source, firstSeenAt: datetime($now)})
CREATE (i)-[:IDENTIFIES {at: datetime($now), rule: $rule}]->(p)
RETURN count(i) AS attached`;

/** Locks the person (SET takes the write lock) and returns its traits as they are now. */
export const LOCK_PERSON = `
MATCH (p:Person {id: $personId})
SET p.updatedAt = datetime($now)
RETURN p.traits AS traits, p.known AS known`;

export const ATTACH_TO_PERSON = `
MATCH (p:Person {id: $personId})
SET p.traits = $traits, p.displayName = $displayName, p.known = $known
WITH p
UNWIND $identifiers AS idf
CREATE (i:Identifier {key: idf.key, type: idf.type, value: idf.value, source: $source, firstSeenAt: datetime($now)})
CREATE (i)-[:IDENTIFIES {at: datetime($now), rule: $rule}]->(p)
RETURN count(i) AS attached`;

/** The record kept verbatim: full detail of everything ingested. */
export const CREATE_SOURCE_RECORD = `
MATCH (p:Person {id: $personId})
CREATE (s:SourceRecord {id: $id, source: $source, messageId: $messageId, receivedAt: datetime($now),
                        observedAt: datetime($observedAt), payload: $payload})
CREATE (s)-[:DESCRIBES]->(p)
RETURN s.id AS id`;
