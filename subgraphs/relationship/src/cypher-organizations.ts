/** Cypher of organizations, their hierarchy, and employment. Constants only; values are parameters. */
import { EMPLOYMENT, org } from './cypher-fragments.js';
import { perDepth } from './depth.js';
import { MAX_DEPTH } from './limits.js';


export const CREATE_ORGANIZATION = `
CREATE (o:Organization {id: $id, name: $name, domain: $domain, industry: $industry, country: $country,
                        createdAt: datetime($now)})
RETURN o.id AS id`;

export const ORGANIZATION_EXISTS = `
MATCH (o:Organization {id: $id}) RETURN o.id AS id`;

export const ORGANIZATION_ID_BY_DOMAIN = `
MATCH (o:Organization {domain: $domain}) RETURN o.id AS id`;

/** `$changes` holds only keys from a closed list (name, domain, industry, country); null removes. */
export const UPDATE_ORGANIZATION = `
MATCH (o:Organization {id: $id})
SET o += $changes
RETURN o.id AS id`;

/**
 * Write-locks the organization being moved and the new parent's whole chain up to its root, so
 * two concurrent re-parentings that together would close a cycle are serialised: the one that
 * waits then reads (in the next statement) the other's committed edge and is refused.
 */
export const LOCK_FOR_REPARENT = `
MATCH (o:Organization {id: $id})
OPTIONAL MATCH (:Organization {id: $parentId})-[:SUBSIDIARY_OF*0..${MAX_DEPTH}]->(above:Organization)
WITH o, collect(above) AS chain
FOREACH (n IN [o] + chain | SET n.hierarchyLock = true REMOVE n.hierarchyLock)
RETURN o.id AS id, [n IN chain | n.id] AS chain`;

/**
 * What re-parenting `$id` under `$parentId` would do, read after the locks: `cycle` is the path
 * from the parent up to `$id` when `$id` is the parent or above it (the parent is then in its
 * subtree), `parentDepth` the parent's levels below its root, `height` the levels below `$id`.
 */
export const CHECK_REPARENT = `
MATCH (o:Organization {id: $id}), (parent:Organization {id: $parentId})
CALL (o, parent) {
  OPTIONAL MATCH path = (parent)-[:SUBSIDIARY_OF*0..${MAX_DEPTH}]->(o)
  RETURN [n IN nodes(path) | n.id] AS cycle
  LIMIT 1
}
CALL (parent) {
  MATCH path = (parent)-[:SUBSIDIARY_OF*0..${MAX_DEPTH}]->(:Organization)
  RETURN max(length(path)) AS parentDepth
}
CALL (o) {
  MATCH path = (o)<-[:SUBSIDIARY_OF*0..${MAX_DEPTH}]-(:Organization)
  RETURN max(length(path)) AS height
}
RETURN cycle, parentDepth, height`;

/** Replaces the parent (or removes it when `$parentId` is null). */
export const SET_PARENT = `
MATCH (o:Organization {id: $id})
OPTIONAL MATCH (o)-[old:SUBSIDIARY_OF]->(:Organization)
DELETE old
WITH DISTINCT o
OPTIONAL MATCH (parent:Organization {id: $parentId})
CALL (o, parent) {
  WITH o, parent WHERE parent IS NOT NULL
  CREATE (o)-[:SUBSIDIARY_OF {since: datetime($now)}]->(parent)
}
RETURN o.id AS id`;

export const ORGANIZATIONS_BY_IDS = `
UNWIND $ids AS id
MATCH (o:Organization {id: id})
RETURN id, ${org('o')} AS organization`;

export const ORGANIZATION_BY_DOMAIN = `
MATCH (o:Organization {domain: $domain})
RETURN ${org('o')} AS organization`;

export const PARENTS_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH (:Organization {id: id})-[:SUBSIDIARY_OF]->(p:Organization)
RETURN id, ${org('p')} AS organization`;

export const CHILDREN_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH (o:Organization {id: id})
CALL (o) {
  MATCH (c:Organization)-[:SUBSIDIARY_OF]->(o)
  RETURN c ORDER BY c.name, c.id LIMIT $limit
}
RETURN id, ${org('c')} AS organization`;

/** Parent first, root last: the chain is a single path, since an organization has one parent. */
export const ANCESTORS_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH path = (:Organization {id: id})-[:SUBSIDIARY_OF*1..${MAX_DEPTH}]->(a:Organization)
RETURN id, ${org('a')} AS organization
ORDER BY id, length(path)`;

/** Subtree down to `$maxDepth` levels, nearest first then by name, at most `$limit` per organization. */
export const DESCENDANTS_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH (o:Organization {id: id})
CALL (o) {
${perDepth('o', (depth) => `MATCH path = (o)<-[:SUBSIDIARY_OF*1..${depth}]-(d:Organization)
  RETURN d, length(path) AS depth`)}
}
WITH id, d, depth ORDER BY id, depth, d.name, d.id
WITH id, collect(${org('d')})[0..$limit] AS organizations
RETURN id, organizations`;

/**
 * The account tree an organization belongs to, from its root down to `$maxDepth` levels, nearest
 * first: `$limit` cuts the deepest levels, so every node returned has its parent returned too.
 */
export const HIERARCHY_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH (o:Organization {id: id})
CALL (o) {
  OPTIONAL MATCH (o)-[:SUBSIDIARY_OF*1..${MAX_DEPTH}]->(top:Organization)
    WHERE NOT (top)-[:SUBSIDIARY_OF]->(:Organization)
  RETURN coalesce(top, o) AS root
}
CALL (root) {
${perDepth('root', (depth) => `MATCH path = (root)<-[:SUBSIDIARY_OF*0..${depth}]-(d:Organization)
  RETURN d, length(path) AS depth, nodes(path)[-2].id AS parentId`)}
}
WITH id, root, d, depth, parentId ORDER BY id, depth, d.name, d.id
WITH id, root, collect({d: d, depth: depth, parentId: parentId}) AS found
UNWIND found[0..$limit] AS node
WITH id, root, size(found) > $limit AS truncated, node, node.d AS d
RETURN id, root.id AS rootId, truncated, collect({
  organization: ${org('d')}, depth: node.depth, parentId: node.parentId,
  childCount: COUNT { (d)<-[:SUBSIDIARY_OF]-(:Organization) },
  contactCount: COUNT { (d)<-[w:WORKS_FOR]-(:Person) WHERE w.until IS NULL }
}) AS nodes`;

/**
 * Counts over each organization's whole subtree (at most MAX_DEPTH levels, the deepest a
 * hierarchy may be). People are counted once even when they work at two places in the subtree.
 */
export const ROLLUPS_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH (o:Organization {id: id})
CALL (o) {
  MATCH (o)<-[:SUBSIDIARY_OF*0..${MAX_DEPTH}]-(d:Organization)
  RETURN collect(d) AS subtree
}
CALL (subtree) {
  UNWIND subtree AS d
  OPTIONAL MATCH (d)<-[w:WORKS_FOR]-(p:Person) WHERE w.until IS NULL
  RETURN count(DISTINCT p) AS totalContacts
}
CALL (o) {
  OPTIONAL MATCH path = (o)-[:SUBSIDIARY_OF*1..${MAX_DEPTH}]->(:Organization)
  RETURN coalesce(max(length(path)), 0) AS depth
}
RETURN id, {
  contacts: COUNT { (o)<-[w:WORKS_FOR]-(:Person) WHERE w.until IS NULL },
  totalContacts: totalContacts,
  descendants: size(subtree) - 1,
  depth: depth
} AS rollup`;


/** Employments at the organization itself, current only unless `$includeFormer`, newest first. */
export const CONTACTS_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH (d:Organization {id: id})
CALL (d) {
  MATCH (p:Person)-[w:WORKS_FOR]->(d)
  WHERE $includeFormer OR w.until IS NULL
  RETURN p, w ORDER BY w.since DESC, w.id LIMIT $limit
}
RETURN id, ${EMPLOYMENT} AS employment`;

/** The same over the whole subtree. */
export const CONTACTS_IN_SUBTREES_BY_ORG_IDS = `
UNWIND $ids AS id
MATCH (o:Organization {id: id})
CALL (o) {
  MATCH (o)<-[:SUBSIDIARY_OF*0..${MAX_DEPTH}]-(d:Organization)<-[w:WORKS_FOR]-(p:Person)
  WHERE $includeFormer OR w.until IS NULL
  RETURN p, w, d ORDER BY w.since DESC, w.id LIMIT $limit
}
RETURN id, ${EMPLOYMENT} AS employment`;

/** The person's current employment at the organization, if any (read after the person is locked). */
export const CURRENT_EMPLOYMENT = `
MATCH (:Person {id: $personId})-[w:WORKS_FOR]->(:Organization {id: $organizationId})
WHERE w.until IS NULL
RETURN w.id AS id`;

export const ADD_EMPLOYMENT = `
MATCH (p:Person {id: $personId}), (o:Organization {id: $organizationId})
CREATE (p)-[w:WORKS_FOR {id: $id, title: $title, since: datetime($since)}]->(o)
RETURN w.id AS id`;

/** Locks the employment (SET) and returns its person and dates, to check an end date against them. */
export const LOCK_EMPLOYMENT = `
MATCH (p:Person)-[w:WORKS_FOR {id: $id}]->(:Organization)
SET w.lock = true
REMOVE w.lock
RETURN p.id AS personId, toString(w.since) AS since, toString(w.until) AS until`;

export const END_EMPLOYMENT = `
MATCH (:Person)-[w:WORKS_FOR {id: $id}]->(:Organization)
SET w.until = datetime($until)
RETURN w.id AS id`;

export const EMPLOYMENTS_BY_IDS = `
UNWIND $ids AS id
MATCH (p:Person)-[w:WORKS_FOR {id: id}]->(d:Organization)
RETURN id, ${EMPLOYMENT} AS employment`;

/** Current first, then newest first; each with its organization, which a job is rarely asked for without. */
export const EMPLOYMENTS_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (p:Person {id: id})-[w:WORKS_FOR]->(d:Organization)
RETURN id, ${EMPLOYMENT} AS employment, ${org('d')} AS organization
ORDER BY id, w.until IS NULL DESC, w.since DESC, w.id`;

/** The same with each organization's ancestors, nearest first, for requests that ask for them too. */
export const EMPLOYMENTS_WITH_ANCESTORS_BY_PERSON_IDS = `
UNWIND $ids AS id
MATCH (p:Person {id: id})-[w:WORKS_FOR]->(d:Organization)
RETURN id, ${EMPLOYMENT} AS employment, ${org('d')} AS organization,
  COLLECT { MATCH path = (d)-[:SUBSIDIARY_OF*1..${MAX_DEPTH}]->(a:Organization)
            WITH a, path ORDER BY length(path) RETURN ${org('a')} } AS ancestors
ORDER BY id, w.until IS NULL DESC, w.since DESC, w.id`;

