import type { BenchContext } from './context.js';
import { measure, percentile } from './measure.js';

/** One of the paths a case times, as its warm-up runs it. */
export interface WarmUpPath {
  readonly name: string;
  /**
   * Warm-up operation `i` (0, 1, 2, … across all rounds), on data that leaves the timed
   * operations their whole work: a warm-up that merged the people a timed identify merges would
   * leave it less to do, so identify warms on people of its own; reads may repeat timed ones.
   */
  readonly operation: (i: number) => Promise<unknown>;
  /** Operations a round. */
  readonly perRound: number;
  /** @default 1 */
  readonly concurrency?: number;
  /** Operations each `operation` stands for (events in a batch), so the log reads in the case's unit. @default 1 */
  readonly unitsPerOperation?: number;
}

export interface WarmUpOptions {
  /** Rounds at most, whatever the throughput does. @default 30 */
  readonly maxRounds?: number;
  /** Rounds compared at a time: the median of the last `window` against the `window` before. @default 3 */
  readonly window?: number;
  /**
   * A path has settled when the median of its last `window` rounds is at most this fraction above
   * the median of the `window` rounds before them. @default 0.05
   */
  readonly tolerance?: number;
}

function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/**
 * Whether a path's throughput, one value a round, has stopped rising: medians of windows, not
 * single rounds, because one round is often 15% off its neighbours on this machine, and a JIT
 * that still gains a few percent a round never shows a single round 10% above the best before
 * it: the earlier rule, "two rounds without a 10% gain", ended ingest's warm-up after 7
 * rounds, while in a longer one recordInteractions still rose from 3,535 events/s in round 13
 * to 4,424 in round 20.
 */
export function hasSettled(history: readonly number[], window: number, tolerance: number): boolean {
  if (history.length < 2 * window) return false;
  const last = median(history.slice(-window));
  const before = median(history.slice(-2 * window, -window));
  return last <= before * (1 + tolerance);
}

/**
 * Runs every path a case times, round after round, until rounds stop making any of them faster
 * (hasSettled, for every path at once).
 *
 * A fresh Neo4j spends its first minutes compiling: on this machine its C2 compiler threads took
 * more CPU than its Bolt workers for the first 30 s of identify load, and the same upsert ran
 * 377 calls/s in the first round and 1,735 in the sixth. Timed in that window, a benchmark
 * measures the JIT, and whichever path runs first pays the most. Every path, floors included,
 * warms here, in turns, so the compiler sees all of them; the rounds are logged so the report
 * shows what they did.
 */
export async function warmUp(context: BenchContext, benchCase: string, paths: readonly WarmUpPath[], options: WarmUpOptions = {}): Promise<void> {
  const maxRounds = options.maxRounds ?? 30;
  const window = options.window ?? 3;
  const tolerance = options.tolerance ?? 0.05;
  const history: number[][] = paths.map(() => []);
  const started = Date.now();
  let rounds = 0;
  let settled = false;
  while (rounds < maxRounds && !settled) {
    for (const [index, path] of paths.entries()) {
      const offset = rounds * path.perRound;
      // measure() warms up by itself unless told not to; these rounds are the warm-up.
      const stats = await measure((i) => path.operation(offset + i), { iterations: path.perRound, concurrency: path.concurrency ?? 1, warmup: 0 });
      history[index]!.push(stats.perSecond * (path.unitsPerOperation ?? 1));
    }
    rounds++;
    settled = history.every((seen) => hasSettled(seen, window, tolerance));
  }
  const trail = paths.map((path, index) => `${path.name} ${history[index]!.map((value) => value.toFixed(0)).join(' → ')}/s`);
  context.log(`${benchCase} warm-up: ${rounds} rounds (${settled ? 'settled' : 'the most allowed'}) in ${((Date.now() - started) / 1000).toFixed(0)} s (${trail.join('; ')})`);
}
