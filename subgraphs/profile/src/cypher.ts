/** Cypher of the profile subgraph's reads. Constants only; values are parameters. */
import { PEOPLE_BY_REQUESTED_ID } from '@cdp/shared';

/** Every person read returns PERSON. */
const PERSON = `person {
  .id, .status, .known, .displayName, .traits, .traitSources,
  createdAt: toString(person.createdAt), updatedAt: toString(person.updatedAt)
}`;
const IDENTIFIER = `i {.type, .value, .source, firstSeenAt: toString(i.firstSeenAt), rule: link.rule, mergedFrom: link.mergedFrom}`;
const CONSENT = `{purpose: purpose.name, granted: c.granted, source: c.source, at: toString(c.at)}`;

/**
 * People by id; a merged id resolves to the surviving person by following the lineage,
 * so links that clients kept from before a merge keep working. Starts from a unique key, by its
 * index (see person-root.ts): not replanned (it is read for every live event).
 */
export const PEOPLE_BY_IDS = `CYPHER replan=skip
${PEOPLE_BY_REQUESTED_ID}
RETURN requestedId, ${PERSON} AS person`;

/**
 * The same with each person's identifiers and consent history, in the order their own statements
 * give: a profile page asks for them with the person, and one statement instead of three saves
 * the request a round trip to Neo4j.
 */
export const PEOPLE_WITH_IDENTIFIERS_AND_CONSENTS_BY_IDS = `CYPHER replan=skip
${PEOPLE_BY_REQUESTED_ID}
RETURN requestedId, ${PERSON} AS person,
  COLLECT { MATCH (i:Identifier)-[link:IDENTIFIES]->(person) WITH i, link ORDER BY i.firstSeenAt, i.key RETURN ${IDENTIFIER} } AS identifiers,
  COLLECT { MATCH (person)-[c:CONSENTED]->(purpose:Purpose) WITH c, purpose ORDER BY c.at DESC RETURN ${CONSENT} } AS consents`;

export const PERSON_ID_BY_IDENTIFIER_KEY = `
MATCH (:Identifier {key: $key})-[:IDENTIFIES]->(p:Person)
RETURN p.id AS id`;

export const IDENTIFIERS_BY_PERSON_IDS = `
UNWIND $ids AS personId
MATCH (i:Identifier)-[link:IDENTIFIES]->(:Person {id: personId})
RETURN personId, ${IDENTIFIER} AS identifier
ORDER BY personId, i.firstSeenAt, i.key`;

export const OBSERVATIONS_BY_PERSON_IDS = `
UNWIND $ids AS personId
MATCH (p:Person {id: personId})
RETURN personId, p.observations AS observations`;

/** One page of several people's source records, newest first, seeking past the cursor. */
export const SOURCE_RECORD_PAGES = `
UNWIND $personIds AS personId
MATCH (p:Person {id: personId})
CALL (p) {
  MATCH (s:SourceRecord)-[:DESCRIBES]->(p)
  WHERE $afterAt IS NULL
     OR s.receivedAt < datetime($afterAt)
     OR (s.receivedAt = datetime($afterAt) AND s.id < $afterId)
  RETURN s
  ORDER BY s.receivedAt DESC, s.id DESC
  LIMIT $limit
}
RETURN personId, collect(s {.id, .source, .messageId, .payload,
  receivedAt: toString(s.receivedAt), observedAt: toString(s.observedAt)}) AS records`;

/** Merges into the person or into anyone merged into it, done and undone, and its own. */
export const MERGE_HISTORY_BY_PERSON_IDS = `
UNWIND $ids AS personId
MATCH (p:Person {id: personId})
WITH personId, [p] + [(m:Person)-[:MERGED_INTO*1..32]->(p) | m] AS lineage
UNWIND lineage AS member
MATCH (member)-[link:MERGED_INTO|WAS_MERGED_INTO]-(:Person)
WITH personId, link, startNode(link) AS merged, endNode(link) AS survivor
RETURN personId, collect(DISTINCT {survivorId: survivor.id, mergedId: merged.id, at: toString(link.at),
  rule: link.rule, reason: link.reason, unmergedAt: toString(link.unmergedAt)}) AS events`;

/** The evidence that makes a profile one person, capped so a huge profile stays drawable. */
export const IDENTITY_GRAPHS_BY_PERSON_IDS = `
UNWIND $ids AS personId
MATCH (p:Person {id: personId})
WITH personId, p, [(m:Person)-[link:MERGED_INTO*1..32]->(p) | {id: m.id, via: last(link)}] AS merged
RETURN personId,
  [(i:Identifier)-[l:IDENTIFIES]->(p) | {id: i.key, type: i.type, value: i.value, rule: l.rule,
     mergedFrom: l.mergedFrom, at: toString(l.at)}][0..200] AS identifiers,
  [(s:SourceRecord)-[:DESCRIBES]->(p) | {id: s.id, source: s.source, at: toString(s.receivedAt)}][0..100] AS records,
  [entry IN merged | {id: entry.id, into: endNode(entry.via).id, rule: entry.via.rule, at: toString(entry.via.at)}] AS merges`;

/** Latest consent per purpose; history is every CONSENTED relationship, which is append-only. */
export const CONSENTS_BY_PERSON_IDS = `
UNWIND $ids AS personId
MATCH (:Person {id: personId})-[c:CONSENTED]->(purpose:Purpose)
RETURN personId, ${CONSENT} AS consent
ORDER BY personId, c.at DESC`;

export const SET_CONSENT = `
MATCH (p:Person {id: $personId})
MERGE (purpose:Purpose {name: $purpose})
CREATE (p)-[c:CONSENTED {purpose: $purpose, granted: $granted, source: $source, at: datetime($now)}]->(purpose)
RETURN {purpose: purpose.name, granted: c.granted, source: c.source, at: toString(c.at)} AS consent`;

/** The full-text index is eventually consistent: search waits until what committed before it is in. */
export const AWAIT_SEARCH_INDEX = `CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()`;

/** Full-text search; the index holds only active people (others have no searchText). */
export const SEARCH_PEOPLE = `
CALL db.index.fulltext.queryNodes('person_text', $query, {skip: $skip, limit: $limit})
YIELD node, score
RETURN node.id AS id, score`;
