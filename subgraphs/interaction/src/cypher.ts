/** Cypher of interactions. Constants only; values are parameters. */

export const INTERACTION_BY_MESSAGE_ID = `
MATCH (i:Interaction {messageId: $messageId})
RETURN i.id AS id`;

export const CREATE_INTERACTION = `
MATCH (p:Person {id: $personId})
CREATE (i:Interaction {id: $id, channel: $channel, type: $type, occurredAt: datetime($occurredAt),
                       recordedAt: datetime($now), properties: $properties, content: $content,
                       messageId: $messageId, personId: $personId})
CREATE (p)-[:HAD {occurredAt: datetime($occurredAt)}]->(i)
RETURN i.id AS id`;

const INTERACTION_FIELDS = `{
  .id, .channel, .type, .properties, .content, .messageId, personId: p.id,
  occurredAt: toString(i.occurredAt), recordedAt: toString(i.recordedAt)
}`;

export const INTERACTIONS_BY_IDS = `
UNWIND $ids AS id
MATCH (p:Person)-[:HAD]->(i:Interaction {id: id})
RETURN id, i ${INTERACTION_FIELDS} AS interaction`;

/**
 * One page of several people's timelines in one statement, newest first. The cursor is the
 * (occurredAt, id) of the last row seen, so each page is a seek, not an offset. One extra row
 * per person tells whether a next page exists.
 */
export const TIMELINE_PAGES = `
UNWIND $personIds AS personId
MATCH (p:Person {id: personId})
CALL (p) {
  MATCH (p)-[r:HAD]->(i:Interaction)
  WHERE $afterAt IS NULL
     OR r.occurredAt < datetime($afterAt)
     OR (r.occurredAt = datetime($afterAt) AND i.id < $afterId)
  RETURN i, r
  ORDER BY r.occurredAt DESC, i.id DESC
  LIMIT $limit
}
RETURN personId, collect(i ${INTERACTION_FIELDS}) AS interactions`;
