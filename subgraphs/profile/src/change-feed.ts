import neo4j from 'neo4j-driver';
import type { Database, Logger } from '@cdp/shared';
import * as cypher from './cypher-changes.js';

export interface ChangeEventRow {
  readonly cursor: number;
  readonly personId: string;
  readonly kind: string;
  readonly changedFields: string[];
  readonly survivorId: string | null;
  readonly at: string;
}

export interface ChangeFeedOptions {
  /** How often the log is read while anyone listens. Env CHANGE_POLL_MS. @default 50 */
  readonly pollMs: number;
  /** Events read per statement. @default 1000 */
  readonly batch: number;
  /** Events older than this are pruned. Env CHANGE_RETENTION_HOURS. @default 168 */
  readonly retentionHours: number;
}

/**
 * Tails the change log in Neo4j for this process and fans events out to listeners, in cursor
 * order. It reads only while someone listens. Because cursors are handed out in commit order,
 * reading "everything after the last cursor seen" never skips an event.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(event: ChangeEventRow) => void>();
  private position: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<number> | undefined;
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    readonly options: ChangeFeedOptions,
  ) {}

  /** Registers a listener; resolves with the feed's position: every later event reaches the listener. */
  async listen(listener: (event: ChangeEventRow) => void): Promise<{ position: number; stop: () => void }> {
    this.listeners.add(listener);
    this.starting ??= this.start();
    const position = await this.starting;
    return {
      position: Math.max(position, this.position ?? position),
      stop: () => {
        this.listeners.delete(listener);
      },
    };
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
    this.listeners.clear();
  }

  private async start(): Promise<number> {
    const { latest } = await this.bounds();
    this.position = latest;
    this.schedule(this.options.pollMs);
    return latest;
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
    const events = await this.replay(undefined, this.position ?? 0, this.options.batch);
    for (const event of events) {
      this.position = event.cursor;
      for (const listener of this.listeners) listener(event);
    }
    await this.pruneNowAndThen();
    this.schedule(events.length === this.options.batch ? 0 : this.options.pollMs);
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    const before = new Date(Date.now() - this.options.retentionHours * 3_600_000).toISOString();
    await this.db.writeRows({ text: cypher.PRUNE_CHANGES, params: { before, limit: neo4j.int(10_000) } });
  }
}
