import type { Database } from '@cdp/shared';
import type { Stats } from './measure.js';

/** What a benchmark case gets: the running stack and a direct database handle for floors and seeding. */
export interface BenchContext {
  readonly gatewayUrl: string;
  readonly subgraphUrls: Readonly<Record<'profile' | 'relationship' | 'interaction', string>>;
  readonly db: Database;
  /**
   * Headers for requests straight to a subgraph: the signed claims the gateway would add (the
   * bench stack runs in AUTH_MODE=dev, so gateway requests need no token).
   */
  readonly subgraphHeaders: Readonly<Record<string, string>>;
  /** The gateway's Segment-compatible batch endpoint, `/v1/batch`. */
  readonly trackingUrl: string;
  /** Headers for the tracking API: the bench stack's write key, as HTTP Basic auth. */
  readonly trackingHeaders: Readonly<Record<string, string>>;
  /** `--quick`: smaller data and fewer iterations, for a smoke run. */
  readonly quick: boolean;
  /** `--existing`: measure on the graph NEO4J_URI already holds (a seeded scale) where the case can. */
  readonly existing: boolean;
  log(line: string): void;
}

/** One row of the report: a measurement and, where it has one, its floor measured in the same run. */
export interface BenchRow {
  readonly case: string;
  readonly name: string;
  readonly stats: Stats;
  /** Name of the row this one is compared against (the floor or the peer). */
  readonly baseline?: string;
  /** This row's p50 divided by the baseline's p50 (lower is better). */
  readonly p50Ratio?: number;
  /** This row's throughput divided by the baseline's (higher is better). */
  readonly throughputRatio?: number;
  readonly notes?: string;
}

export interface BenchCase {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

/**
 * A floor timed twice in one run, before and after the paths compared with it, as the faster of
 * the two: a fresh Neo4j keeps compiling for minutes, and a floor timed only while it is coldest
 * would flatter every path measured after it.
 */
export function fasterFloor(benchCase: string, name: string, before: Stats, after: Stats, unit: string): BenchRow {
  return {
    case: benchCase,
    name,
    stats: after.perSecond > before.perSecond ? after : before,
    notes: `timed before and after the paths compared with it: ${before.perSecond.toFixed(0)} and ${after.perSecond.toFixed(0)} ${unit}/s; the faster is the floor`,
  };
}

/** Attaches ratios against a baseline row measured in the same run. */
export function compared(row: Omit<BenchRow, 'baseline' | 'p50Ratio' | 'throughputRatio'>, baseline: BenchRow): BenchRow {
  return {
    ...row,
    baseline: baseline.name,
    p50Ratio: row.stats.p50Ms / baseline.stats.p50Ms,
    throughputRatio: row.stats.perSecond / baseline.stats.perSecond,
  };
}
