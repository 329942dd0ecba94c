/** Pieces shared by several statements; not statements themselves, so kept out of cypher.ts. */

/** Fields of an interaction as the resolvers read them; `links` are the mentions that found a target. */
export const INTERACTION_FIELDS = `{
  .id, .channel, .type, .properties, .content, .messageId, personId: p.id,
  occurredAt: toString(i.occurredAt), recordedAt: toString(i.recordedAt),
  .language, .sentiment, .sentimentLabel, .intents, .topics, .mentions,
  links: [(i)-[m:MENTIONS]->(target) | {key: m.key, personId: CASE WHEN target:Person THEN target.id END,
                                         organizationId: CASE WHEN target:Organization THEN target.id END}]
}`;

/** The stored engagement aggregate of person `v` and what the engagement loader checks it against. */
export const engagementOf = (v: string): string =>
  `${v}.engagement AS engagement, ${v}.engagementCount AS engagementCount, COUNT { (${v})-[:HAD]->() } AS had`;
