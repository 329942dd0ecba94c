import neo4j from 'neo4j-driver';
import { runQuery, type CommittedChange, type Database, type EventBus, type Logger } from '@cdp/shared';
import { missingPeople, orderRound, type PendingEvent } from './change-order.js';
import * as cypher from './cypher-changes.js';

/**
 * How many times a round fetches the people of merges it found but had not picked: a merge's
 * people may have pending merges of their own. What is still missing then waits a round.
 */
const LINK_HOPS = 4;

export interface ChangeSequencerOptions {
  /**
   * How often to look for pending changes written by other processes while changes flow; when
   * none come the interval doubles up to ten times this, so an idle process costs little.
   * Env CHANGE_SEQUENCE_MS. @default 5
   */
  readonly intervalMs: number;
  /** A round numbers the events of the people of this many oldest pending events. @default 500 */
  readonly people: number;
  /** Events older than this are pruned. Env CHANGE_RETENTION_HOURS. @default 168 */
  readonly retentionHours: number;
  /**
   * Most events one prune deletes. A prune runs after a drain, once a minute, and after every
   * drain while the one before found a full batch; the sequencer waits for it, so a batch is
   * kept small. @default 2000
   */
  readonly pruneBatch?: number;
}

/**
 * Hands out global cursors to committed changes, in rounds.
 *
 * Writers append pending events numbered per person (changes.ts); a round, holding the sequence
 * lock, gives the visible ones consecutive cursors and commits. Rounds are serial, so a reader
 * that has seen cursor n never later finds a smaller one, which is what lets a client resume
 * from its last cursor and miss nothing. Each sequenced batch is handed to `deliver` (this
 * process's feed) and published on the bus, if there is one, for other processes.
 */
export class ChangeSequencer {
  private round: Promise<void> | undefined;
  private again = false;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastPrune = 0;
  /** The last prune deleted a full batch: more events may be past the retention. */
  private pruneBehind = false;
  private idleDelay: number;
  /** A local write said it appended changes: the next drain need not count them first. */
  private poked = false;
  private lastRoundAt = 0;
  private paced: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: ChangeSequencerOptions,
    private readonly deliver: (changes: readonly CommittedChange[]) => void,
    private readonly bus?: EventBus,
  ) {
    this.idleDelay = options.intervalMs;
  }

  start(): this {
    this.schedule();
    return this;
  }

  /** A local write appended changes: sequence them now rather than at the next tick. */
  poke(): void {
    this.poked = true;
    this.kick();
  }

  /** Resolves once every change committed before the call has a cursor. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.paced);
    await this.round?.catch(() => {});
    // Nobody will sequence for them any more; callers must not wait forever.
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the change sequencer stopped'));
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    // Rounds are paced, at most one per interval: under load a round then numbers the changes of
    // many writes at once instead of costing a write transaction per write.
    const wait = this.lastRoundAt + this.options.intervalMs - Date.now();
    if (wait > 0) {
      this.paced ??= setTimeout(() => {
        this.paced = undefined;
        this.kick();
      }, wait);
      return;
    }
    this.again = false;
    const poked = this.poked;
    this.poked = false;
    // Only those who asked before this drain began are answered by it: their changes are visible to it.
    const waiters = this.waiters.splice(0);
    this.round = this.drain(poked).then(
      () => {
        for (const waiter of waiters) waiter.resolve();
      },
      (error: unknown) => {
        this.logger.error('sequencing changes failed', { message: error instanceof Error ? error.message : String(error) });
        for (const waiter of waiters) waiter.reject(error);
      },
    );
    void this.round.finally(() => {
      this.round = undefined;
      this.lastRoundAt = Date.now();
      if (this.again || this.waiters.length > 0) this.kick();
    });
  }

  /** Rounds until one finds fewer events than it could take: everything visible at its start is sequenced. */
  private async drain(poked: boolean): Promise<void> {
    // Idle most of the time: a count-store read is far cheaper than a write transaction.
    let pending = poked ? 1 : Number((await this.db.readRows({ text: cypher.PENDING_COUNT, params: {} }))[0]?.['pending'] ?? 0);
    this.idleDelay = pending > 0 ? this.options.intervalMs : Math.min(this.idleDelay * 2, this.options.intervalMs * 10);
    while (pending > 0) {
      const { sequenced, deferred } = await this.sequenceRound();
      if (sequenced.length > 0) {
        this.deliver(sequenced);
        this.bus?.publish(sequenced).catch((error: unknown) => {
          // A lost publish is not a lost change: consumers fill gaps in cursors from the Neo4j log.
          this.logger.warn('publishing changes to NATS failed', { message: error instanceof Error ? error.message : String(error) });
        });
      }
      // A round starts from the oldest `people` pending events and takes all of their people's,
      // so one that found fewer found them all; counting people instead would stop early when a
      // few people hold the oldest events, and answer flush() with a backlog left. Events left
      // for a later round (a merge committed while the round read): go on while rounds progress.
      // A round that numbered nothing stops the drain either way: the next tick tries again.
      const full = sequenced.length + deferred >= this.options.people;
      pending = sequenced.length > 0 && (full || deferred > 0) ? 1 : 0;
    }
    // Pruning is housekeeping: its failure must not fail the callers waiting for their cursors.
    await this.pruneNowAndThen().catch((error: unknown) => {
      this.logger.warn('pruning the change log failed', { message: error instanceof Error ? error.message : String(error) });
    });
  }

  private sequenceRound(): Promise<{ sequenced: CommittedChange[]; deferred: number }> {
    return this.db.write(async (tx) => {
      const rows = await this.db.count(runQuery(tx, { text: cypher.SEQUENCE_PENDING, params: { people: neo4j.int(this.options.people) } }));
      const row = rows[0];
      const sequenced = (row?.['sequenced'] ?? []) as CommittedChange[];
      let pending = (row?.['pending'] ?? []) as PendingEvent[];
      if (pending.length === 0) return { sequenced, deferred: 0 };
      // A merge is among them: bring in the other people its append names, then number in the
      // order that keeps a merge's events before its people's later ones (change-order.ts).
      // Who was read, found or not: a linked person read with nothing pending is not waited for.
      const read = new Set(pending.map((event) => event.personId));
      for (let hops = 0, missing = missingPeople(pending, read); missing.length > 0 && hops < LINK_HOPS; hops++, missing = missingPeople(pending, read)) {
        const more = await this.db.count(runQuery(tx, { text: cypher.PENDING_OF_PEOPLE, params: { personIds: missing } }));
        for (const personId of missing) read.add(personId);
        pending = pending.concat(more.map((found) => found['event'] as PendingEvent));
      }
      const ordered = orderRound(pending, Date.now(), read);
      const numbered = await this.db.count(runQuery(tx, { text: cypher.SEQUENCE_ORDERED, params: { ids: ordered.map((event) => event.id) } }));
      return { sequenced: numbered.map((found) => found['event'] as CommittedChange), deferred: pending.length - ordered.length };
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.kick();
      this.schedule();
    }, this.idleDelay);
    this.timer.unref();
  }

  /**
   * Once a minute, and again after every drain while the last prune deleted a full batch: one
   * batch a minute could not keep up with more than a few events a second, and the log grew
   * for as long as they came.
   */
  private async pruneNowAndThen(): Promise<void> {
    if (!this.pruneBehind && Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    const batch = this.options.pruneBatch ?? 2000;
    const before = new Date(Date.now() - this.options.retentionHours * 3_600_000).toISOString();
    const [row] = await this.db.writeRows({ text: cypher.PRUNE_CHANGES, params: { before, limit: neo4j.int(batch) } });
    this.pruneBehind = Number(row?.['pruned'] ?? 0) >= batch;
  }
}
