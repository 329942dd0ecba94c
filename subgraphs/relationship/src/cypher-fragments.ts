/**
 * Pieces the relationship subgraph's statements share: row shapes, so loaders agree on them, and
 * subqueries read along with a person. Not statements themselves.
 */
import { MAX_DEPTH } from './limits.js';

export const HOUSEHOLD = 'h {.id, .name, .address, createdAt: toString(h.createdAt)}';
export const MEMBER = '{personId: p.id, displayName: p.displayName, role: m.role, since: toString(m.since)}';
/** The fields every organization read returns, so loaders share one row shape (OrganizationRow). */
export const org = (v: string): string => `${v} {.id, .name, .domain, .industry, .country, createdAt: toString(${v}.createdAt)}`;
export const EMPLOYMENT = `{id: w.id, personId: p.id, organizationId: d.id, title: w.title,
  since: toString(w.since), until: toString(w.until)}`;

/**
 * Read along with the person a request starts from (`person` bound by PEOPLE_BY_REQUESTED_ID):
 * the current household, with its members in member order, as a list of none or one.
 */
export const HOUSEHOLD_WITH_MEMBERS_OF_PERSON = `COLLECT { MATCH (person)-[:MEMBER_OF]->(h:Household)
  RETURN {household: ${HOUSEHOLD},
          members: COLLECT { MATCH (p:Person)-[m:MEMBER_OF]->(h) WITH p, m ORDER BY m.since, p.id RETURN ${MEMBER} }} }`;

/** Read along with the person a request starts from (`person` bound): jobs, current first, with organization and ancestors. */
export const JOBS_WITH_ANCESTORS_OF_PERSON = `COLLECT { MATCH (person)-[w:WORKS_FOR]->(d:Organization)
  WITH person AS p, w, d ORDER BY w.until IS NULL DESC, w.since DESC, w.id
  RETURN {employment: ${EMPLOYMENT}, organization: ${org('d')},
          ancestors: COLLECT { MATCH path = (d)-[:SUBSIDIARY_OF*1..${MAX_DEPTH}]->(a:Organization)
                               WITH a, path ORDER BY length(path) RETURN ${org('a')} }} }`;
