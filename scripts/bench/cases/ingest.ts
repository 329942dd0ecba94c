import neo4j from 'neo4j-driver';
import { ingest } from '../../../subgraphs/interaction/src/ingest.js';
import type { InteractionInput } from '../../../subgraphs/interaction/src/validate.js';
import { compared, fasterFloor, type BenchCase, type BenchContext, type BenchRow } from '../context.js';
import { postJson } from '../http.js';
import { measure, type Stats } from '../measure.js';
import { warmUp } from '../warmup.js';

/**
 * Ingestion and timelines. Events per second through the gateway's tracking API, /v1/batch (100
 * track events a batch, 4 concurrent senders), and through recordInteractions on the interaction
 * subgraph, next to a raw UNWIND insert of the same events through the driver (the floor: no
 * validation, context, engagement or change log; timed before and after the other paths, and the
 * faster of the two counts). Beside them, the interaction subgraph's own `ingest` called in this
 * process over the same driver: the product's statements and change log without any HTTP or
 * GraphQL, so the report shows how much of the gap to the floor is the database work and how
 * much the two hops. Then a timeline's first page through the gateway for a person with 100k
 * interactions against one with 10.
 */
const BATCH = 100;
const SENDERS = 4;
const PEOPLE = 2000;

const SEED_PEOPLE = `
UNWIND range($from, $to - 1) AS n
CREATE (p:Person {id: 'ingest-p-' + n, status: 'ACTIVE', known: true, traits: '{}', observations: '{}', traitSources: '{}',
                  createdAt: datetime(), updatedAt: datetime()})
CREATE (u:Identifier {key: 'USER_ID:ingest-user-' + n, type: 'USER_ID', value: 'ingest-user-' + n, source: 'seed', firstSeenAt: datetime()})
CREATE (u)-[:IDENTIFIES {at: datetime(), rule: 'identify:new', source: 'seed'}]->(p)`;

/**
 * The floor's own people: its bare inserts keep no engagement aggregate, and a product path that
 * met them would (rightly) rebuild each person's aggregate from every interaction first.
 */
const SEED_FLOOR_PEOPLE = `
UNWIND range($from, $to - 1) AS n
CREATE (:Person {id: 'ingest-floor-' + n, status: 'ACTIVE', known: true, traits: '{}', observations: '{}', traitSources: '{}',
                 createdAt: datetime(), updatedAt: datetime()})`;

/** The floor: the same events as bare nodes and relationships. */
const RAW_INSERT = `
UNWIND $rows AS row
MATCH (p:Person {id: row.personId})
CREATE (i:Interaction {id: randomUUID(), channel: 'WEB', type: row.type, occurredAt: datetime(row.occurredAt), recordedAt: datetime(),
                       properties: row.properties, messageId: row.messageId, personId: row.personId})
CREATE (p)-[:HAD {occurredAt: datetime(row.occurredAt)}]->(i)`;

const SEED_TIMELINE = `
UNWIND range($from, $to - 1) AS n
MATCH (p:Person {id: $personId})
CREATE (i:Interaction {id: $personId + '-' + n, channel: ['WEB', 'MOBILE', 'EMAIL', 'CHAT'][n % 4], type: 'page_view',
                       occurredAt: datetime($start) + duration({minutes: n}), recordedAt: datetime(), properties: '{}', personId: $personId})
CREATE (p)-[:HAD {occurredAt: i.occurredAt}]->(i)`;

const SEED_PERSON = `CREATE (p:Person {id: $personId, status: 'ACTIVE', known: false, traits: '{}', createdAt: datetime(), updatedAt: datetime()}) RETURN p.id AS id`;

const RECORD = `mutation($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { id } }`;
const FIRST_PAGE = `query($id: ID!) { person(id: $id) { interactions(first: 20) { edges { cursor node { id type occurredAt } } } } }`;

interface BenchEvent {
  readonly userIndex: number;
  readonly event: string;
  readonly messageId: string;
  readonly timestamp: string;
  readonly revenue: number;
}

/** Distinct events per path and batch, spread over the seeded people. */
function events(path: string, batch: number): BenchEvent[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = batch * BATCH + i;
    return {
      userIndex: (n * 7919) % PEOPLE,
      event: n % 10 === 0 ? 'Order Completed' : 'Product Viewed',
      messageId: `${path}-${batch}-${i}`,
      timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
      revenue: n % 10 === 0 ? 25 : 0,
    };
  });
}

async function post(url: string, body: unknown, headers: Readonly<Record<string, string>>): Promise<void> {
  const response = await postJson(url, body, headers);
  if (response.status !== 200 || response.text.includes('"errors"')) throw new Error(`${url} answered ${response.status}: ${response.text.slice(0, 300)}`);
}

/** Per-batch latency, but throughput counted in events. */
function perEvent(stats: Stats): Stats {
  return { ...stats, perSecond: stats.perSecond * BATCH };
}

async function seedTimeline(context: BenchContext, personId: string, count: number): Promise<void> {
  await context.db.writeRows({ text: SEED_PERSON, params: { personId } });
  for (let from = 0; from < count; from += 10_000) {
    await context.db.writeRows({
      text: SEED_TIMELINE,
      params: { personId, from: neo4j.int(from), to: neo4j.int(Math.min(count, from + 10_000)), start: '2020-01-01T00:00:00Z' },
    });
  }
}

export const ingestCase: BenchCase = {
  name: 'ingest',
  description: `events/s via /v1/batch and recordInteractions (${BATCH} a batch, ${SENDERS} senders) vs raw UNWIND; timeline first page at 100k vs 10 interactions`,
  async run(context) {
    const batches = context.quick ? 20 : 300;
    const big = context.quick ? 20_000 : 100_000;
    for (let from = 0; from < PEOPLE; from += 1000) {
      const range = { from: neo4j.int(from), to: neo4j.int(Math.min(PEOPLE, from + 1000)) };
      await context.db.writeRows({ text: SEED_PEOPLE, params: range });
      await context.db.writeRows({ text: SEED_FLOOR_PEOPLE, params: range });
    }
    const rows: BenchRow[] = [];
    // The warm-up (warmUp, below) records on the timed people, with message ids of its own, at the
    // timed concurrency and batch shape: by the time anything is timed every person has a change
    // stream, an engagement aggregate and some history, as returning visitors do.
    const options = { iterations: batches, concurrency: SENDERS };
    const rawInsert = (path: string) => (b: number) =>
      context.db.writeRows({
        text: RAW_INSERT,
        params: {
          rows: events(path, b).map((e) => ({
            personId: `ingest-floor-${e.userIndex}`,
            type: e.event === 'Order Completed' ? 'order_completed' : 'product_viewed',
            occurredAt: e.timestamp,
            properties: JSON.stringify({ revenue: e.revenue }),
            messageId: e.messageId,
          })),
        },
      });
    // The same inputs as GraphQL variables and as the resolver gets them: timestamps are already
    // in the form the DateTime scalar gives.
    const interactionInputs = (path: string, b: number): InteractionInput[] =>
      events(path, b).map((e) => ({
        person: { identifier: { type: 'USER_ID', value: `ingest-user-${e.userIndex}` } },
        channel: 'WEB',
        type: e.event === 'Order Completed' ? 'order_completed' : 'product_viewed',
        occurredAt: e.timestamp,
        properties: { revenue: e.revenue },
        messageId: e.messageId,
      }));
    const recordInteractions = (path: string) => (b: number) =>
      post(context.subgraphUrls.interaction, { query: RECORD, variables: { inputs: interactionInputs(path, b) } }, context.subgraphHeaders);
    const inProcess = (path: string) => (b: number) => ingest(context.db, [], interactionInputs(path, b), { returnRows: false });
    const track = (path: string) => (b: number) =>
      post(
        context.trackingUrl,
        {
          batch: events(path, b).map((e) => ({
            type: 'track',
            userId: `ingest-user-${e.userIndex}`,
            event: e.event,
            properties: { revenue: e.revenue },
            messageId: e.messageId,
            timestamp: e.timestamp,
          })),
        },
        context.trackingHeaders,
      );
    const perRound = context.quick ? 5 : 100;
    await warmUp(
      context,
      'ingest',
      [
        { name: 'floor', operation: rawInsert('warm-raw'), perRound, concurrency: SENDERS, unitsPerOperation: BATCH },
        { name: 'recordInteractions', operation: recordInteractions('warm-record'), perRound, concurrency: SENDERS, unitsPerOperation: BATCH },
        { name: 'ingest() in process', operation: inProcess('warm-core'), perRound, concurrency: SENDERS, unitsPerOperation: BATCH },
        { name: '/v1/batch', operation: track('warm-track'), perRound, concurrency: SENDERS, unitsPerOperation: BATCH },
      ],
      { maxRounds: context.quick ? 2 : 30 },
    );
    // The floor runs first and again last (fasterFloor).
    const floorBefore = perEvent(await measure(rawInsert('raw'), options));
    const viaCore = await measure(inProcess('core'), options);
    const viaSubgraph = await measure(recordInteractions('record'), options);
    const viaTracking = await measure(track('track'), options);
    const floorAfter = perEvent(await measure(rawInsert('raw-after'), options));
    const floor = fasterFloor('ingest', 'raw UNWIND insert (driver), events', floorBefore, floorAfter, 'events');
    rows.push(
      floor,
      compared(
        {
          case: 'ingest',
          name: 'ingest() in the bench process (no HTTP, no GraphQL), events',
          stats: perEvent(viaCore),
          notes: "the interaction subgraph's own function over the bench's driver: the database work of the product paths below, without their hops",
        },
        floor,
      ),
      compared({ case: 'ingest', name: 'recordInteractions (subgraph), events', stats: perEvent(viaSubgraph) }, floor),
      compared({ case: 'ingest', name: 'tracking /v1/batch, events', stats: perEvent(viaTracking) }, floor),
    );

    context.log(`seeding a person with ${big} interactions and one with 10`);
    await seedTimeline(context, 'ingest-timeline-big', big);
    await seedTimeline(context, 'ingest-timeline-small', 10);
    const iterations = context.quick ? 100 : 300;
    const page = (personId: string) => () => post(context.gatewayUrl, { query: FIRST_PAGE, variables: { id: personId } }, {});
    const small: BenchRow = { case: 'ingest', name: 'timeline first page, 10 interactions', stats: await measure(page('ingest-timeline-small'), { iterations }) };
    rows.push(small);
    rows.push(compared({ case: 'ingest', name: `timeline first page, ${big / 1000}k interactions`, stats: await measure(page('ingest-timeline-big'), { iterations }) }, small));
    return rows;
  },
};
