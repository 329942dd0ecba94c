import type { Database } from '../neo4j.js';
import { identityConfig, type IdentityConfig } from './config.js';
import { prepareIdentify, type IdentifyCommand, type PreparedIdentify } from './prepare.js';
import { resolveIdentitiesInTx, type IdentifyOutcome } from './resolve.js';

export interface IdentifyBatcherOptions {
  /** Most calls resolved in one transaction. @default 64 */
  readonly maxBatch?: number;
  /**
   * Transactions in flight at once. Calls that arrive while they run wait and go together in the
   * next one, so under load each commit carries many calls and when idle a call starts at once.
   * One is best measured: two batches in flight lock people in call order and deadlock each
   * other, and a single batch grows to carry what the second would have.
   * @default 1
   */
  readonly maxInFlight?: number;
  readonly config?: IdentityConfig;
}

interface Waiting {
  readonly prepared: PreparedIdentify;
  readonly resolve: (outcome: IdentifyOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for identify. A transaction costs Neo4j a commit and the driver a round trip per
 * statement whatever it carries, and identify calls are small: resolving the calls that arrive
 * together in one transaction (in waves, resolve.ts, so the outcome is the one resolving them one
 * by one would give) multiplies what a process can take. One call's failure does not fail the
 * others: a batch that fails is re-run call by call, so only the failing call reports an error.
 */
export class IdentifyBatcher {
  readonly #queue: Waiting[] = [];
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  readonly #config: IdentityConfig | undefined;
  #inFlight = 0;

  constructor(
    private readonly db: Database,
    options: IdentifyBatcherOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 64;
    this.#maxInFlight = options.maxInFlight ?? 1;
    this.#config = options.config;
  }

  /** Validates at once (a bad call never joins a batch), then resolves with the call's outcome. */
  async identify(command: IdentifyCommand): Promise<IdentifyOutcome> {
    const prepared = prepareIdentify(command, this.#config ?? identityConfig());
    return new Promise<IdentifyOutcome>((resolve, reject) => {
      this.#queue.push({ prepared, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight++;
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #run(batch: readonly Waiting[]): Promise<void> {
    const config = this.#config ?? identityConfig();
    try {
      const outcomes = await this.db.write(
        (tx, changes) => resolveIdentitiesInTx(tx, this.db, batch.map((waiting) => waiting.prepared), changes, new Date().toISOString(), config),
        { conflictRetries: 10 },
      );
      batch.forEach((waiting, index) => waiting.resolve(outcomes[index]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const waiting of batch) await this.#run([waiting]);
    }
  }
}

const batchers = new WeakMap<Database, IdentifyBatcher>();

/** The process's batcher for this database: every identify of a process shares its commits. */
export function identifyBatcherFor(db: Database): IdentifyBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new IdentifyBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}
