/**
 * npm run bench [-- <case> ...] [--quick]
 *
 * Starts a fresh local Neo4j (or uses NEO4J_URI) and the real stack, runs the named cases (all by
 * default), prints a table and writes bench/results.json. Every case reports its floor measured
 * in the same run, because timings on a shared 2-core machine are only comparable side by side.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAIMS_HEADER, Database, REPO_ROOT, SCOPES, createDriver, readNeo4jConfig, signClaims } from '@cdp/shared';
import { openDatabase } from '../lib/database.js';
import { freePort } from '../lib/processes.js';
import { startStack } from '../lib/stack.js';
import { CASES } from './cases/index.js';
import type { BenchRow } from './context.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
// With NEO4J_URI naming a graph made by `npm run seed` (e.g. --scale medium), cases that can
// measure on it instead of seeding their own small graph.
const existing = args.includes('--existing');
if (existing && (process.env['NEO4J_URI'] ?? '') === '') {
  process.stderr.write('--existing expects NEO4J_URI to name a seeded Neo4j (npm run seed -- --scale medium), but NEO4J_URI is not set.\n');
  process.exit(2);
}
const names = args.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !CASES.some((c) => c.name === name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark ${unknown.join(', ')}; expected one of: ${CASES.map((c) => c.name).join(', ')}\n`);
  process.exit(2);
}
const selected = names.length === 0 ? CASES : CASES.filter((c) => names.includes(c.name));
const log = (line: string): void => {
  process.stdout.write(`[bench] ${line}\n`);
};

const signingSecret = randomBytes(32).toString('base64url');
const TRACKING_WRITE_KEY = 'bench-write-key';
const home = mkdtempSync(join(tmpdir(), 'cdp-bench-neo4j-'));
const database = await openDatabase(process.env, { home, port: await freePort(), log });
const stack = await startStack({
  neo4j: database.connection,
  ports: { profile: 0, relationship: 0, interaction: 0, gateway: 0 },
  env: { LOG_LEVEL: 'error', AUTH_MODE: 'dev', INTERNAL_SIGNING_SECRET: signingSecret, TRACKING_WRITE_KEYS: TRACKING_WRITE_KEY },
});
const trackingUrl = new URL('/v1/batch', stack.gatewayUrl).toString();
const trackingHeaders = { authorization: `Basic ${Buffer.from(`${TRACKING_WRITE_KEY}:`).toString('base64')}` };
const subgraphHeaders = {
  [CLAIMS_HEADER]: signClaims({ sub: 'bench', scopes: [...SCOPES], exp: Math.floor(Date.now() / 1000) + 12 * 3600 }, signingSecret),
};
const config = readNeo4jConfig({ ...process.env, NEO4J_URI: database.connection.uri });
const db = new Database(createDriver(config), config.database);
const rows: BenchRow[] = [];
try {
  for (const benchCase of selected) {
    log(`case ${benchCase.name}: ${benchCase.description}`);
    rows.push(
      ...(await benchCase.run({ gatewayUrl: stack.gatewayUrl, subgraphUrls: stack.subgraphUrls, subgraphHeaders, trackingUrl, trackingHeaders, db, quick, existing, log })),
    );
  }
} finally {
  await db.close();
  await stack.stop();
  await database.stop();
  rmSync(home, { recursive: true, force: true });
}

const fmt = (value: number | undefined, digits = 1): string => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits));
const header = ['case', 'name', 'n', 'p50 ms', 'p99 ms', 'ops/s', 'vs', 'p50 ratio', 'ops ratio'];
const table = rows.map((row) => [
  row.case,
  row.name,
  String(row.stats.count),
  fmt(row.stats.p50Ms, 2),
  fmt(row.stats.p99Ms, 2),
  fmt(row.stats.perSecond, 0),
  row.baseline ?? '',
  fmt(row.p50Ratio, 2),
  fmt(row.throughputRatio, 2),
]);
const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => (cells[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
process.stdout.write(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`);

/**
 * bench/results.json keeps the latest run of every case: running some cases replaces only their
 * rows, so the file stays one picture of all benchmarks, each row with when and how it ran.
 */
const resultsPath = join(REPO_ROOT, 'bench/results.json');
interface StoredRow extends BenchRow {
  readonly at?: string;
  readonly quick?: boolean;
  readonly existing?: boolean;
}
let kept: StoredRow[] = [];
if (existsSync(resultsPath)) {
  try {
    const previous = JSON.parse(readFileSync(resultsPath, 'utf8')) as { rows?: StoredRow[] };
    kept = (previous.rows ?? []).filter((row) => !selected.some((c) => c.name === row.case));
  } catch {
    kept = [];
  }
}
const at = new Date().toISOString();
const report = {
  at,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  rows: [...kept, ...rows.map((row): StoredRow => ({ ...row, at, quick, existing }))],
};
mkdirSync(join(REPO_ROOT, 'bench'), { recursive: true });
writeFileSync(resultsPath, `${JSON.stringify(report, null, 2)}\n`);
log(`wrote bench/results.json (${rows.length} rows of this run, ${kept.length} kept from earlier runs of other cases)`);
