import { randomUUID } from 'node:crypto';

/**
 * The profile change log: every write that changes a person appends events in the same
 * transaction, so a change and its event commit together or not at all.
 */

/** Closed set of change kinds; mirrors `enum ProfileChangeKind` in the profile SDL. */
export const CHANGE_KINDS = [
  'CREATED',
  'IDENTIFIED',
  'TRAITS_CHANGED',
  'MERGED',
  'MERGED_AWAY',
  'UNMERGED',
  'CONSENT_CHANGED',
  'ERASED',
  'HOUSEHOLD_CHANGED',
  'RELATIONSHIP_CHANGED',
  'EMPLOYMENT_CHANGED',
  'INTERACTION_RECORDED',
  'ENGAGEMENT_CHANGED',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Change {
  readonly personId: string;
  readonly kind: ChangeKind;
  /** Top-level Person fields whose value may now differ, e.g. ["traits", "displayName"]. */
  readonly changedFields: readonly string[];
  /** For MERGED_AWAY: the person the subscriber should follow from now on. */
  readonly survivorId?: string;
}

/**
 * Collects a unit of work's changes; Database.write appends them before it commits, unless the
 * work's own statement took them along first (`appendingChanges`, `take`).
 */
export class ChangeSink {
  readonly changes: Change[] = [];
  #taken = 0;

  add(change: Change): void {
    this.changes.push(change);
  }

  /**
   * The parameters that append the changes reported since the last take: for a statement made
   * with `appendingChanges`, or for APPEND_CHANGES. Each change is taken once.
   */
  take(now: string): AppendParams {
    const streams = groupChanges(this.changes.slice(this.#taken));
    this.#taken = this.changes.length;
    return { changeStreams: streams, changesAt: now };
  }
}

/** What APPEND_CHANGES, and a statement made with `appendingChanges`, need. */
export interface AppendParams extends Record<string, unknown> {
  readonly changeStreams: readonly ChangeStreamAppend[];
  /** When the changes were appended: ISO 8601. */
  readonly changesAt: string;
}

/** One person's events of one transaction, in the order the work reported them. */
export interface ChangeStreamAppend {
  readonly personId: string;
  /** Where the person's first change came in the transaction's report: the tie-break between people. */
  readonly order: number;
  readonly events: readonly { kind: ChangeKind; changedFields: string[]; survivorId: string | null }[];
  /**
   * For the people a merge in this transaction joined (merged-away people and their survivor):
   * an id their events share, so the sequencer gives them cursors together, merged-away people
   * first, and before any later event of those people (change-order.ts). A subscriber that
   * follows a merged person to its survivor from MERGED_AWAY on then misses none of the
   * survivor's events. Null for everyone else: the link costs a property only where it is needed.
   */
  readonly link: string | null;
  /** The people sharing the link, so the sequencer can fetch those a round did not pick. */
  readonly linkPeople: readonly string[] | null;
}

/**
 * Groups a transaction's changes per person, people sorted by id, so that concurrent writers
 * always lock per-person streams in the same order and cannot deadlock on them.
 */
export function groupChanges(changes: readonly Change[]): ChangeStreamAppend[] {
  const streams = new Map<string, { order: number; events: ChangeStreamAppend['events'][number][] }>();
  changes.forEach((change, index) => {
    const stream = streams.get(change.personId) ?? { order: index, events: [] };
    stream.events.push({ kind: change.kind, changedFields: [...change.changedFields], survivorId: change.survivorId ?? null });
    streams.set(change.personId, stream);
  });
  const links = mergeLinks(changes);
  return [...streams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([personId, stream]) => ({ personId, order: stream.order, events: stream.events, ...(links.get(personId) ?? { link: null, linkPeople: null }) }));
}

/** The people each merge joins, transitively (A into B and B into C link all three), under one id per group. */
function mergeLinks(changes: readonly Change[]): Map<string, { link: string; linkPeople: string[] }> {
  const groupOf = new Map<string, Set<string>>();
  for (const change of changes) {
    if (change.kind !== 'MERGED_AWAY' || change.survivorId === undefined) continue;
    const a = groupOf.get(change.personId) ?? new Set([change.personId]);
    const b = groupOf.get(change.survivorId) ?? new Set([change.survivorId]);
    const joined = a === b ? a : new Set([...a, ...b]);
    for (const personId of joined) groupOf.set(personId, joined);
  }
  const links = new Map<string, { link: string; linkPeople: string[] }>();
  for (const group of new Set(groupOf.values())) {
    const value = { link: randomUUID(), linkPeople: [...group].sort() };
    for (const personId of group) links.set(personId, value);
  }
  return links;
}

/**
 * Appends a transaction's changes as pending events, numbered per person.
 *
 * Writers never touch a global counter: that one lock, held to commit, serialized every write in
 * every subgraph. Instead each person has a stream node whose `seq` is incremented under its own
 * write lock (taken by the SET before the value is read back), so a person's events are numbered
 * in commit order while writes to different people run in parallel. Global cursors are handed
 * out after commit by the change sequencer in the profile subgraph (see change-sequencer.ts).
 * Not replanned: the pending label's swings would otherwise make Neo4j plan it again at every
 * interval. A person's stream is sought by a plain index seek and made by MERGE only when it
 * does not exist yet: MERGE on a unique key seeks with a fresh index reader and an index-entry
 * lock, and that one seek per person was a tenth of the database's CPU under a tracking load
 * (JFR: 11% of samples in lockingNodeUniqueIndexSeek). A found stream is then written exactly
 * as a merged one was.
 */
const APPEND_CHANGES_BODY = `UNWIND $changeStreams AS stream
OPTIONAL MATCH (found:ChangeStream {personId: stream.personId}) USING INDEX SEEK found:ChangeStream(personId)
OPTIONAL CALL (stream, found) {
  WITH stream WHERE found IS NULL
  MERGE (created:ChangeStream {personId: stream.personId})
  RETURN created
}
WITH stream, coalesce(found, created) AS s
SET s.seq = coalesce(s.seq, 0) + size(stream.events)
WITH stream, s.seq - size(stream.events) AS base
UNWIND range(0, size(stream.events) - 1) AS i
WITH stream.personId AS personId, stream.order AS order, stream.link AS link, stream.linkPeople AS linkPeople, stream.events[i] AS event, base + i + 1 AS seq
CREATE (:ChangeEvent:PendingChange {personId: personId, seq: seq, order: order, kind: event.kind,
                                    changedFields: event.changedFields, survivorId: event.survivorId, at: datetime($changesAt),
                                    link: link, linkPeople: linkPeople})`;

export const APPEND_CHANGES = `CYPHER replan=skip
${APPEND_CHANGES_BODY}`;

const KEPT_PLAN = 'CYPHER replan=skip\n';

/**
 * A unit of work's last write statement, made to append the changes first (as a unit subquery,
 * with the parameters of `ChangeSink.take`): a Bolt round trip less per transaction, where every
 * round trip costs both processes a socket write and a wake-up (seen: a fifth of the profile
 * subgraph's CPU under identify load went to writing Bolt messages). Only for statements whose
 * plan is kept, as APPEND_CHANGES's is, and so made once, from constants, at module load.
 */
export function appendingChanges(statement: string): string {
  if (!statement.startsWith(KEPT_PLAN)) {
    throw new Error(`appendingChanges expects a statement that starts with "CYPHER replan=skip" and a line break, but got: ${JSON.stringify(statement.slice(0, 40))}`);
  }
  return `${KEPT_PLAN}CALL () {\n${APPEND_CHANGES_BODY}\n}\n${statement.slice(KEPT_PLAN.length)}`;
}
