/**
 * Cypher of identity resolution. Constants only: every value arrives as a parameter, and the
 * relationship types a merge moves come from the closed lists in merge-types.ts.
 */

/** A repeated messageId: the person it already touched, so a retry writes nothing. */
export const FIND_SOURCE_RECORD_BY_MESSAGE_ID = `
MATCH (s:SourceRecord {messageId: $messageId})-[:DESCRIBES]->(p:Person)
RETURN p.id AS personId`;

/** People holding any of the keys (read without locks; the caller locks and re-checks). */
export const FIND_PEOPLE_BY_IDENTIFIER_KEYS = `
UNWIND $keys AS key
MATCH (:Identifier {key: key})-[:IDENTIFIES]->(p:Person)
RETURN DISTINCT p.id AS id`;

/**
 * Write-locks the people in id order (the same order in every transaction, so two merges of
 * the same people cannot deadlock for long) and reads them as they are now.
 */
export const LOCK_PEOPLE = `
UNWIND $ids AS id
MATCH (p:Person {id: id})
WITH p ORDER BY p.id
SET p.lockedAt = datetime($now)
RETURN p.id AS id, p.status AS status, toString(p.createdAt) AS createdAt, p.known AS known,
       p.observations AS observations,
       [(i:Identifier)-[:IDENTIFIES]->(p) | {key: i.key, type: i.type, value: i.value}] AS identifiers`;

/**
 * A new person with its identifiers. Identifiers are CREATEd, not MERGEd: if a concurrent
 * transaction created one first, the uniqueness constraint fails this one, and the retry then
 * finds and attaches to the winner instead of making a second person.
 */
export const CREATE_PERSON = `
CREATE (p:Person {id: $personId, status: 'ACTIVE', known: false, traits: '{}', observations: '{}',
                  createdAt: datetime($now), updatedAt: datetime($now)})
RETURN p.id AS id`;

export const ATTACH_IDENTIFIERS = `
MATCH (p:Person {id: $personId})
UNWIND $identifiers AS idf
CREATE (i:Identifier {key: idf.key, type: idf.type, value: idf.value, source: $source, firstSeenAt: datetime($now)})
CREATE (i)-[:IDENTIFIES {at: datetime($now), rule: $rule, source: $source}]->(p)
RETURN count(i) AS attached`;

/** Writes the derived profile: golden traits, their provenance, and what search and display use. */
export const UPDATE_PROFILE = `
MATCH (p:Person {id: $personId})
SET p.traits = $traits, p.traitSources = $traitSources, p.observations = $observations,
    p.displayName = $displayName, p.known = $known, p.searchText = $searchText, p.updatedAt = datetime($now)
RETURN p.id AS id`;

/** The record kept verbatim: full detail of everything ingested. */
export const CREATE_SOURCE_RECORD = `
MATCH (p:Person {id: $personId})
CREATE (s:SourceRecord {id: $id, source: $source, messageId: $messageId, receivedAt: datetime($now),
                        observedAt: datetime($observedAt), payload: $payload})
CREATE (s)-[:DESCRIBES]->(p)
RETURN s.id AS id`;

/** Everything a person's profile is derived from, oldest first, for recomputing after an unmerge. */
export const SOURCE_RECORDS_FOR_RECOMPUTE = `
MATCH (s:SourceRecord)-[:DESCRIBES]->(:Person {id: $personId})
RETURN s.source AS source, toString(s.observedAt) AS observedAt, s.payload AS payload
ORDER BY s.observedAt
LIMIT 5000`;

export const IDENTIFIERS_OF_PERSON = `
MATCH (i:Identifier)-[:IDENTIFIES]->(:Person {id: $personId})
RETURN i.key AS key, i.type AS type, i.value AS value`;

/**
 * Moves the merged person's outgoing relationships (households, jobs, relationships,
 * interactions, consents) to the survivor, remembering where each came from so an unmerge can
 * move it back. Relationships between the two people stay where they are.
 */
export const MOVE_OUTGOING = `
MATCH (m:Person {id: $mergedId}), (s:Person {id: $survivorId})
MATCH (m)-[r]->(x)
WHERE type(r) IN $types AND x <> s
WITH s, r, x, type(r) AS relType, properties(r) AS props
CREATE (s)-[n:$(relType)]->(x)
SET n = props, n.mergedFrom = coalesce(props.mergedFrom, $mergedId)
DELETE r
RETURN count(n) AS moved`;

/** Same for incoming relationships: identifiers, source records, relationships pointing at the person. */
export const MOVE_INCOMING = `
MATCH (m:Person {id: $mergedId}), (s:Person {id: $survivorId})
MATCH (x)-[r]->(m)
WHERE type(r) IN $types AND x <> s
WITH s, r, x, type(r) AS relType, properties(r) AS props
CREATE (x)-[n:$(relType)]->(s)
SET n = props, n.mergedFrom = coalesce(props.mergedFrom, $mergedId)
DELETE r
RETURN count(n) AS moved`;

/**
 * A person lives in one household at a time: when both had one, the survivor keeps its own and
 * the merged person's membership becomes history, marked so an unmerge restores it.
 */
export const RESOLVE_DOUBLE_MEMBERSHIP = `
MATCH (s:Person {id: $survivorId})-[r:MEMBER_OF]->(:Household)
WITH s, r ORDER BY r.mergedFrom IS NULL DESC, r.since
WITH s, collect(r) AS memberships
WHERE size(memberships) > 1
UNWIND memberships[1..] AS extra
WITH s, extra, endNode(extra) AS household, properties(extra) AS props
CREATE (s)-[w:WAS_MEMBER_OF]->(household)
SET w = props, w.until = datetime($now), w.endedBy = 'merge'
DELETE extra
RETURN count(w) AS ended`;

export const MARK_MERGED = `
MATCH (m:Person {id: $mergedId}), (s:Person {id: $survivorId})
SET m.status = 'MERGED', m.mergedAt = datetime($now), m.traits = '{}', m.traitSources = '{}',
    m.observations = '{}', m.displayName = null, m.searchText = null, m.updatedAt = datetime($now)
CREATE (m)-[link:MERGED_INTO {id: $mergeId, at: datetime($now), rule: $rule, reason: $reason}]->(s)
RETURN link.id AS id`;

/** For an unmerge: the link to undo, the person now holding the data, and the merged subtree. */
export const FIND_MERGE_LINEAGE = `
MATCH (m:Person {id: $mergedId})-[link:MERGED_INTO]->(parent:Person)
MATCH (m)-[:MERGED_INTO*1..32]->(root:Person)
WHERE NOT (root)-[:MERGED_INTO]->(:Person)
RETURN parent.id AS parentId, root.id AS rootId, link.rule AS rule, link.reason AS reason,
       [m.id] + [(x:Person)-[:MERGED_INTO*1..32]->(m) | x.id] AS subtree`;

/** Moves back, from the current holder, what came from the unmerged person or those merged into it. */
export const RESTORE_OUTGOING = `
MATCH (root:Person {id: $rootId}), (m:Person {id: $mergedId})
MATCH (root)-[r]->(x)
WHERE type(r) IN $types AND r.mergedFrom IN $subtree
WITH m, r, x, properties(r) AS props,
     CASE WHEN type(r) = 'WAS_MEMBER_OF' AND r.endedBy = 'merge' THEN 'MEMBER_OF' ELSE type(r) END AS relType
CREATE (m)-[n:$(relType)]->(x)
SET n = props,
    n.mergedFrom = CASE WHEN props.mergedFrom = $mergedId THEN null ELSE props.mergedFrom END,
    n.until = CASE WHEN props.endedBy = 'merge' THEN null ELSE props.until END,
    n.endedBy = CASE WHEN props.endedBy = 'merge' THEN null ELSE props.endedBy END
DELETE r
RETURN count(n) AS restored`;

export const RESTORE_INCOMING = `
MATCH (root:Person {id: $rootId}), (m:Person {id: $mergedId})
MATCH (x)-[r]->(root)
WHERE type(r) IN $types AND r.mergedFrom IN $subtree
WITH m, r, x, type(r) AS relType, properties(r) AS props
CREATE (x)-[n:$(relType)]->(m)
SET n = props, n.mergedFrom = CASE WHEN props.mergedFrom = $mergedId THEN null ELSE props.mergedFrom END
DELETE r
RETURN count(n) AS restored`;

/** Undoes the link but keeps it as history, so mergeHistory still tells what happened. */
export const UNLINK_MERGE = `
MATCH (m:Person {id: $mergedId})-[link:MERGED_INTO]->(parent:Person)
CREATE (m)-[h:WAS_MERGED_INTO]->(parent)
SET h = properties(link), h.unmergedAt = datetime($now)
DELETE link
SET m.status = 'ACTIVE', m.mergedAt = null, m.updatedAt = datetime($now)
RETURN parent.id AS parentId`;
