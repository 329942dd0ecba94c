import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { prepareIdentify, resolveIdentitiesInTx, type Database } from '@cdp/shared';
import { CREATE_INTERACTIONS, interactionsByPerson, type InteractionWrite } from '../../subgraphs/interaction/src/cypher.js';
import type { EngagementWrite } from '../../subgraphs/interaction/src/engagement/update.js';
import * as cypher from './cypher.js';
import { interactionsOf } from './interactions.js';
import { PopulationBuilder, type Population } from './people.js';
import { random } from './random.js';
import { buildStructure, type Structure } from './structure.js';

export const SCALES = { small: 1000, medium: 100_000, large: 1_000_000 } as const;
export type Scale = keyof typeof SCALES;

export interface SeedOptions {
  readonly people: number;
  readonly seed: number;
  /** Mean interactions per person. @default 10 */
  readonly interactionsPerPerson?: number;
  /** identify transactions in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Source records resolved per transaction (in order, through resolveIdentitiesInTx). @default 200 */
  readonly identifyBatch?: number;
  /** Where the ground truth goes (NDJSON, one line per source record); none when absent. */
  readonly groundTruthPath?: string;
  /** Progress: phase, done, total. */
  readonly progress?: (phase: string, done: number, total: number) => void;
  /** Fixed "now", so a seed always gives the same times. @default 2026-01-01T00:00:00Z */
  readonly now?: number;
}

export interface SeedSummary {
  readonly people: number;
  readonly sourceRecords: number;
  readonly households: number;
  readonly organizations: number;
  readonly employments: number;
  readonly relationships: number;
  readonly consents: number;
  readonly interactions: number;
  readonly phaseMs: Record<string, number>;
  /** Resolved person id of each true person (by index), for callers that query the data. */
  readonly personIds: string[];
  readonly organizationIds: string[];
}

const BATCH = 2000;

async function inBatches<T>(rows: readonly T[], size: number, write: (batch: T[]) => Promise<unknown>, onDone: (n: number) => void): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size);
    await write(batch);
    onDone(Math.min(rows.length, i + size));
  }
}

async function writeGroundTruth(path: string, population: Population): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  for (const record of population.records) {
    const line = JSON.stringify({ messageId: record.messageId, person: record.person, source: record.source, identifiers: record.identifiers });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * identify for every source record, in time order, through the shared resolver: records go in
 * batches, each batch one transaction resolved as if call by call, in order (so later records see
 * earlier ones), `concurrency` batches at once. A batch that loses a race on an identifier re-runs
 * whole against the winner's state, exactly as a single identify call would.
 */
async function identifyAll(db: Database, population: Population, concurrency: number, batchSize: number, progress: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const batch = population.records.slice(next, next + batchSize);
        next += batchSize;
        if (batch.length === 0) return;
        const calls = batch.map((record) =>
          prepareIdentify({
            identifiers: record.identifiers,
            traits: record.traits,
            source: record.source,
            messageId: record.messageId,
            observedAt: record.observedAt,
          }),
        );
        await db.write((tx, changes) => resolveIdentitiesInTx(tx, db, calls, changes), { conflictRetries: 20 });
        done += batch.length;
        progress(done);
      }
    }),
  );
}

async function resolvedPeople(db: Database, population: Population): Promise<string[]> {
  // Each true person is the person their first record describes now (typo-only records may stand apart).
  const first = new Map<number, string>();
  for (const record of population.records) if (!first.has(record.person)) first.set(record.person, record.messageId);
  const byMessage = new Map<string, string>();
  const messageIds = [...first.values()];
  for (let i = 0; i < messageIds.length; i += 5000) {
    const rows = await db.readRows({ text: cypher.PEOPLE_OF_RECORDS, params: { messageIds: messageIds.slice(i, i + 5000) } });
    for (const row of rows) byMessage.set(String(row['messageId']), String(row['personId']));
  }
  return population.people.map((person) => byMessage.get(first.get(person.index) ?? '') ?? '');
}

async function writeStructure(db: Database, population: Population, structure: Structure, personIds: readonly string[], now: string, tick: (phase: string, done: number, total: number) => void): Promise<void> {
  const write = (text: string) => (rows: unknown[]) => db.writeRows({ text, params: { rows, now } });
  const orgs = structure.organizations;
  await inBatches(orgs, BATCH, write(cypher.CREATE_ORGANIZATIONS), (n) => tick('organizations', n, orgs.length));
  const children = orgs.filter((org) => org.parentId !== null);
  await inBatches(children, BATCH, write(cypher.LINK_ORGANIZATIONS), (n) => tick('hierarchy', n, children.length));
  const jobs = structure.employments.map((job) => ({ ...job, personId: personIds[job.person] }));
  await inBatches(jobs, BATCH, write(cypher.CREATE_EMPLOYMENTS), (n) => tick('employments', n, jobs.length));
  const households = population.households.map((household) => ({
    id: household.id,
    name: household.name,
    address: household.address,
    since: new Date(Math.min(...household.members.map((m) => population.people[m.person]?.createdAt ?? Date.parse(now)))).toISOString(),
    members: household.members.map((m) => ({ personId: personIds[m.person], role: m.role })),
  }));
  await inBatches(households, 500, write(cypher.CREATE_HOUSEHOLDS), (n) => tick('households', n, households.length));
  const relationships = structure.relationships.map((r) => ({ fromId: personIds[r.from], toId: personIds[r.to], type: r.type, since: r.since }));
  await inBatches(relationships, BATCH, write(cypher.CREATE_RELATIONSHIPS), (n) => tick('relationships', n, relationships.length));
  const consents = structure.consents.map((c) => ({ ...c, personId: personIds[c.person] }));
  await inBatches(consents, BATCH, write(cypher.CREATE_CONSENTS), (n) => tick('consents', n, consents.length));
}

/** Interactions person by person, flushed in batches that hold each person's interactions whole. */
async function writeInteractions(db: Database, seed: number, population: Population, personIds: readonly string[], mean: number, now: number, tick: (done: number) => void): Promise<number> {
  const rnd = random(seed).fork(3);
  let rows: InteractionWrite[] = [];
  let engagements: EngagementWrite[] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    await db.writeRows({ text: CREATE_INTERACTIONS, params: { people: interactionsByPerson(rows, engagements), now: new Date(now).toISOString(), returnRows: false } });
    written += rows.length;
    rows = [];
    engagements = [];
  };
  for (const person of population.people) {
    const personId = personIds[person.index];
    if (personId === undefined || personId === '') continue;
    const generated = interactionsOf(rnd, person, personId, mean, now);
    rows.push(...generated.rows);
    if (generated.engagement !== null) engagements.push(generated.engagement);
    if (rows.length >= BATCH) {
      await flush();
      tick(person.index + 1);
    }
  }
  await flush();
  tick(population.people.length);
  return written;
}

export async function seedGraph(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const now = options.now ?? Date.parse('2026-01-01T00:00:00Z');
  const nowIso = new Date(now).toISOString();
  const progress = options.progress ?? (() => {});
  const phaseMs: Record<string, number> = {};
  let started = performance.now();
  const lap = (phase: string): void => {
    phaseMs[phase] = Math.round(performance.now() - started);
    started = performance.now();
  };
  const rnd = random(options.seed);
  const population = new PopulationBuilder(rnd.fork(1), options.seed, now).build(options.people);
  const structure = buildStructure(rnd.fork(2), options.seed, population, now);
  lap('generate');
  if (options.groundTruthPath !== undefined) await writeGroundTruth(options.groundTruthPath, population);
  await identifyAll(db, population, options.concurrency ?? 4, options.identifyBatch ?? 200, (done) => progress('identify', done, population.records.length));
  lap('identify');
  const personIds = await resolvedPeople(db, population);
  await writeStructure(db, population, structure, personIds, nowIso, progress);
  lap('structure');
  const interactions = await writeInteractions(db, options.seed, population, personIds, options.interactionsPerPerson ?? 10, now, (done) =>
    progress('interactions', done, population.people.length),
  );
  lap('interactions');
  return {
    people: population.people.length,
    sourceRecords: population.records.length,
    households: population.households.length,
    organizations: structure.organizations.length,
    employments: structure.employments.length,
    relationships: structure.relationships.length,
    consents: structure.consents.length,
    interactions,
    phaseMs,
    personIds,
    organizationIds: structure.organizations.map((org) => org.id),
  };
}
