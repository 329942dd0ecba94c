import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { identifyBatcherFor, type IdentifierInput, type IdentifyCommand } from '@cdp/shared';
import { compared, fasterFloor, type BenchCase, type BenchContext, type BenchRow } from '../context.js';
import { postGraphQL, postJson } from '../http.js';
import { measure, type Stats } from '../measure.js';
import { warmUp } from '../warmup.js';
import { AWAIT_SEARCH_INDEX } from '../../../subgraphs/profile/src/cypher.js';

/**
 * identify at scale: calls on a graph of existing people, 10% of them joining two people (a
 * merge: the call names a known person's e-mail and an anonymous visitor's id), measured two ways,
 * each next to its floor through the driver in the same run (timed before and after the paths,
 * the faster counting):
 *
 * - one call per request, through the gateway and through the profile subgraph, at concurrency
 *   16, against a raw single-statement upsert per call; beside them the profile subgraph's own
 *   group-committing identify (IdentifyBatcher) called in this process over the same driver, the
 *   database work of those paths without their HTTP and GraphQL;
 * - Segment identify events in batches of 100 through the gateway's tracking API (how analytics
 *   SDKs send them), 4 senders, against a raw upsert of the same 100 calls in one UNWIND statement.
 *
 * The seeded people are what identify itself would have written (observations, golden traits,
 * search text), so a returning person's call changes what such a call changes in production and
 * not, say, every person's full-text entry.
 */
const SEED_PEOPLE = `
UNWIND range($from, $to - 1) AS n
CREATE (p:Person {id: 'bench-p-' + n, status: 'ACTIVE', known: true, displayName: 'Bench',
                  traits: '{"firstName":"Bench"}',
                  observations: '{"firstName":[{"value":"Bench","source":"seed","observedAt":"2026-01-01T00:00:00.000Z"}]}',
                  traitSources: '{"firstName":{"name":"firstName","rule":"most-recent","value":"Bench","source":"seed","observedAt":"2026-01-01T00:00:00.000Z"}}',
                  searchText: 'bench bench' + n + '@example.com bench' + n,
                  createdAt: datetime(), updatedAt: datetime()})
CREATE (e:Identifier {key: 'EMAIL:bench' + n + '@example.com', type: 'EMAIL', value: 'bench' + n + '@example.com', source: 'seed', firstSeenAt: datetime()})
CREATE (e)-[:IDENTIFIES {at: datetime(), rule: 'identify:new', source: 'seed'}]->(p)
CREATE (u:Identifier {key: 'USER_ID:bench-user-' + n, type: 'USER_ID', value: 'bench-user-' + n, source: 'seed', firstSeenAt: datetime()})
CREATE (u)-[:IDENTIFIES {at: datetime(), rule: 'identify:new', source: 'seed'}]->(p)
CREATE (d:Person {id: 'bench-d-' + n, status: 'ACTIVE', known: false, traits: '{}', observations: '{}', traitSources: '{}',
                  createdAt: datetime(), updatedAt: datetime()})
CREATE (a:Identifier {key: 'ANONYMOUS_ID:bench-anon-' + n, type: 'ANONYMOUS_ID', value: 'bench-anon-' + n, source: 'seed', firstSeenAt: datetime()})
CREATE (a)-[:IDENTIFIES {at: datetime(), rule: 'identify:new', source: 'seed'}]->(d)`;

/** The floor's body: find-or-create the person by identifier and record the call. */
const UPSERT = `
MERGE (i:Identifier {key: row.key})
  ON CREATE SET i.type = row.type, i.value = row.value, i.source = 'bench', i.firstSeenAt = datetime()
MERGE (i)-[:IDENTIFIES]->(p:Person)
  ON CREATE SET p.id = row.personId, p.status = 'ACTIVE', p.createdAt = datetime()
SET p.traits = row.traits, p.updatedAt = datetime()
CREATE (s:SourceRecord {id: row.recordId, source: 'bench', receivedAt: datetime(), payload: row.payload})-[:DESCRIBES]->(p)`;

/** The floor of one call per request: one statement per call. */
const RAW_UPSERT = `WITH $row AS row ${UPSERT} RETURN p.id AS id`;

/** The floor of a batch: the batch's calls in one statement. */
const RAW_UPSERT_BATCH = `UNWIND $rows AS row ${UPSERT} RETURN count(*) AS calls`;

const BATCH = 100;
const SENDERS = 4;

const IDENTIFY = `mutation($input: IdentifyInput!) { identify(input: $input) { person { id } mergedIds } }`;

/** Per-batch latency, throughput counted in calls. */
function perCall(stats: Stats): Stats {
  return { ...stats, perSecond: stats.perSecond * BATCH };
}

async function seed(context: BenchContext, people: number): Promise<void> {
  const batch = 5000;
  for (let from = 0; from < people; from += batch) {
    await context.db.writeRows({ text: SEED_PEOPLE, params: { from: neo4j.int(from), to: neo4j.int(Math.min(people, from + batch)) } });
  }
}

/** One identify call for seeded person `n`; every tenth call (by `i`) also names the person's anonymous visitor, a merge. */
function identifyVariables(n: number, i: number): { input: IdentifyCommand } {
  const identifiers: IdentifierInput[] = [{ type: 'EMAIL', value: `bench${n}@example.com` }];
  if (i % 10 === 0) identifiers.push({ type: 'ANONYMOUS_ID', value: `bench-anon-${n}` });
  return { input: { identifiers, source: 'bench', traits: { lastSeenPage: `/p/${i}` } } };
}

/** The same call as a Segment identify event. */
function identifyEvent(n: number, i: number, messageId: string): Record<string, unknown> {
  return {
    type: 'identify',
    userId: `bench-user-${n}`,
    ...(i % 10 === 0 ? { anonymousId: `bench-anon-${n}` } : {}),
    traits: { email: `bench${n}@example.com`, lastSeenPage: `/p/${i}` },
    messageId,
  };
}

/** The floor's row for an upsert naming seeded person `n`'s e-mail. */
function floorRow(n: number, i: number): Record<string, unknown> {
  return {
    key: `EMAIL:bench${n}@example.com`,
    type: 'EMAIL',
    value: `bench${n}@example.com`,
    personId: randomUUID(),
    recordId: randomUUID(),
    traits: JSON.stringify({ lastSeenPage: `/p/${i}` }),
    payload: JSON.stringify({ i }),
  };
}

export const identifyCase: BenchCase = {
  name: 'identify',
  description: 'identify/s on existing people, 10% causing merges, vs a raw single-Cypher upsert',
  async run(context) {
    const people = context.quick ? 15_000 : 100_000;
    const calls = context.quick ? 600 : 3000;
    const concurrency = 16;
    // Warm-up calls get people of their own, seeded after the measured ones: six paths, each
    // with up to maxRounds rounds of perRound calls, none naming a person twice.
    const warm = { perRound: calls / 6, maxRounds: context.quick ? 2 : 30 };
    if (!Number.isInteger(warm.perRound / BATCH)) throw new Error(`identify: ${calls} calls do not split into warm-up rounds of whole batches of ${BATCH}`);
    const warmPerPath = warm.perRound * warm.maxRounds;
    context.log(`seeding ${people} people (+${people} anonymous visitors to merge), and ${6 * warmPerPath} more (and visitors) for the warm-up`);
    const seeded = Date.now();
    await seed(context, people + 6 * warmPerPath);
    // The full-text index is eventually consistent: let it take in the seed before timing, so no
    // path pays for indexing the other 250k people (and, below, the warm-up's updates) in the background.
    await context.db.readRows({ text: AWAIT_SEARCH_INDEX, params: {} });
    context.log(`seeded and indexed in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const post = (url: string, n: number, i: number) => postGraphQL(url, IDENTIFY, identifyVariables(n, i), 'identify', context.subgraphHeaders);
    const inProcess = (n: number, i: number) => identifyBatcherFor(context.db).identify(identifyVariables(n, i).input);
    const upsert = (n: number, i: number) => context.db.writeRows({ text: RAW_UPSERT, params: { row: floorRow(n, i) } });
    // Batch b of a floor upserts calls offset + b * BATCH + j, each naming person(call).
    const upsertBatch = (person: (call: number) => number, offset: number, b: number) =>
      context.db.writeRows({
        text: RAW_UPSERT_BATCH,
        params: { rows: Array.from({ length: BATCH }, (_, j) => floorRow(person(offset + b * BATCH + j), offset + b * BATCH + j)) },
      });
    const sendBatch = async (events: Record<string, unknown>[]): Promise<void> => {
      const response = await postJson(context.trackingUrl, { batch: events }, context.trackingHeaders);
      if (response.status !== 200) throw new Error(`/v1/batch answered ${response.status}: ${response.text.slice(0, 300)}`);
    };

    const warmPerson = (path: number) => (i: number) => people + path * warmPerPath + i;
    const batchOf = (person: (i: number) => number, prefix: string) => (b: number) =>
      sendBatch(Array.from({ length: BATCH }, (_, j) => identifyEvent(person(b * BATCH + j), b * BATCH + j, `${prefix}-${b * BATCH + j}`)));
    await warmUp(context, 'identify', [
      { name: 'floor', operation: (i) => upsert(warmPerson(0)(i), i), perRound: warm.perRound, concurrency },
      { name: 'profile', operation: (i) => post(context.subgraphUrls.profile, warmPerson(1)(i), i), perRound: warm.perRound, concurrency },
      { name: 'gateway', operation: (i) => post(context.gatewayUrl, warmPerson(2)(i), i), perRound: warm.perRound, concurrency },
      { name: 'batch floor', operation: (b) => upsertBatch(warmPerson(3), 0, b), perRound: warm.perRound / BATCH, concurrency: SENDERS, unitsPerOperation: BATCH },
      { name: '/v1/batch', operation: batchOf(warmPerson(4), 'bench-identify-warm'), perRound: warm.perRound / BATCH, concurrency: SENDERS, unitsPerOperation: BATCH },
      { name: 'in process', operation: (i) => inProcess(warmPerson(5)(i), i), perRound: warm.perRound, concurrency },
    ], { maxRounds: warm.maxRounds });
    await context.db.readRows({ text: AWAIT_SEARCH_INDEX, params: {} });

    // Each path gets its own slice of people, measure()'s warm-up calls included (at most
    // 10 x concurrency of them, numbered after the timed ones), so no call repeats another path's
    // merge; the batch path comes last, after the three.
    const stride = 3 * (calls + 10 * concurrency);
    let slice = 0;
    const workload = (call: (n: number, i: number) => Promise<unknown>) => {
      const base = slice++ * stride;
      return (i: number) => call((base + i * 3) % people, i);
    };
    // Each floor runs first and again after the paths it is compared with (fasterFloor).
    const floorPerson = (i: number) => (i * 7) % people;
    const floorBefore = await measure((i) => upsert(floorPerson(i), i), { iterations: calls, concurrency });
    const viaCore = await measure(workload(inProcess), { iterations: calls, concurrency });
    const viaProfile = await measure(workload((n, i) => post(context.subgraphUrls.profile, n, i)), { iterations: calls, concurrency });
    const viaGateway = await measure(workload((n, i) => post(context.gatewayUrl, n, i)), { iterations: calls, concurrency });
    const floorAfter = await measure((i) => upsert(floorPerson(calls + i), calls + i), { iterations: calls, concurrency });
    const floor = fasterFloor('identify', 'raw Cypher upsert (driver)', floorBefore, floorAfter, 'calls');
    const rows: BenchRow[] = [
      floor,
      compared(
        {
          case: 'identify',
          name: 'identify in the bench process (no HTTP, no GraphQL)',
          stats: viaCore,
          notes: "the profile subgraph's group-committing identify over the bench's driver: the database work of the two paths below, without their hops",
        },
        floor,
      ),
      compared({ case: 'identify', name: 'identify via profile subgraph', stats: viaProfile }, floor),
      compared({ case: 'identify', name: 'identify via gateway', stats: viaGateway }, floor),
    ];

    // Batches: calls counted one by one, batches timed (latency is per batch of 100).
    const batches = calls / BATCH;
    const batchOptions = { iterations: batches, concurrency: SENDERS, warmup: 3 * SENDERS };
    const batchFloorBefore = perCall(await measure((b) => upsertBatch(floorPerson, 2 * calls, b), batchOptions));
    const base = slice * stride;
    if (base + 3 * (calls + batchOptions.warmup * BATCH) > people) throw new Error(`identify: ${people} people are too few for three slices of ${calls} calls`);
    const viaBatch = perCall(await measure(batchOf((i) => (base + i * 3) % people, `bench-identify-${base}`), batchOptions));
    const batchFloorAfter = perCall(await measure((b) => upsertBatch(floorPerson, 4 * calls, b), batchOptions));
    const batchFloor = fasterFloor('identify', `raw Cypher upsert, ${BATCH} calls a statement (driver)`, batchFloorBefore, batchFloorAfter, 'calls');
    rows.push(batchFloor, compared({ case: 'identify', name: `identify events via /v1/batch, ${BATCH} a batch (gateway)`, stats: viaBatch }, batchFloor));
    return rows;
  },
};
