/**
 * Bulk statements of the generator, in the shapes the subgraphs write (see
 * subgraphs/relationship/src/cypher*.ts and subgraphs/profile/src/cypher.ts). Constants only;
 * every value is a parameter. Interactions go through the interaction subgraph's own
 * CREATE_INTERACTIONS.
 */

/** The person each true person's first record resolved to, after every merge. */
export const PEOPLE_OF_RECORDS = `
UNWIND $messageIds AS messageId
MATCH (:SourceRecord {messageId: messageId})-[:DESCRIBES]->(p:Person)
RETURN messageId, p.id AS personId`;

export const CREATE_ORGANIZATIONS = `
UNWIND $rows AS row
CREATE (:Organization {id: row.id, name: row.name, domain: row.domain, industry: row.industry, country: row.country,
                       createdAt: datetime($now)})`;

export const LINK_ORGANIZATIONS = `
UNWIND $rows AS row
MATCH (o:Organization {id: row.id}), (parent:Organization {id: row.parentId})
CREATE (o)-[:SUBSIDIARY_OF {since: datetime($now)}]->(parent)`;

export const CREATE_EMPLOYMENTS = `
UNWIND $rows AS row
MATCH (p:Person {id: row.personId}), (o:Organization {id: row.orgId})
CREATE (p)-[:WORKS_FOR {id: row.id, title: row.title, since: datetime(row.since),
                        until: CASE WHEN row.until IS NULL THEN null ELSE datetime(row.until) END}]->(o)`;

export const CREATE_HOUSEHOLDS = `
UNWIND $rows AS row
CREATE (h:Household {id: row.id, name: row.name, address: row.address, createdAt: datetime(row.since)})
WITH h, row
UNWIND row.members AS member
MATCH (p:Person {id: member.personId})
WHERE NOT (p)-[:MEMBER_OF]->(:Household)
CREATE (p)-[:MEMBER_OF {role: member.role, since: datetime(row.since)}]->(h)`;

export const CREATE_RELATIONSHIPS = `
UNWIND $rows AS row
MATCH (a:Person {id: row.fromId}), (b:Person {id: row.toId})
WHERE a <> b
CREATE (a)-[:RELATED_TO {type: row.type, since: datetime(row.since)}]->(b)`;

export const CREATE_CONSENTS = `
UNWIND $rows AS row
MATCH (p:Person {id: row.personId})
MERGE (purpose:Purpose {name: row.purpose})
CREATE (p)-[:CONSENTED {purpose: row.purpose, granted: row.granted, source: row.source, at: datetime(row.at)}]->(purpose)`;

export const COUNTS = `
CALL () { MATCH (p:Person) WHERE p.status = 'ACTIVE' RETURN count(p) AS people }
CALL () { MATCH (p:Person) WHERE p.status = 'MERGED' RETURN count(p) AS merged }
CALL () { MATCH (i:Identifier) RETURN count(i) AS identifiers }
CALL () { MATCH (s:SourceRecord) RETURN count(s) AS sourceRecords }
CALL () { MATCH (h:Household) RETURN count(h) AS households }
CALL () { MATCH (o:Organization) RETURN count(o) AS organizations }
CALL () { MATCH ()-[w:WORKS_FOR]->() RETURN count(w) AS employments }
CALL () { MATCH ()-[r:RELATED_TO]->() RETURN count(r) AS relationships }
CALL () { MATCH (i:Interaction) RETURN count(i) AS interactions }
RETURN people, merged, identifiers, sourceRecords, households, organizations, employments, relationships, interactions`;

/** For the quality report: the person each source record (by messageId) describes now. */
export const RESOLVED_RECORDS = PEOPLE_OF_RECORDS;
