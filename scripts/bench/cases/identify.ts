import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { compared, type BenchCase, type BenchContext, type BenchRow } from '../context.js';
import { measure } from '../measure.js';
import { AWAIT_SEARCH_INDEX } from '../../../subgraphs/profile/src/cypher.js';

/**
 * identify at scale: calls on a graph of existing people, 10% of them joining two people (a
 * merge), through the gateway and through the profile subgraph, next to a raw single-statement
 * upsert through the driver (the floor), all at the same concurrency in the same run.
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
CREATE (d:Person {id: 'bench-d-' + n, status: 'ACTIVE', known: false, traits: '{}', observations: '{}', traitSources: '{}',
                  createdAt: datetime(), updatedAt: datetime()})
CREATE (a:Identifier {key: 'DEVICE_ID:bench-device-' + n, type: 'DEVICE_ID', value: 'bench-device-' + n, source: 'seed', firstSeenAt: datetime()})
CREATE (a)-[:IDENTIFIES {at: datetime(), rule: 'identify:new', source: 'seed'}]->(d)`;

/** The floor: one statement that finds-or-creates the person by identifier and records the call. */
const RAW_UPSERT = `
MERGE (i:Identifier {key: $key})
  ON CREATE SET i.type = $type, i.value = $value, i.source = 'bench', i.firstSeenAt = datetime()
MERGE (i)-[:IDENTIFIES]->(p:Person)
  ON CREATE SET p.id = $personId, p.status = 'ACTIVE', p.createdAt = datetime()
SET p.traits = $traits, p.updatedAt = datetime()
CREATE (s:SourceRecord {id: $recordId, source: 'bench', receivedAt: datetime(), payload: $payload})-[:DESCRIBES]->(p)
RETURN p.id AS id`;

const IDENTIFY = `mutation($input: IdentifyInput!) { identify(input: $input) { person { id } mergedIds } }`;

async function seed(context: BenchContext, people: number): Promise<void> {
  const batch = 5000;
  for (let from = 0; from < people; from += batch) {
    await context.db.writeRows({ text: SEED_PEOPLE, params: { from: neo4j.int(from), to: neo4j.int(Math.min(people, from + batch)) } });
  }
}

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Readonly<Record<string, string>>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`identify failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
}

export const identifyCase: BenchCase = {
  name: 'identify',
  description: 'identify/s on existing people, 10% causing merges, vs a raw single-Cypher upsert',
  async run(context) {
    const people = context.quick ? 10_000 : 100_000;
    const calls = context.quick ? 600 : 3000;
    const concurrency = 16;
    context.log(`seeding ${people} people (+${people} anonymous devices to merge)`);
    const seeded = Date.now();
    await seed(context, people);
    // The full-text index is eventually consistent: let it take in the seed before timing, so no
    // path pays for indexing the other 200k people in the background.
    await context.db.readRows({ text: AWAIT_SEARCH_INDEX, params: {} });
    context.log(`seeded and indexed in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    // Each path gets its own slice of people, so no call repeats another path's merge.
    let slice = 0;
    const workload = (url: string) => {
      const base = (slice++ * calls * 3) % people;
      return (i: number) => {
        const n = (base + i * 3) % people;
        const identifiers = [{ type: 'EMAIL', value: `bench${n}@example.com` }];
        if (i % 10 === 0) identifiers.push({ type: 'DEVICE_ID', value: `bench-device-${n}` });
        return post(url, IDENTIFY, { input: { identifiers, source: 'bench', traits: { lastSeenPage: `/p/${i}` } } }, context.subgraphHeaders);
      };
    };
    const rows: BenchRow[] = [];
    const floorStats = await measure(
      (i) =>
        context.db.writeRows({
          text: RAW_UPSERT,
          params: {
            key: `EMAIL:bench${(i * 7) % people}@example.com`,
            type: 'EMAIL',
            value: `bench${(i * 7) % people}@example.com`,
            personId: randomUUID(),
            recordId: randomUUID(),
            traits: JSON.stringify({ lastSeenPage: `/p/${i}` }),
            payload: JSON.stringify({ i }),
          },
        }),
      { iterations: calls, concurrency },
    );
    const floor: BenchRow = { case: 'identify', name: 'raw Cypher upsert (driver)', stats: floorStats };
    rows.push(floor);
    rows.push(compared({ case: 'identify', name: 'identify via profile subgraph', stats: await measure(workload(context.subgraphUrls.profile), { iterations: calls, concurrency }) }, floor));
    rows.push(compared({ case: 'identify', name: 'identify via gateway', stats: await measure(workload(context.gatewayUrl), { iterations: calls, concurrency }) }, floor));
    return rows;
  },
};
