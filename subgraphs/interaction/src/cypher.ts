/**
 * Cypher of recording interactions. Constants only; values are parameters.
 *
 * The write path's statements say `CYPHER replan=skip`: while interactions pour in, their counts
 * diverge at every replan interval. Each starts from unique keys (message ids, person ids,
 * identifier keys, domains) and forces a seek for every lookup (`USING INDEX SEEK`), so the plan
 * kept from the first run is a seek whatever the statistics were then: unhinted, a tracking
 * batch's lookups were once planned as a scan of the whole identifier key index per key, 40 ms a
 * batch instead of 4 (a plain `USING INDEX` allows that scan too).
 */
import { PEOPLE_BY_REQUESTED_ID, appendingChanges } from '@cdp/shared';
import { INTERACTION_FIELDS, engagementOf } from './cypher-fragments.js';
import type { EngagementWrite } from './engagement/update.js';

/**
 * Everything a batch needs to know before it writes, in one round trip: which messageIds were
 * seen before, which person ids are current (a merged id leads to its survivor, as in
 * person-ref.ts), who holds the identifier keys named by inputs and mentions, and which
 * organizations own the mentioned domains. The people the inputs name (by id, or by a key in
 * `$refKeys`) are then write-locked, in id order, and their engagement read after the lock, as
 * LOCK_PEOPLE_FOR_ENGAGEMENT does: a tracking batch needs no statement of its own for that.
 */
export const BATCH_LOOKUPS = `CYPHER replan=skip
CALL () {
  UNWIND $messageIds AS messageId
  MATCH (i:Interaction {messageId: messageId}) USING INDEX SEEK i:Interaction(messageId)
  RETURN collect({messageId: messageId, id: i.id}) AS seen
}
CALL () {
  UNWIND $ids AS id
  MATCH (p:Person {id: id}) USING INDEX SEEK p:Person(id)
  OPTIONAL MATCH (p)-[:MERGED_INTO*1..32]->(survivor:Person)
    WHERE NOT (survivor)-[:MERGED_INTO]->(:Person)
  WITH id, coalesce(survivor, p) AS person
  WHERE person.status = 'ACTIVE'
  RETURN collect({id: id, personId: person.id}) AS people
}
CALL () {
  UNWIND $keys AS key
  MATCH (identifier:Identifier {key: key})-[:IDENTIFIES]->(p:Person) USING INDEX SEEK identifier:Identifier(key)
  WHERE p.status = 'ACTIVE'
  RETURN collect({key: key, personId: p.id}) AS holders
}
CALL () {
  UNWIND $domains AS domain
  MATCH (o:Organization {domain: domain}) USING INDEX SEEK o:Organization(domain)
  RETURN collect({domain: domain, organizationId: o.id}) AS organizations
}
CALL (people, holders) {
  UNWIND [x IN people | x.personId] + [h IN holders WHERE h.key IN $refKeys | h.personId] AS personId
  WITH DISTINCT personId ORDER BY personId
  MATCH (p:Person {id: personId}) USING INDEX SEEK p:Person(id)
  SET p.lockedAt = datetime($now)
  WITH p.id AS id, p.status AS status, ${engagementOf('p')}
  RETURN collect({id: id, status: status, engagement: engagement, engagementCount: engagementCount, had: had}) AS locked
}
RETURN seen, people, holders, organizations, locked`;

/**
 * Write-locks the people a batch records for that BATCH_LOOKUPS did not lock (new people, or one
 * a concurrent writer created meanwhile), in id order (the order identity resolution locks in
 * too, so two writers cannot deadlock for long), and reads their engagement after the lock.
 * `had` is the HAD degree, read from the relationship count store: when it differs from the count
 * the aggregate covers, interactions were moved by a merge, unmerge or erasure, and the aggregate
 * is rebuilt.
 */
export const LOCK_PEOPLE_FOR_ENGAGEMENT = `CYPHER replan=skip
UNWIND $personIds AS id
MATCH (p:Person {id: id}) USING INDEX SEEK p:Person(id)
WITH p ORDER BY p.id
SET p.lockedAt = datetime($now)
RETURN p.id AS id, p.status AS status, ${engagementOf('p')}`;

/** The facts engagement is computed from, for every interaction of the given people. */
export const ENGAGEMENT_SOURCE = `CYPHER replan=skip
UNWIND $personIds AS id
MATCH (p:Person {id: id})-[:HAD]->(i:Interaction) USING INDEX SEEK p:Person(id)
RETURN id AS personId, collect(i {.channel, .type, .properties, .sentiment, .sentimentLabel, .intents,
                                  occurredAt: toString(i.occurredAt)}) AS interactions`;

/** One row of CREATE_INTERACTIONS's `$rows`: what every writer of interactions sends. */
export interface InteractionWrite {
  readonly id: string;
  readonly personId: string;
  readonly channel: string;
  readonly type: string;
  readonly occurredAt: string;
  /** JSON text. */
  readonly properties: string;
  readonly content: string | null;
  readonly messageId: string | null;
  readonly language: string | null;
  readonly sentiment: number | null;
  readonly sentimentLabel: string | null;
  readonly intents: readonly string[] | null;
  readonly topics: readonly string[] | null;
  /** JSON text: every mention found, linked or not. */
  readonly mentions: string | null;
  /** Mentions that matched a profile or an organization. */
  readonly links: readonly { kind: string; text: string; key: string; personId: string | null; organizationId: string | null }[];
}

/**
 * A batch of interactions with their context and mentions, and the people's new engagement
 * aggregates, in one statement, with `$people` from `interactionsByPerson`: each person is sought
 * once for both (a seek per interaction and another per aggregate were a tenth of the index
 * seeks of a tracking batch). Mentions link to the person or organization found for their key.
 * With `$returnRows` it answers the interactions as the resolvers read them, so a mutation's
 * result needs no second read; bulk writers (the seed) leave it false.
 */
export const CREATE_INTERACTIONS = `CYPHER replan=skip
CALL () {
  UNWIND $people AS person
  MATCH (p:Person {id: person.personId}) USING INDEX SEEK p:Person(id)
  CALL (p, person) {
    WITH p, person WHERE person.engagement IS NOT NULL
    SET p.engagement = person.engagement.aggregate, p.engagementCount = person.engagement.count
  }
  WITH p, person
  UNWIND person.rows AS row
  CREATE (i:Interaction {id: row.id, channel: row.channel, type: row.type, occurredAt: datetime(row.occurredAt),
                         recordedAt: datetime($now), properties: row.properties, content: row.content,
                         messageId: row.messageId, personId: row.personId, language: row.language,
                         sentiment: row.sentiment, sentimentLabel: row.sentimentLabel, intents: row.intents,
                         topics: row.topics, mentions: row.mentions})
  CREATE (p)-[:HAD {occurredAt: datetime(row.occurredAt)}]->(i)
  WITH i, row, p
  CALL (i, row) {
    UNWIND [link IN row.links WHERE link.personId IS NOT NULL] AS link
    MATCH (target:Person {id: link.personId}) USING INDEX SEEK target:Person(id)
    CREATE (i)-[:MENTIONS {kind: link.kind, text: link.text, key: link.key}]->(target)
  }
  CALL (i, row) {
    UNWIND [link IN row.links WHERE link.organizationId IS NOT NULL] AS link
    MATCH (target:Organization {id: link.organizationId}) USING INDEX SEEK target:Organization(id)
    CREATE (i)-[:MENTIONS {kind: link.kind, text: link.text, key: link.key}]->(target)
  }
  RETURN collect(CASE WHEN $returnRows THEN i ${INTERACTION_FIELDS} END) AS created
}
RETURN created`;

/** One entry of CREATE_INTERACTIONS's `$people`: a person's new interactions and new engagement aggregate. */
export interface PersonInteractionWrites {
  readonly personId: string;
  readonly engagement: Omit<EngagementWrite, 'personId'> | null;
  readonly rows: readonly InteractionWrite[];
}

/** Groups interaction rows and engagement aggregates by person, for CREATE_INTERACTIONS. */
export function interactionsByPerson(rows: readonly InteractionWrite[], engagements: readonly EngagementWrite[]): PersonInteractionWrites[] {
  const people = new Map<string, { personId: string; engagement: PersonInteractionWrites['engagement']; rows: InteractionWrite[] }>();
  const of = (personId: string): { engagement: PersonInteractionWrites['engagement']; rows: InteractionWrite[] } => {
    const found = people.get(personId);
    if (found) return found;
    const made = { personId, engagement: null, rows: [] };
    people.set(personId, made);
    return made;
  };
  for (const row of rows) of(row.personId).rows.push(row);
  for (const { personId, aggregate, count } of engagements) of(personId).engagement = { aggregate, count };
  return [...people.values()];
}

/** CREATE_INTERACTIONS that first appends the transaction's changes: ingest's last statement carries them. */
export const CREATE_INTERACTIONS_APPENDING_CHANGES = appendingChanges(CREATE_INTERACTIONS);

export const INTERACTIONS_BY_IDS = `
UNWIND $ids AS id
MATCH (p:Person)-[:HAD]->(i:Interaction {id: id})
RETURN id, i ${INTERACTION_FIELDS} AS interaction`;

/** Engagement aggregates of several people; `had` tells whether each is still complete. */
export const ENGAGEMENTS = `
UNWIND $personIds AS id
MATCH (p:Person {id: id})
RETURN id, ${engagementOf('p')}`;

/**
 * `Query.person` (served here too, see PEOPLE_BY_REQUESTED_ID) with the engagement aggregate read
 * along: a profile page asks for it, and it costs the statement one property and one count.
 */
export const PEOPLE_WITH_ENGAGEMENT_BY_REQUESTED_IDS = `CYPHER replan=skip
${PEOPLE_BY_REQUESTED_ID}
RETURN requestedId, person.id AS id, ${engagementOf('person')}`;
