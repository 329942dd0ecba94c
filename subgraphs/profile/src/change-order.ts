/**
 * The order in which a sequencing round hands out cursors when merges are among its events.
 *
 * A round normally numbers its people one after another, each person's events in stream order.
 * A merge links two streams: a subscriber of the merged person follows the survivor from the
 * MERGED_AWAY event on (subscriptions.ts), so every event of the survivor from the merge onwards
 * must come after it. Numbering people one by one would break that whenever the survivor comes
 * first in the round: its later events, written after the merge, would get cursors before the
 * merged person's MERGED_AWAY, and the follower would never see them.
 *
 * So the events of a linked append (one that merged people, changes.ts) are numbered together,
 * merged-away people first, and only once each of their people has nothing older left to number;
 * each person's events still go in stream order. Writes lock the streams they append to until
 * they commit, so the appends' order on any two shared streams agrees: the order always exists,
 * and everything in a round is numbered once all of each linked append's events are in it.
 * Should a linked append never come whole (nothing writes one so, but a link must not stall its
 * people for good), what the round has of it is numbered in plain stream order once it is
 * {@link STALE_LINK_MS} old. A whole one is always ordered, however old (a backlog after an outage).
 * One whose people the round did not read at all (out of hops) waits for a round that reads
 * them, but not for good: after {@link UNREAD_LINK_MS} it too goes in stream order.
 */

/** Age after which a linked append that is still not whole is numbered as if unlinked. */
export const STALE_LINK_MS = 10_000;

/**
 * Age after which a linked append is numbered as if unlinked even though some of its people were
 * never read: a later round normally reads them long before; this only keeps a link the hops
 * never reach (a chain of merges longer than they go) from holding its people back for good.
 */
export const UNREAD_LINK_MS = 6 * STALE_LINK_MS;

/** A pending event as the round read it. */
export interface PendingEvent {
  /** The node's element id: what the round assigns the cursor to. */
  readonly id: string;
  readonly personId: string;
  readonly seq: number;
  readonly kind: string;
  /** For MERGED_AWAY: the person merged into. */
  readonly survivorId: string | null;
  /** When it was appended: ISO 8601. */
  readonly at: string;
  /** Shared by the events of one linked append; null on every other event. */
  readonly link: string | null;
  /** The people of the linked append. */
  readonly linkPeople: readonly string[] | null;
}

/** People a linked append names whose pending events the round has not read (`read`, by default those in `events`): fetch them too. */
export function missingPeople(events: readonly PendingEvent[], read?: ReadonlySet<string>): string[] {
  const present = read ?? new Set(events.map((event) => event.personId));
  const missing = new Set<string>();
  for (const event of events) for (const personId of event.linkPeople ?? []) if (!present.has(personId)) missing.add(personId);
  return [...missing];
}

/**
 * The round's events in cursor order. People are taken in the order of their first event in
 * `events`; what cannot be numbered yet (a linked append whose events are not all in the round,
 * and everything of its people after it) is left out, to be numbered by a later round.
 *
 * `read` names the people whose pending events the round read, found or not (by default those
 * with events in it): a linked person read with nothing pending will not bring its part later
 * (an append commits whole, so the part was numbered already), while one never read may.
 */
export function orderRound(events: readonly PendingEvent[], now = Date.now(), read?: ReadonlySet<string>): PendingEvent[] {
  const queues = new Map<string, PendingEvent[]>();
  for (const event of events) {
    const queue = queues.get(event.personId);
    if (queue) queue.push(event);
    else queues.set(event.personId, [event]);
  }
  for (const queue of queues.values()) queue.sort((a, b) => a.seq - b.seq);
  const linked = new Map<string, PendingEvent[]>();
  for (const event of events) {
    if (event.link === null) continue;
    const group = linked.get(event.link);
    if (group) group.push(event);
    else linked.set(event.link, [event]);
  }

  const ordered: PendingEvent[] = [];
  const heads = new Map<string, number>([...queues.keys()].map((personId) => [personId, 0]));
  const head = (personId: string): PendingEvent | undefined => queues.get(personId)?.[heads.get(personId) ?? 0];

  /**
   * A linked append can go when each of its people has it next; 'missing' when a person the
   * round read lacks its part, 'unread' when the round did not read one of its people.
   */
  const ready = (link: string, first: PendingEvent): PendingEvent[] | 'wait' | 'missing' | 'unread' => {
    const group = linked.get(link) ?? [];
    const people = first.linkPeople ?? [];
    const count = new Map<string, number>();
    for (const event of group) count.set(event.personId, (count.get(event.personId) ?? 0) + 1);
    for (const personId of people) {
      // Not read at all (the round ran out of hops): a later round, starting from these old
      // events, reads them. Read, but from before the append committed, or with nothing pending: 'missing'.
      if (!queues.has(personId)) return read?.has(personId) === true ? 'missing' : 'unread';
      if ((count.get(personId) ?? 0) === 0) return 'missing';
    }
    for (const personId of people) {
      const queue = queues.get(personId) ?? [];
      const at = heads.get(personId) ?? 0;
      for (let i = at; i < at + (count.get(personId) ?? 0); i++) if (queue[i]?.link !== link) return 'wait';
    }
    // Merged-away people first, those further down a chain (a into b, b into c) before the
    // people they merged into: each follower meets the next MERGED_AWAY before the survivor.
    const into = new Map(group.filter((event) => event.kind === 'MERGED_AWAY' && event.survivorId !== null).map((event) => [event.personId, event.survivorId]));
    const depth = (personId: string): number => {
      let steps = 0;
      for (let at: string | null | undefined = personId; at !== undefined && at !== null && into.has(at) && steps <= into.size; at = into.get(at)) steps++;
      return steps;
    };
    return [...people]
      .sort((a, b) => depth(b) - depth(a))
      .flatMap((personId) => {
        const at = heads.get(personId) ?? 0;
        return (queues.get(personId) ?? []).slice(at, at + (count.get(personId) ?? 0));
      });
  };

  for (let progress = true; progress; ) {
    progress = false;
    for (const personId of queues.keys()) {
      for (let next = head(personId); next !== undefined; next = head(personId)) {
        if (next.link === null) {
          ordered.push(next);
          heads.set(personId, (heads.get(personId) ?? 0) + 1);
          progress = true;
          continue;
        }
        const group = ready(next.link, next);
        const age = now - Date.parse(next.at);
        if ((group === 'missing' && age > STALE_LINK_MS) || (group === 'unread' && age > UNREAD_LINK_MS)) {
          ordered.push(next);
          heads.set(personId, (heads.get(personId) ?? 0) + 1);
          progress = true;
          continue;
        }
        if (typeof group === 'string') break;
        for (const event of group) {
          ordered.push(event);
          heads.set(event.personId, (heads.get(event.personId) ?? 0) + 1);
        }
        linked.delete(next.link);
        progress = true;
      }
    }
  }
  return ordered;
}
