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
  /** Untimed operations first, so JIT and caches settle. @default min(50, iterations / 10) */
  readonly warmup?: number;
}

function percentile(sorted: readonly number[], p: number): number {
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
  const warmup = options.warmup ?? Math.min(50, Math.floor(options.iterations / 10));
  for (let i = 0; i < warmup; i++) await operation(options.iterations + i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= options.iterations) return;
        const t0 = performance.now();
        await operation(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarize(latencies, performance.now() - started);
}
