import neo4j, { isRetryableError, type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { Neo4jConfig } from './config.js';
import { APPEND_CHANGES, ChangeSink } from './changes.js';
import { DeadlockVictim, isConstraintViolation, isDeadlock } from './errors.js';

/**
 * A Cypher statement with its parameters. Statement text is always a constant in a `cypher.ts`
 * file; only parameters vary, so no caller input can change a query's shape.
 */
export interface CypherQuery {
  readonly text: string;
  readonly params: Record<string, unknown>;
}

export type Row = Record<string, unknown>;

export function createDriver(config: Neo4jConfig): Driver {
  const auth = config.password === '' ? undefined : neo4j.auth.basic(config.user, config.password);
  return neo4j.driver(config.uri, auth, {
    // Counts, limits and depths all fit in a double; lossless Integer objects would leak into JSON.
    disableLosslessIntegers: true,
    maxConnectionPoolSize: config.maxPoolSize,
    connectionAcquisitionTimeout: 10_000,
    userAgent: 'customer-graph/0.1',
  });
}

/**
 * Starts a driver call that creates a Result, without the stack trace the driver records for it.
 * neo4j-driver takes `new Error().stack` for every Result, to decorate a later failure with the
 * caller's frames; under tsx each of those is mapped through source maps, and it came to 6% of the
 * profile subgraph's CPU under identify load. Database errors are mapped by their code (errors.ts),
 * never by their stack. The limit is restored before anything else can run.
 */
function withoutDriverStack<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Runs one statement inside a managed transaction and returns plain row objects. */
export async function runQuery(tx: ManagedTransaction, query: CypherQuery): Promise<Row[]> {
  const result = await withoutDriverStack(() => tx.run(query.text, query.params));
  return result.records.map((record) => record.toObject());
}

export interface WriteOptions {
  /**
   * How many times to re-run the whole unit of work when a uniqueness constraint rejects a write
   * because a concurrent transaction created the same record first. The re-run then sees the
   * winner's data. @default 5
   */
  readonly conflictRetries?: number;
  /**
   * For how long a unit of work that Neo4j chose as a deadlock's victim is re-run, first at once,
   * then backing off (doubling from 5 ms up to a second, with jitter); 0 hands the deadlock to
   * the caller as a DeadlockVictim. @default 30000, as the driver's own retries
   */
  readonly deadlockRetryMs?: number;
}

/** Tries of a single read statement before a transient failure reaches the caller. */
const READ_ATTEMPTS = 5;

/** Database access for one process: units of work in managed transactions and single reads as retried auto-commit queries, so transient errors retry. */
export class Database {
  /** Counts statements sent, per process, so tests can prove there is no N+1. */
  statementCount = 0;

  /** Called after a write that appended changes commits, so a sequencer in this process can run at once. */
  onChangesCommitted: (() => void) | undefined;

  constructor(
    readonly driver: Driver,
    readonly database: string,
  ) {}

  read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.withSession((session) => session.executeRead(work), 'READ');
  }

  /**
   * A write transaction. Changes to people that the work reports through `changes` are appended
   * to the change log as the transaction's last statement, so they commit with the write; a work
   * may send them along with its own last statement instead (`appendingChanges`).
   */
  async write<T>(work: (tx: ManagedTransaction, changes: ChangeSink) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const retries = options.conflictRetries ?? 5;
    let appended = false;
    const unit = async (tx: ManagedTransaction): Promise<T> => {
      const changes = new ChangeSink();
      try {
        const result = await work(tx, changes);
        appended = changes.changes.length > 0;
        const rest = changes.take(new Date().toISOString());
        if (rest.changeStreams.length > 0) await this.count(runQuery(tx, { text: APPEND_CHANGES, params: rest }));
        return result;
      } catch (error) {
        // The driver would re-run a deadlock's victim too, but only after a second's back-off:
        // a stall for every call of the batch. Re-run it here, at once (below).
        if (isDeadlock(error)) throw new DeadlockVictim('chosen as a deadlock victim', { cause: error });
        throw error;
      }
    };
    const deadlockRetryMs = options.deadlockRetryMs ?? 30_000;
    const started = Date.now();
    let conflicts = 0;
    let deadlocks = 0;
    for (;;) {
      try {
        const result = await this.withSession((session) => session.executeWrite(unit), 'WRITE');
        if (appended) this.onChangesCommitted?.();
        return result;
      } catch (error) {
        let delay: number;
        if (error instanceof DeadlockVictim) {
          if (Date.now() - started >= deadlockRetryMs) throw error;
          delay = Math.min(1000, 5 * 2 ** deadlocks++) * (0.5 + Math.random());
        } else {
          if (!isConstraintViolation(error) || conflicts >= retries) throw error;
          conflicts++;
          // Back off a little, with jitter, so racing writers do not collide again in lockstep.
          delay = 5 + Math.random() * 20 * conflicts;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Single read statement, the common case for loaders. Sent as an auto-commit query: one round
   * trip, where a managed transaction takes two (its COMMIT waits for the result), and a request
   * whose loaders run level after level pays that at every level. One statement is atomic either
   * way; transient failures are retried here, as executeRead would.
   */
  async readRows(query: CypherQuery): Promise<Row[]> {
    this.statementCount++;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.withSession(async (session) => {
          const result = await withoutDriverStack(() => session.run(query.text, query.params));
          return result.records.map((record) => record.toObject());
        }, 'READ');
      } catch (error) {
        if (attempt >= READ_ATTEMPTS || !isRetryableError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random())));
      }
    }
  }

  /** Single write statement. */
  writeRows(query: CypherQuery, options?: WriteOptions): Promise<Row[]> {
    return this.write((tx) => this.count(runQuery(tx, query)), options);
  }

  /** Wraps a statement so it is counted; used by units of work that run several. */
  count<T>(promise: Promise<T>): Promise<T> {
    this.statementCount++;
    return promise;
  }

  async ping(): Promise<void> {
    await this.readRows({ text: 'RETURN 1 AS ok', params: {} });
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async withSession<T>(
    work: (session: ReturnType<Driver['session']>) => Promise<T>,
    mode: 'READ' | 'WRITE',
  ): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }
}
