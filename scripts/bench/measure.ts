/** Latency and throughput measurement shared by every benchmark case. */

export interface Stats {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Completed operations per second of wall-clock time, across all workers. */
  readonly perSecond: number;
}

export interface MeasureOptions {
  /** Operations to time. */
  readonly iterations: number;
  /** Workers running operations at once. @default 1 */
  readonly concurrency?: number;
  /**
   * Untimed operations first, at the same concurrency, so JIT and caches settle: Neo4j plans a
   * statement again for each size class of its list parameters, so concurrent shapes (larger
   * batches) must be seen before timing. @default min(max(50, 10 x concurrency), iterations / 5)
   */
  readonly warmup?: number;
}

/** The p-th percentile of ascending values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function summarize(latenciesMs: readonly number[], wallMs: number): Stats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    perSecond: wallMs > 0 ? (sorted.length / wallMs) * 1000 : Number.NaN,
  };
}

/** Runs `operation(i)` for i in 0..iterations-1 with the given concurrency and times each call. */
export async function measure(operation: (i: number) => Promise<unknown>, options: MeasureOptions): Promise<Stats> {
  const concurrency = options.concurrency ?? 1;
  const warmup = options.warmup ?? Math.min(Math.max(50, 10 * concurrency), Math.floor(options.iterations / 5));
  await runWorkers(concurrency, warmup, (i) => operation(options.iterations + i));
  const latencies: number[] = [];
  const started = performance.now();
  await runWorkers(concurrency, options.iterations, async (i) => {
    const t0 = performance.now();
    await operation(i);
    latencies.push(performance.now() - t0);
  });
  return summarize(latencies, performance.now() - started);
}

/** Runs `operation(i)` for i in 0..count-1 on `workers` concurrent loops. */
async function runWorkers(workers: number, count: number, operation: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        await operation(i);
      }
    }),
  );
}
