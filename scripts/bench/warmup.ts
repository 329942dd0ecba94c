import type { BenchContext } from './context.js';
import { measure } from './measure.js';

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
  /** Rounds at most, whatever the throughput does. @default 10 */
  readonly maxRounds?: number;
  /**
   * The warm-up ends after two rounds in a row in which no path ran faster than its best earlier
   * round by more than this fraction (one such round is often just noise). @default 0.1
   */
  readonly tolerance?: number;
}

/**
 * Runs every path a case times, round after round, until rounds stop making any of them faster.
 *
 * A fresh Neo4j spends its first minutes compiling: on this machine its C2 compiler threads took
 * more CPU than its Bolt workers for the first 30 s of identify load, and the same upsert ran
 * 377 calls/s in the first round and 1,735 in the sixth. Timed in that window, a benchmark
 * measures the JIT, and whichever path runs first pays the most. Every path, floors included,
 * warms here; the rounds are logged so the report shows what they did.
 */
export async function warmUp(context: BenchContext, benchCase: string, paths: readonly WarmUpPath[], options: WarmUpOptions = {}): Promise<void> {
  const maxRounds = options.maxRounds ?? 10;
  const tolerance = options.tolerance ?? 0.1;
  const history: number[][] = paths.map(() => []);
  const started = Date.now();
  let rounds = 0;
  let steady = 0;
  let settled = false;
  for (; rounds < maxRounds; rounds++) {
    let faster = false;
    for (const [index, path] of paths.entries()) {
      const offset = rounds * path.perRound;
      // measure() warms up by itself unless told not to; these rounds are the warm-up.
      const stats = await measure((i) => path.operation(offset + i), { iterations: path.perRound, concurrency: path.concurrency ?? 1, warmup: 0 });
      const perSecond = stats.perSecond * (path.unitsPerOperation ?? 1);
      const seen = history[index]!;
      if (seen.length === 0 || perSecond > Math.max(...seen) * (1 + tolerance)) faster = true;
      seen.push(perSecond);
    }
    steady = faster ? 0 : steady + 1;
    // The first round always counts as faster, so settling takes three rounds at least.
    if (steady >= 2) {
      settled = true;
      rounds++;
      break;
    }
  }
  const trail = paths.map((path, index) => `${path.name} ${history[index]!.map((value) => value.toFixed(0)).join(' → ')}/s`);
  context.log(`${benchCase} warm-up: ${rounds} rounds (${settled ? 'settled' : 'the most allowed'}) in ${((Date.now() - started) / 1000).toFixed(0)} s (${trail.join('; ')})`);
}
