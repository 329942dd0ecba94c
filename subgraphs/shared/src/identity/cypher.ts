/**
 * Cypher of identity resolution. Constants only: every value arrives as a parameter, and the
 * relationship types a merge moves come from the closed lists in merge-types.ts.
 *
 * The two statements of every identify say `CYPHER replan=skip`: replanning them whenever the
 * growing graph's counts diverge cost hundreds of milliseconds of database CPU per size class
 * each time. A kept plan is the one made at the first run, on whatever statistics there were, so
 * every MATCH by key forces an index seek (`USING INDEX SEEK`; MERGE takes no hints, and its
 * unique-constraint lookups have planned as seeks): unhinted, and even with a plain
 * `USING INDEX`, the planner has chosen a scan of the whole key index per key, which made locking
 * a batch of 100 calls take 1.7 s instead of 20 ms (test/cypher.test.ts holds kept plans to this).
 */

import { appendingChanges } from '../changes.js';

/**
 * One round trip for the start of a wave of identify calls: for each call, a repeated messageId
 * answers with the person it touched; otherwise the people holding any of its keys are
 * write-locked, each call's in id order, and read as they are after the lock. Calls of a batch
 * lock in call order, so two batches can deadlock; Neo4j detects it and Database.write re-runs
 * the loser at once.
 */
export const FIND_AND_LOCK_BY_KEYS = `CYPHER replan=skip
UNWIND $calls AS call
OPTIONAL MATCH (seen:SourceRecord {messageId: call.messageId})-[:DESCRIBES]->(seenPerson:Person) USING INDEX SEEK seen:SourceRecord(messageId)
CALL (seen, call) {
  WITH seen WHERE seen IS NULL
  UNWIND call.keys AS key
  MATCH (identifier:Identifier {key: key})-[:IDENTIFIES]->(p:Person) USING INDEX SEEK identifier:Identifier(key)
  WITH DISTINCT p ORDER BY p.id
  SET p.lockedAt = datetime($now)
  RETURN collect(p {.id, .status, .observations, createdAt: toString(p.createdAt),
    identifiers: [(i:Identifier)-[:IDENTIFIES]->(p) | {key: i.key, type: i.type, value: i.value}]}) AS holders
}
RETURN call.index AS index, seenPerson.id AS seenPersonId, holders`;

/** Write-locks people by id, in id order, and reads them after the lock (explicit merges, unmerges). */
export const LOCK_PEOPLE = `
UNWIND $ids AS id
MATCH (p:Person {id: id})
WITH p ORDER BY p.id
SET p.lockedAt = datetime($now)
RETURN p.id AS id, p.status AS status, toString(p.createdAt) AS createdAt, p.observations AS observations,
       [(i:Identifier)-[:IDENTIFIES]->(p) | {key: i.key, type: i.type, value: i.value}] AS identifiers`;

/**
 * The rest of a wave of identify calls in one round trip: for each, the person (created if new),
 * its derived profile, the source record, and new identifiers. Identifiers are CREATEd, not
 * MERGEd: if a concurrent transaction created one first, the uniqueness constraint fails this
 * one, and the re-run then finds and attaches to the winner instead of making a second person.
 */
export const WRITE_IDENTIFY = `CYPHER replan=skip
UNWIND $writes AS w
CALL (w) {
  MERGE (p:Person {id: w.personId})
    ON CREATE SET p.status = 'ACTIVE', p.createdAt = datetime($now)
  SET p.traits = w.traits, p.traitSources = w.traitSources, p.observations = w.observations,
      p.displayName = w.displayName, p.known = w.known, p.searchText = w.searchText, p.updatedAt = datetime($now)
  CREATE (s:SourceRecord {id: w.recordId, source: w.source, messageId: w.messageId, receivedAt: datetime($now),
                          observedAt: datetime(w.observedAt), payload: w.payload})
  CREATE (s)-[:DESCRIBES]->(p)
  WITH p
  CALL (p, w) {
    UNWIND w.identifiers AS idf
    CREATE (i:Identifier {key: idf.key, type: idf.type, value: idf.value, source: w.source, firstSeenAt: datetime($now)})
    CREATE (i)-[:IDENTIFIES {at: datetime($now), rule: w.rule, source: w.source}]->(p)
  }
  RETURN p {.id, .status, .known, .displayName, .traits, .traitSources,
            createdAt: toString(p.createdAt), updatedAt: toString(p.updatedAt)} AS person
}
RETURN w.index AS index, person`;

/** WRITE_IDENTIFY that first appends the transaction's changes (identify reports them before it writes). */
export const WRITE_IDENTIFY_APPENDING_CHANGES = appendingChanges(WRITE_IDENTIFY);

/** Writes the derived profile: golden traits, their provenance, and what search and display use. */
export const UPDATE_PROFILE = `
MATCH (p:Person {id: $personId})
SET p.traits = $traits, p.traitSources = $traitSources, p.observations = $observations,
    p.displayName = $displayName, p.known = $known, p.searchText = $searchText, p.updatedAt = datetime($now)
RETURN p.id AS id`;

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
 * Merges, each as a whole, in one statement: `$merges` holds {survivorId, mergedId, mergeId, rule,
 * reason}, and each runs in its own subquery, after the one before it, as if sent alone (identify
 * sends the merges of a wave together; they concern different people, see waves.ts).
 *
 * Every relationship that is the merged person's data (households, jobs, relationships,
 * interactions, consents; identifiers and source records) moves to the survivor, stamped with
 * where it came from so an unmerge can move it back; links between the two people stay where
 * they are. A person lives in one household at a time: when both had one, the survivor keeps its
 * own and the other becomes history, marked so an unmerge restores it. Then the link MERGED_INTO
 * records when, by which rule and why.
 */
export const MERGE_PEOPLE = `
UNWIND $merges AS merge
CALL (merge) {
  MATCH (m:Person {id: merge.mergedId}), (s:Person {id: merge.survivorId})
  CALL (m, s, merge) {
    MATCH (m)-[r]->(x)
    WHERE type(r) IN $outgoingTypes AND x <> s
    WITH s, r, x, type(r) AS relType, properties(r) AS props
    CREATE (s)-[n:$(relType)]->(x)
    SET n = props, n.mergedFrom = coalesce(props.mergedFrom, merge.mergedId)
    DELETE r
  }
  CALL (m, s, merge) {
    MATCH (x)-[r]->(m)
    WHERE type(r) IN $incomingTypes AND x <> s
    WITH s, r, x, type(r) AS relType, properties(r) AS props
    CREATE (x)-[n:$(relType)]->(s)
    SET n = props, n.mergedFrom = coalesce(props.mergedFrom, merge.mergedId)
    DELETE r
  }
  CALL (s) {
    MATCH (s)-[r:MEMBER_OF]->(:Household)
    WITH s, r ORDER BY r.mergedFrom IS NULL DESC, r.since
    WITH s, collect(r) AS memberships
    WHERE size(memberships) > 1
    UNWIND memberships[1..] AS extra
    WITH s, extra, endNode(extra) AS household, properties(extra) AS props
    CREATE (s)-[w:WAS_MEMBER_OF]->(household)
    SET w = props, w.until = datetime($now), w.endedBy = 'merge'
    DELETE extra
  }
  SET m.status = 'MERGED', m.mergedAt = datetime($now), m.traits = '{}', m.traitSources = '{}',
      m.observations = '{}', m.displayName = null, m.searchText = null, m.updatedAt = datetime($now)
  CREATE (m)-[link:MERGED_INTO {id: merge.mergeId, at: datetime($now), rule: merge.rule, reason: merge.reason}]->(s)
  RETURN link.id AS id
}
RETURN id`;

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
