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

/** Collects a unit of work's changes; Database.write appends them before it commits. */
export class ChangeSink {
  readonly changes: Change[] = [];

  add(change: Change): void {
    this.changes.push(change);
  }
}

/**
 * Cursors come from one counter node, incremented as the last statement of the transaction.
 * Its write lock is held until commit, so cursors are handed out in commit order: a reader that
 * has seen cursor n will never later find a committed event with a smaller cursor. That is what
 * lets a client resume from its last cursor and miss nothing.
 */
export const APPEND_CHANGES = `
MATCH (sequence:ChangeSequence {name: 'profile'})
SET sequence.value = sequence.value + size($events)
WITH sequence.value - size($events) AS base
UNWIND range(0, size($events) - 1) AS i
WITH base + i + 1 AS cursor, $events[i] AS event
CREATE (e:ChangeEvent {cursor: cursor, personId: event.personId, kind: event.kind,
                       changedFields: event.changedFields, survivorId: event.survivorId, at: datetime($now)})
RETURN max(cursor) AS last`;
