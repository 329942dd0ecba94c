/** Cypher of person-to-person relationships and of traversals. Constants only; values are parameters. */
import { perDepth } from './depth.js';

/**
 * A directed relationship in its stored direction (PARENT, REFERRED_BY, MANAGES). MERGE makes a
 * repeat a no-op; `since` given again replaces the stored one.
 */
export const RELATE_DIRECTED = `
MATCH (a:Person {id: $fromId}), (b:Person {id: $toId})
MERGE (a)-[r:RELATED_TO {type: $type}]->(b)
  ON CREATE SET r.since = datetime(coalesce($since, $now))
  ON MATCH SET r.since = CASE WHEN $since IS NULL THEN r.since ELSE datetime($since) END
RETURN toString(r.since) AS since`;

/**
 * A symmetric relationship: the undirected MERGE finds it whichever way it was stored (also one
 * carried over by a merge of people), so it is stored once.
 */
export const RELATE_SYMMETRIC = `
MATCH (a:Person {id: $fromId}), (b:Person {id: $toId})
MERGE (a)-[r:RELATED_TO {type: $type}]-(b)
  ON CREATE SET r.since = datetime(coalesce($since, $now))
  ON MATCH SET r.since = CASE WHEN $since IS NULL THEN r.since ELSE datetime($since) END
RETURN toString(r.since) AS since`;

/** A directed relationship stated the other way round already (b PARENT a when asked a PARENT b). */
export const REVERSED_RELATIONSHIP = `
MATCH (:Person {id: $toId})-[r:RELATED_TO {type: $type}]->(:Person {id: $fromId})
RETURN toString(r.since) AS since`;

export const UNRELATE_DIRECTED = `
MATCH (:Person {id: $fromId})-[r:RELATED_TO {type: $type}]->(:Person {id: $toId})
DELETE r
RETURN count(*) AS removed`;

export const UNRELATE_SYMMETRIC = `
MATCH (:Person {id: $fromId})-[r:RELATED_TO {type: $type}]-(:Person {id: $toId})
DELETE r
RETURN count(*) AS removed`;

/** Every relationship touching each person, with its stored direction; the caller turns it round. */
export const RELATIONSHIPS_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (p:Person {id: id})
CALL (p) {
  MATCH (p)-[r:RELATED_TO]-(other:Person)
  RETURN r, other ORDER BY r.since, other.id LIMIT $limit
}
RETURN id, {otherId: other.id, type: r.type, outgoing: startNode(r) = p, since: toString(r.since)} AS relationship`;

/** How a node of the network is described, whatever its label. */
const NODE = (v: string): string => `{eid: elementId(${v}), id: ${v}.id,
  kind: CASE WHEN ${v}:Person THEN 'PERSON' WHEN ${v}:Household THEN 'HOUSEHOLD' ELSE 'ORGANIZATION' END,
  label: coalesce(${v}.displayName, ${v}.name)}`;

/** The edges a network or path follows: relationships, current memberships, current jobs. */
const EDGE = (r: string): string => `{from: startNode(${r}).id, to: endNode(${r}).id, kind: type(${r}),
  relationshipType: ${r}.type, role: ${r}.role, title: ${r}.title}`;

export const NETWORK_START = `
MATCH (p:Person {id: $id})
RETURN ${NODE('p')} AS node`;

/**
 * One level of a breadth-first walk: nodes next to the frontier not seen yet. Element ids are
 * stable within the read transaction that runs the whole walk, and seek without an index. Each
 * frontier node contributes at most `$cap` new nodes, so a hub (a large employer) cannot make a
 * level unbounded; the caller asks for one more than it has room for, to know it was cut.
 */
export const NETWORK_NEIGHBOURS = `
UNWIND $frontier AS eid
MATCH (n) WHERE elementId(n) = eid
CALL (n) {
  MATCH (n)-[r:RELATED_TO|MEMBER_OF|WORKS_FOR]-(m)
  WHERE r.until IS NULL AND NOT elementId(m) IN $seen
  RETURN DISTINCT m LIMIT $cap
}
WITH DISTINCT m LIMIT $cap
RETURN ${NODE('m')} AS node`;

/** Every followed edge among the chosen nodes, each once (from its start node). */
export const NETWORK_EDGES = `
UNWIND $eids AS eid
MATCH (n) WHERE elementId(n) = eid
MATCH (n)-[r:RELATED_TO|MEMBER_OF|WORKS_FOR]->(m)
WHERE r.until IS NULL AND elementId(m) IN $eids
RETURN ${EDGE('r')} AS edge`;

/**
 * A shortest path of at most `$maxDepth` edges between two (already resolved) people, searched
 * from both ends at once; one branch per depth so the search never goes deeper than asked.
 */
export const CONNECTION_PATH = `
MATCH (a:Person {id: $fromId}), (b:Person {id: $toId})
CALL (a, b) {
${perDepth('a, b', (depth) => `MATCH path = SHORTEST 1 (a)(()-[r:RELATED_TO|MEMBER_OF|WORKS_FOR]-() WHERE r.until IS NULL){1,${depth}}(b)
  RETURN path`)}
}
RETURN [n IN nodes(path) | ${NODE('n')}] AS nodes, [r IN relationships(path) | ${EDGE('r')}] AS edges`;
