import { PEOPLE_BY_REQUESTED_ID } from '@cdp/shared';
import { INTERACTION_FIELDS, engagementOf } from './cypher-fragments.js';

/**
 * Timelines, newest first, as index seeks: each interaction carries the id of the person it was
 * recorded for (`personId`), and composite indexes on (personId, occurredAt), (personId, channel,
 * occurredAt) and (personId, type, occurredAt) hand rows over already in time order, so a page
 * reads `first + 1` entries whether the person has ten interactions or a hundred thousand.
 *
 * A merge moves HAD relationships but not `personId`, so a person's timeline seeks its own id
 * and the ids of everyone merged into it, then keeps only rows still attached to it (an unmerge
 * moves them back). Each seek orders by the whole index key, equality columns included
 * (`ORDER BY i.personId DESC, i.occurredAt DESC, i.id DESC`): only then does the planner read
 * the index backwards and stop after `limit` rows (PartialTop) instead of sorting all of the
 * person's interactions. The cursor is the (occurredAt, id) of the last row seen: the seek starts at
 * it, and ties on occurredAt are broken by id. `until` is exclusive: with no cursor the caller
 * passes it as afterAt with an empty afterId, which makes the bound strict.
 */
const SEEK_BOUNDS = `
      AND i.occurredAt >= datetime($since)
      AND i.occurredAt <= datetime($afterAt)
      AND (i.occurredAt < datetime($afterAt) OR i.id < $afterId)`;

/** One page of person `p`'s interactions, as rows `i`. */
const page = (seek: string): string => `CALL (p) {
  UNWIND [p.id] + [(m:Person)-[:MERGED_INTO*1..32]->(p) | m.id] AS owner
  ${seek}
  WITH p, i WHERE (p)-[:HAD]->(i)
  RETURN i ORDER BY i.occurredAt DESC, i.id DESC LIMIT $limit
}`;

function timeline(seek: string): string {
  return `
UNWIND $personIds AS personId
MATCH (p:Person {id: personId})
${page(seek)}
RETURN personId, collect(i ${INTERACTION_FIELDS}) AS interactions`;
}

/** No channel or type filter: one seek per owner on (personId, occurredAt). */
const UNFILTERED = `
  CALL (owner) {
    MATCH (i:Interaction)
    USING INDEX SEEK i:Interaction(personId, occurredAt)
    WHERE i.personId = owner ${SEEK_BOUNDS}
    RETURN i ORDER BY i.personId DESC, i.occurredAt DESC, i.id DESC LIMIT $limit
  }`;
export const TIMELINE_PAGES = timeline(UNFILTERED);

/**
 * `Query.person` (served here too, see PEOPLE_BY_REQUESTED_ID) with its engagement aggregate and
 * an unfiltered page of its timeline read along: what a profile page asks of this subgraph, in
 * one statement instead of resolving the id first and reading the page after.
 */
export const PEOPLE_WITH_ENGAGEMENT_AND_TIMELINE_BY_REQUESTED_IDS = `CYPHER replan=skip
${PEOPLE_BY_REQUESTED_ID}
WITH requestedId, person AS p
RETURN requestedId, p.id AS id, ${engagementOf('p')},
  COLLECT { ${page(UNFILTERED)}
            WITH p, i ORDER BY i.occurredAt DESC, i.id DESC RETURN i ${INTERACTION_FIELDS} } AS interactions`;

/** Filtered by channel: one seek per owner and channel on (personId, channel, occurredAt). */
export const TIMELINE_PAGES_BY_CHANNEL = timeline(`
  UNWIND $channels AS channel
  CALL (owner, channel) {
    MATCH (i:Interaction)
    USING INDEX SEEK i:Interaction(personId, channel, occurredAt)
    WHERE i.personId = owner AND i.channel = channel ${SEEK_BOUNDS}
    RETURN i ORDER BY i.personId DESC, i.channel DESC, i.occurredAt DESC, i.id DESC LIMIT $limit
  }`);

/** Filtered by type: one seek per owner and type on (personId, type, occurredAt). */
export const TIMELINE_PAGES_BY_TYPE = timeline(`
  UNWIND $types AS type
  CALL (owner, type) {
    MATCH (i:Interaction)
    USING INDEX SEEK i:Interaction(personId, type, occurredAt)
    WHERE i.personId = owner AND i.type = type ${SEEK_BOUNDS}
    RETURN i ORDER BY i.personId DESC, i.type DESC, i.occurredAt DESC, i.id DESC LIMIT $limit
  }`);

/**
 * Filtered by type and channel: seeks on (personId, type, occurredAt), the channel checked on
 * each row read. (No "IS NULL OR" in any filter: it makes the planner give up the ordered seek.)
 */
export const TIMELINE_PAGES_BY_TYPE_AND_CHANNEL = timeline(`
  UNWIND $types AS type
  CALL (owner, type) {
    MATCH (i:Interaction)
    USING INDEX SEEK i:Interaction(personId, type, occurredAt)
    WHERE i.personId = owner AND i.type = type ${SEEK_BOUNDS}
      AND i.channel IN $channels
    RETURN i ORDER BY i.personId DESC, i.type DESC, i.occurredAt DESC, i.id DESC LIMIT $limit
  }`);
