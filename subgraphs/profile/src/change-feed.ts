import neo4j from 'neo4j-driver';
import type { CommittedChange, Database, EventBus, Logger } from '@cdp/shared';
import * as cypher from './cypher-changes.js';

export interface ChangeEventRow {
  readonly cursor: number;
  readonly personId: string;
  readonly kind: string;
  readonly changedFields: string[];
  readonly survivorId: string | null;
  readonly at: string;
  /**
   * The same object on every event delivered together (one sequencing round, one read of the
   * log): their people were all committed before it, so one read can serve them all.
   */
  readonly delivery?: object;
}

export interface ChangeFeedOptions {
  /**
   * How often the log is read while anyone listens. With a NATS bus this is only the safety net
   * for publishes that never arrived. Env CHANGE_POLL_MS. @default 50, or 1000 with NATS
   */
  readonly pollMs: number;
  /** Events read per statement. @default 1000 */
  readonly batch: number;
}

/**
 * Fans sequenced changes out to this process's listeners, in cursor order, with no gaps.
 * It takes changes from this process's sequencer and from the NATS stream, if there is one, and,
 * whenever a cursor is skipped (sequenced elsewhere, a publish lost or overtaken), reads the
 * missing ones from the log first; it also tails the log, for sequencers in other processes.
 * Cursors become visible in order, so "everything after the last cursor seen" never skips an
 * event. It reads only while someone listens.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(event: ChangeEventRow) => void>();
  private position: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<number> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private unsubscribeBus: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    readonly options: ChangeFeedOptions,
    /** Resolves once every change committed before the call has a cursor. */
    private readonly settle: () => Promise<void>,
    private readonly bus?: EventBus,
  ) {}

  /** Registers a listener; resolves with the feed's position: every later event reaches the listener. */
  async listen(listener: (event: ChangeEventRow) => void): Promise<{ position: number; stop: () => void }> {
    this.listeners.add(listener);
    const starting = (this.starting ??= this.start());
    let position: number;
    try {
      position = await starting;
    } catch (error) {
      // A start that failed (Neo4j or the bus unavailable) must not be handed to every later
      // listener: the next listen starts the feed again. Nor is this listener kept.
      this.listeners.delete(listener);
      if (this.starting === starting) this.starting = undefined;
      throw error;
    }
    return {
      position: Math.max(position, this.position ?? position),
      stop: () => {
        this.listeners.delete(listener);
      },
    };
  }

  /** The latest cursor after every change committed so far has one: "now", as a cursor. */
  async latestCommitted(): Promise<number> {
    await this.settle();
    return (await this.bounds()).latest;
  }

  /** Changes this process sequenced: delivered at once, without waiting for the next poll. */
  deliver(changes: readonly CommittedChange[]): void {
    const delivery = {};
    for (const change of changes) this.accept(change, delivery);
  }

  /** Latest cursor and how far the log has been pruned. */
  async bounds(): Promise<{ latest: number; prunedThrough: number }> {
    const [row] = await this.db.readRows({ text: cypher.LATEST_CURSOR, params: {} });
    return { latest: Number(row?.['cursor'] ?? 0), prunedThrough: Number(row?.['prunedThrough'] ?? 0) };
  }

  /** Events of some people after a cursor, for replay. */
  async replay(personIds: readonly string[] | undefined, after: number, limit: number): Promise<ChangeEventRow[]> {
    const rows = personIds
      ? await this.db.readRows({ text: cypher.PERSON_CHANGES_AFTER, params: { personIds, after: neo4j.int(after), limit: neo4j.int(limit) } })
      : await this.db.readRows({ text: cypher.CHANGES_AFTER, params: { after: neo4j.int(after), limit: neo4j.int(limit) } });
    return rows.map((row) => row['event'] as ChangeEventRow).sort((a, b) => a.cursor - b.cursor);
  }

  close(): void {
    clearTimeout(this.timer);
    this.unsubscribeBus?.();
    this.listeners.clear();
  }

  private async start(): Promise<number> {
    if (this.bus && !this.unsubscribeBus) {
      // Subscribe before reading the position, so nothing published in between is missed.
      this.unsubscribeBus = await this.bus.subscribe((change) => this.accept(change));
    }
    const { latest } = await this.bounds();
    this.position = latest;
    this.schedule(this.options.pollMs);
    return latest;
  }

  /** A change from the bus: delivered in order, after any changes it skipped past. */
  private accept(change: CommittedChange, delivery: object = {}): void {
    this.chain = this.chain
      .then(async () => {
        if (this.position === undefined || change.cursor <= this.position) return;
        if (change.cursor > this.position + 1) await this.catchUp();
        if (change.cursor > this.position) this.dispatch({ ...change, changedFields: [...change.changedFields], delivery });
      })
      .catch((error: unknown) => {
        this.logger.error('change feed delivery failed', { message: error instanceof Error ? error.message : String(error) });
      });
  }

  private dispatch(event: ChangeEventRow): void {
    this.position = event.cursor;
    for (const listener of this.listeners) listener(event);
  }

  /** Reads and delivers everything in the log after the current position. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.replay(undefined, this.position ?? 0, this.options.batch);
      const delivery = {};
      for (const event of events) if (event.cursor > (this.position ?? 0)) this.dispatch({ ...event, delivery });
      if (events.length < this.options.batch) return;
    }
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.poll().catch((error: unknown) => {
        this.logger.error('change feed poll failed', { message: error instanceof Error ? error.message : String(error) });
        this.schedule(this.options.pollMs * 10);
      });
    }, delay);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.listeners.size === 0) {
      // Nobody listens: stop reading; the next listener starts again from the latest cursor.
      this.starting = undefined;
      this.position = undefined;
      return;
    }
    // Serialized with bus deliveries, so the two paths never interleave out of order.
    this.chain = this.chain.then(() => this.catchUp());
    await this.chain;
    this.schedule(this.options.pollMs);
  }
}
