/**
 * Cypher of the change log: sequencing, tailing, replay and pruning. Constants only.
 *
 * The hot statements say `CYPHER replan=skip` and name their index: the pending label swings
 * between empty and full many times a second, so Neo4j would find their statistics diverged at
 * every replan interval and plan them again (a fifth of the database's CPU under a steady write
 * load, measured with JFR), only to arrive at the same index-driven plan the hints fix anyway.
 */

const EVENT_FIELDS = `e {.cursor, .personId, .kind, .changedFields, .survivorId, at: toString(e.at)}`;

export const LATEST_CURSOR = `CYPHER replan=skip
MATCH (s:ChangeSequence {name: 'profile'}) USING INDEX SEEK s:ChangeSequence(name)
RETURN s.value AS cursor, coalesce(s.prunedThrough, 0) AS prunedThrough`;

/** Whether any committed change waits for a cursor: a label count, answered from the count store. */
export const PENDING_COUNT = `CYPHER replan=skip
MATCH (e:PendingChange)
RETURN count(e) AS pending`;

const PENDING_FIELDS = `e {id: elementId(e), .personId, .seq, .kind, .survivorId, at: toString(e.at), .link, .linkPeople}`;

/** Gives the list events the next cursors of the locked sequence s, in list order. */
const NUMBER_EVENTS = `WITH s, events, s.value AS base
SET s.value = base + size(events)
WITH base, events
UNWIND range(0, size(events) - 1) AS i
WITH events[i] AS e, base + i + 1 AS cursor
REMOVE e:PendingChange
SET e.cursor = cursor`;

/**
 * A sequencing round, in one statement when no merge is among its events. It first takes the
 * sequence's write lock (the SET): rounds of several sequencers (one per profile-subgraph
 * instance) run one after another, so cursor ranges never interleave and each round's cursors
 * become visible at once, after every earlier round's. Only then, in the subquery (run for the
 * locked row, after the SET), does it read the pending events: a round that waited for the lock
 * reads after the round before it committed, so it never numbers an event that round numbered.
 *
 * It gives pending events their cursors: the people of the oldest pending events (read in index
 * order, so a backlog costs no more per round than an empty log) oldest first (in one
 * transaction: in the order its changes were reported), and each person's events in their
 * stream order. A person's events are found again by an index seek after the scan, so an earlier
 * event of a person whose later one was seen is always included: it committed first (the stream
 * lock orders them), hence is visible to the later read.
 *
 * When an event of a merge's append is among them (it has a `link`), it numbers nothing and
 * returns the events as `pending`: the round orders them (change-order.ts) and numbers them
 * with SEQUENCE_ORDERED, in the same transaction, still holding the lock.
 */
export const SEQUENCE_PENDING = `CYPHER replan=skip
MATCH (s:ChangeSequence {name: 'profile'}) USING INDEX SEEK s:ChangeSequence(name)
SET s.rounds = coalesce(s.rounds, 0) + 1
WITH s
CALL (s) {
  MATCH (p:PendingChange) USING INDEX p:PendingChange(at) WHERE p.at IS NOT NULL
  WITH p ORDER BY p.at, p.order LIMIT $people
  WITH p.personId AS personId, min(p.at) AS first, min(p.order) AS order
  ORDER BY first, order, personId
  MATCH (e:PendingChange {personId: personId}) USING INDEX SEEK e:PendingChange(personId)
  WITH first, order, personId, e ORDER BY first, order, personId, e.seq
  RETURN collect(e) AS events
}
WITH s, events, any(e IN events WHERE e.link IS NOT NULL) AS linked
CALL (s, events, linked) {
  WITH s, events, linked WHERE NOT linked AND size(events) > 0
  ${NUMBER_EVENTS}
  RETURN collect(${EVENT_FIELDS}) AS sequenced
}
RETURN sequenced, CASE WHEN linked THEN [e IN events | ${PENDING_FIELDS}] ELSE [] END AS pending`;

/** The pending events of people a merge's append names that the round did not pick. */
export const PENDING_OF_PEOPLE = `CYPHER replan=skip
UNWIND $personIds AS personId
MATCH (e:PendingChange {personId: personId}) USING INDEX SEEK e:PendingChange(personId)
RETURN ${PENDING_FIELDS} AS event`;

/**
 * Numbers pending events in the order given (`$ids`, element ids), for a round that holds the
 * sequence lock (SEQUENCE_PENDING took it). Nothing deletes a pending event, but should an id
 * match none, it is skipped rather than leaving a gap in the cursors.
 */
export const SEQUENCE_ORDERED = `CYPHER replan=skip
CALL () {
  UNWIND range(0, size($ids) - 1) AS i
  MATCH (e:PendingChange) WHERE elementId(e) = $ids[i]
  WITH i, e ORDER BY i
  RETURN collect(e) AS events
}
MATCH (s:ChangeSequence {name: 'profile'}) USING INDEX SEEK s:ChangeSequence(name)
${NUMBER_EVENTS}
RETURN ${EVENT_FIELDS} AS event
ORDER BY e.cursor`;

/**
 * Whom a subscriber of a person id follows from the start: the people a merged id was merged
 * into, down its lineage, each with the cursor of the MERGED_AWAY that led there if the log holds
 * one after `$since` (the survivor's events count from there on), else null: merged before it,
 * or (`pending`) so recently that the MERGED_AWAY has no cursor yet. Pending is read first: an
 * event numbered in between is then found by the second read, never missed by both.
 */
export const MERGE_FOLLOWS = `CYPHER replan=skip
MATCH (p:Person {id: $id}) USING INDEX SEEK p:Person(id)
MATCH path = (p)-[:MERGED_INTO*1..32]->(:Person)
WITH nodes(path) AS chain ORDER BY length(path) DESC LIMIT 1
UNWIND range(1, size(chain) - 1) AS i
WITH i, chain[i - 1].id AS mergedId, chain[i].id AS personId
CALL (mergedId, personId) {
  OPTIONAL MATCH (w:PendingChange {personId: mergedId}) USING INDEX SEEK w:PendingChange(personId)
  WHERE w.kind = 'MERGED_AWAY' AND w.survivorId = personId
  WITH count(w) > 0 AS pending
  OPTIONAL MATCH (e:ChangeEvent {personId: mergedId}) USING INDEX SEEK e:ChangeEvent(personId, cursor)
  WHERE e.cursor > $since AND e.kind = 'MERGED_AWAY' AND e.survivorId = personId
  RETURN pending, min(e.cursor) AS mergedAt
}
RETURN mergedId, personId, mergedAt, pending
ORDER BY i`;

/** The next events after a cursor, in cursor order: a range seek on the unique cursor index. */
export const CHANGES_AFTER = `CYPHER replan=skip
MATCH (e:ChangeEvent) USING INDEX SEEK e:ChangeEvent(cursor)
WHERE e.cursor > $after
RETURN ${EVENT_FIELDS} AS event
ORDER BY e.cursor
LIMIT $limit`;

/** One person's (or a few people's) events after a cursor, for a subscriber that resumes. */
export const PERSON_CHANGES_AFTER = `CYPHER replan=skip
UNWIND $personIds AS personId
MATCH (e:ChangeEvent {personId: personId}) USING INDEX SEEK e:ChangeEvent(personId, cursor)
WHERE e.cursor > $after
RETURN ${EVENT_FIELDS} AS event
ORDER BY e.cursor
LIMIT $limit`;

/**
 * Deletes, in cursor order from the oldest event held, up to `$limit` events older than the
 * retention, and remembers how far it went; it stops at the first event still kept, so
 * everything at or below `prunedThrough` is gone (events an older prune left below it, one that
 * deleted by time alone, go first). The cursor's own index leads the way: an index on the
 * events' time, kept only for pruning, cost every event an entry more to write.
 */
export const PRUNE_CHANGES = `
CALL () {
  MATCH (e:ChangeEvent) USING INDEX SEEK e:ChangeEvent(cursor)
  WHERE e.cursor > 0
  WITH e ORDER BY e.cursor LIMIT $limit
  RETURN collect(e) AS events
}
WITH events, [i IN range(0, size(events) - 1) WHERE events[i].at >= datetime($before)][0] AS firstKept
WITH events[0..coalesce(firstKept, size(events))] AS expired
WITH expired, expired[-1].cursor AS through
FOREACH (e IN expired | DELETE e)
WITH size(expired) AS pruned, through WHERE through IS NOT NULL
MATCH (s:ChangeSequence {name: 'profile'}) USING INDEX SEEK s:ChangeSequence(name)
SET s.prunedThrough = CASE WHEN coalesce(s.prunedThrough, 0) > through THEN s.prunedThrough ELSE through END
RETURN pruned, through`;
