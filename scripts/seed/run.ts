/**
 * npm run seed -- [--scale small|medium|large] [--seed N] [--report] [--report-only]
 *
 * Writes a realistic customer graph to NEO4J_URI (default bolt://127.0.0.1:7687): people through
 * the real identity resolution, households, organization hierarchies, jobs, relationships,
 * consents and interactions; the ground truth goes to data/seed/ground-truth-<scale>-<seed>.ndjson.
 * --report then measures identity-resolution precision and recall against it (--report-only
 * measures an existing graph without writing).
 */
import { join } from 'node:path';
import { Database, REPO_ROOT, applyMigrations, createDriver, readNeo4jConfig } from '@cdp/shared';
import * as cypher from './cypher.js';
import { formatQuality, measureQuality } from './quality.js';
import { SCALES, seedGraph, type Scale } from './seed.js';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  const arg = args[at] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
}
const flag = (name: string): boolean => process.argv.slice(2).includes(`--${name}`);

const scaleName = option('scale') ?? 'small';
if (!(scaleName in SCALES)) {
  process.stderr.write(`--scale expects one of ${Object.keys(SCALES).join(', ')}, but got "${scaleName}".\n`);
  process.exit(2);
}
const scale = scaleName as Scale;
const seed = Number(option('seed') ?? '1');
if (!Number.isInteger(seed) || seed < 0) {
  process.stderr.write(`--seed expects a whole number of 0 or more, but got "${option('seed') ?? ''}".\n`);
  process.exit(2);
}
const groundTruthPath = join(REPO_ROOT, 'data/seed', `ground-truth-${scale}-${seed}.ndjson`);

let lastDraw = 0;
let lastPhase = '';
function progress(phase: string, done: number, total: number): void {
  const nowMs = Date.now();
  if (phase === lastPhase && done < total && nowMs - lastDraw < 200) return;
  lastDraw = nowMs;
  const width = 30;
  const share = total === 0 ? 1 : done / total;
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  const end = done >= total ? '\n' : '';
  if (phase !== lastPhase && lastPhase !== '' && process.stderr.isTTY) process.stderr.write('\n');
  lastPhase = phase;
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}[seed] ${phase.padEnd(13)} [${bar}] ${done}/${total}${process.stderr.isTTY ? end : '\n'}`);
}

const config = readNeo4jConfig(process.env);
const driver = createDriver(config);
const db = new Database(driver, config.database);
try {
  await applyMigrations(driver, config.database);
  if (!flag('report-only')) {
    const started = performance.now();
    process.stderr.write(`[seed] ${scale} (${SCALES[scale]} people), seed ${seed}, into ${config.uri}\n`);
    const summary = await seedGraph(db, { people: SCALES[scale], seed, groundTruthPath, progress });
    const seconds = (performance.now() - started) / 1000;
    const [counts] = await db.readRows({ text: cypher.COUNTS, params: {} });
    const lines = [
      `seeded ${scale} (seed ${seed}) in ${seconds.toFixed(1)} s`,
      `  generated: ${summary.people} people, ${summary.sourceRecords} source records, ${summary.households} households, ${summary.organizations} organizations,`,
      `             ${summary.employments} employments, ${summary.relationships} relationships, ${summary.consents} consents, ${summary.interactions} interactions`,
      `  phases (ms): ${Object.entries(summary.phaseMs).map(([phase, ms]) => `${phase} ${ms}`).join(', ')}`,
      `  identify rate: ${((summary.sourceRecords / (summary.phaseMs['identify'] ?? 1)) * 1000).toFixed(0)} records/s; interactions ${((summary.interactions / (summary.phaseMs['interactions'] ?? 1)) * 1000).toFixed(0)}/s`,
      `  graph now: ${JSON.stringify(counts)}`,
      `  ground truth: ${groundTruthPath}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (flag('report') || flag('report-only')) {
    process.stdout.write(`${formatQuality(await measureQuality(db, groundTruthPath))}\n`);
  }
} finally {
  await db.close();
}
