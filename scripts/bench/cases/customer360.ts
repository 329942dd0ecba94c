import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { REPO_ROOT } from '@cdp/shared';
import { seedGraph } from '../../seed/seed.js';
import { compared, type BenchCase, type BenchContext, type BenchRow } from '../context.js';
import { postGraphQL } from '../http.js';
import { measure } from '../measure.js';
import { warmUp } from '../warmup.js';

/**
 * Customer 360: what a profile page asks for in one request (person, identifiers, traits,
 * consents, household members, jobs with organization ancestors, the last 20 interactions with
 * context, engagement) on a graph made by the seed generator. Timed through our gateway and
 * through @apollo/gateway serving the same supergraph and subgraphs (the peer), next to one
 * hand-written Cypher statement fetching the same data (the floor), at concurrency 1 and 32.
 */
export const CUSTOMER_360_QUERY = `query Customer360($id: ID!) {
  person(id: $id) {
    id status known displayName traits createdAt updatedAt
    identifiers { type value source firstSeenAt }
    consents { purpose granted source at }
    household { id name address members { role since person { id displayName } } }
    employments { id title since until current organization { id name domain ancestors { id name } } }
    interactions(first: 20) {
      edges { node { id channel type occurredAt properties content
        context { language sentiment sentimentLabel intents topics } } }
      pageInfo { hasNextPage endCursor }
    }
    engagement { score lastInteractionAt firstInteractionAt interactionCount recency frequency monetary
      lifecycleStage sentimentTrend frictionSignals countsByChannel { channel count } }
  }
}`;

/** The floor: the same data in one statement through the driver (engagement read as its stored aggregate). */
const FLOOR = `
MATCH (p:Person {id: $id})
RETURN p {.id, .status, .known, .displayName, .traits, .engagement, createdAt: toString(p.createdAt), updatedAt: toString(p.updatedAt)} AS person,
  [(i:Identifier)-[:IDENTIFIES]->(p) | i {.type, .value, .source, firstSeenAt: toString(i.firstSeenAt)}] AS identifiers,
  COLLECT { MATCH (p)-[c:CONSENTED]->(u:Purpose) WITH u, c ORDER BY c.at DESC
            WITH u, collect(c)[0] AS c RETURN {purpose: u.name, granted: c.granted, source: c.source, at: toString(c.at)} } AS consents,
  [(p)-[:MEMBER_OF]->(h:Household) | h {.id, .name, .address,
     members: [(m:Person)-[r:MEMBER_OF]->(h) | {role: r.role, since: toString(r.since), id: m.id, displayName: m.displayName}]}] AS household,
  [(p)-[w:WORKS_FOR]->(o:Organization) | {id: w.id, title: w.title, since: toString(w.since), until: toString(w.until), current: w.until IS NULL,
     organization: o {.id, .name, .domain,
       ancestors: [path = (o)-[:SUBSIDIARY_OF*1..10]->(a:Organization) | a {.id, .name}]}}] AS employments,
  COLLECT { MATCH (x:Interaction) WHERE x.personId = $id AND x.occurredAt IS NOT NULL
            WITH x ORDER BY x.occurredAt DESC LIMIT 20
            RETURN x {.id, .channel, .type, .properties, .content, .language, .sentiment, .sentimentLabel, .intents, .topics,
                      occurredAt: toString(x.occurredAt)} } AS interactions`;

async function post(url: string, id: string, headers: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>> {
  const data = await postGraphQL<{ person: Record<string, unknown> | null }>(url, CUSTOMER_360_QUERY, { id }, `customer360 on ${url}`, headers);
  if (!data.person) throw new Error(`customer360 on ${url} found no person ${id}`);
  return data.person;
}

/** @apollo/gateway over the same supergraph and running subgraphs, with the claims our gateway would sign. */
async function startApolloGateway(context: BenchContext): Promise<{ url: string; stop: () => Promise<void> }> {
  const supergraphSdl = readFileSync(join(REPO_ROOT, 'schema/supergraph.graphql'), 'utf8');
  const urls: Readonly<Record<string, string>> = context.subgraphUrls;
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: urls[name.toLowerCase()] ?? url ?? '',
        willSendRequest: ({ request }) => {
          for (const [header, value] of Object.entries(context.subgraphHeaders)) request.http?.headers.set(header, value);
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

async function seededPeople(context: BenchContext, people: number): Promise<string[]> {
  context.log(`seeding ${people} people with the generator (seed 42), ~10 interactions each`);
  const started = Date.now();
  const summary = await seedGraph(context.db, { people, seed: 42 });
  context.log(
    `seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.sourceRecords} source records, ${summary.households} households, ` +
      `${summary.organizations} organizations, ${summary.employments} jobs, ${summary.interactions} interactions (phases ${JSON.stringify(summary.phaseMs)})`,
  );
  return [...new Set(summary.personIds.filter((id) => id !== ''))];
}

/** A fixed sample of active people with interactions from a graph seeded beforehand (--existing). */
async function existingPeople(context: BenchContext): Promise<string[]> {
  const [counts] = await context.db.readRows({ text: 'MATCH (p:Person) RETURN count(p) AS people', params: {} });
  const rows = await context.db.readRows({
    text: `MATCH (p:Person) WHERE p.status = 'ACTIVE' AND p.engagement IS NOT NULL
           RETURN p.id AS id ORDER BY p.id LIMIT 5000`,
    params: {},
  });
  context.log(`using the existing graph: ${String(counts?.['people'])} people; sampling ${rows.length} active people with interactions`);
  // A seed leaves its change events for the sequencer; let it finish before anything is timed.
  const started = Date.now();
  await postGraphQL(context.gatewayUrl, '{ changeCursor }', {}, 'changeCursor');
  context.log(`change log sequenced in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (rows.length === 0) throw new Error('--existing found no active person with interactions; seed first (npm run seed -- --scale medium).');
  return rows.map((row) => String(row['id']));
}

export const customer360Case: BenchCase = {
  name: 'customer360',
  description: 'the profile-page query (person, identifiers, consents, household, jobs with ancestors, last 20 interactions, engagement): our gateway and @apollo/gateway vs one hand-written Cypher',
  async run(context) {
    const iterations = context.quick ? 100 : 500;
    const ids = context.existing ? await existingPeople(context) : await seededPeople(context, context.quick ? 1000 : 3000);
    const at = (i: number): string => ids[(i * 7919) % ids.length]!;
    const apollo = await startApolloGateway(context);
    try {
      // Sanity before timing: the three paths agree on the person.
      const ours = await post(context.gatewayUrl, at(0));
      const peer = await post(apollo.url, at(0));
      const [floorRow] = await context.db.readRows({ text: FLOOR, params: { id: at(0) } });
      if (JSON.stringify(ours) !== JSON.stringify(peer)) throw new Error('our gateway and @apollo/gateway disagree on the customer-360 answer');
      const floorInteractions = (floorRow?.['interactions'] as unknown[] | undefined)?.length ?? -1;
      const apiInteractions = ((ours['interactions'] as { edges: unknown[] }).edges).length;
      if (floorInteractions !== apiInteractions) throw new Error(`interactions disagree: floor ${floorInteractions}, gateway ${apiInteractions}`);
      context.log(`answer: ${JSON.stringify(ours).length} bytes; ${apiInteractions} interactions; measuring ${iterations} requests per row`);
      // Every row reads the same people: read them once, untimed, so that the first row measured
      // (the floor) does not alone pay for bringing a graph bigger than the page cache into memory.
      for (let i = 0; i < iterations; i++) await context.db.readRows({ text: FLOOR, params: { id: at(i) } });
      // Reads change nothing, so the warm-up may read the measured people again.
      const perRound = context.quick ? 50 : 200;
      await warmUp(
        context,
        'customer360',
        [
          { name: 'floor', operation: (i) => context.db.readRows({ text: FLOOR, params: { id: at(i) } }), perRound, concurrency: 32 },
          { name: '@apollo/gateway', operation: (i) => post(apollo.url, at(i)), perRound, concurrency: 32 },
          { name: 'our gateway', operation: (i) => post(context.gatewayUrl, at(i)), perRound, concurrency: 32 },
        ],
        { maxRounds: context.quick ? 2 : 30 },
      );

      const rows: BenchRow[] = [];
      for (const concurrency of [1, 32]) {
        const floor: BenchRow = {
          case: 'customer360',
          name: `raw Cypher (driver), c=${concurrency}`,
          stats: await measure((i) => context.db.readRows({ text: FLOOR, params: { id: at(i) } }), { iterations, concurrency }),
        };
        rows.push(floor);
        const peerRow: BenchRow = compared(
          { case: 'customer360', name: `@apollo/gateway 2.14, c=${concurrency}`, stats: await measure((i) => post(apollo.url, at(i)), { iterations, concurrency }) },
          floor,
        );
        rows.push(peerRow);
        const oursRow = compared(
          { case: 'customer360', name: `our gateway, c=${concurrency}`, stats: await measure((i) => post(context.gatewayUrl, at(i)), { iterations, concurrency }) },
          floor,
        );
        rows.push(oursRow);
        rows.push({ ...compared({ ...oursRow, name: `our gateway vs peer, c=${concurrency}` }, peerRow), notes: 'same numbers as the row above, compared with @apollo/gateway' });
        context.log(`measured customer360 at concurrency ${concurrency}`);
      }
      return rows;
    } finally {
      await apollo.stop();
    }
  },
};
