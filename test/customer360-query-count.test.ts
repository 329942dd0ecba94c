import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, startSubgraph, type RunningSubgraph } from '@cdp/shared';
import { CUSTOMER_360_QUERY } from '../scripts/bench/cases/customer360.js';
import { seedGraph } from '../scripts/seed/seed.js';
import { interactionSubgraph } from '../subgraphs/interaction/src/definition.js';
import { profileSubgraph } from '../subgraphs/profile/src/definition.js';
import { relationshipSubgraph } from '../subgraphs/relationship/src/definition.js';
import { gatewayHeaders } from './helpers/auth.js';
import { testDatabase } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';

/**
 * The customer-360 query (what a profile page asks) costs each subgraph at most one Neo4j
 * statement per kind of data per request, whatever the size of the profile: a person with a big
 * household, several jobs in deep hierarchies and many interactions costs what a small one costs.
 * The subgraphs run in-process so their statement counters can be read; the federated query goes
 * through an in-process @apollo/gateway over the committed supergraph.
 */
const neo4j = inject('neo4j');
const env = {
  INTERNAL_SIGNING_SECRET: inject('auth').signingSecret,
  NEO4J_URI: neo4j.uri,
  NEO4J_USER: neo4j.user,
  NEO4J_PASSWORD: neo4j.password,
  PROFILE_PORT: '0',
  RELATIONSHIP_PORT: '0',
  INTERACTION_PORT: '0',
  LOG_LEVEL: 'silent',
};

type Name = 'profile' | 'relationship' | 'interaction';
const subgraphs = new Map<Name, RunningSubgraph>();
/** Statements each subgraph sent per HTTP request of the last federated query. */
let perRequest: Record<Name, number[]> = { profile: [], relationship: [], interaction: [] };
/** Subgraph requests of the last federated query as the gateway sent them and heard back, in order. */
let exchanges: string[] = [];
let gateway: { url: string; stop: () => Promise<void> } | undefined;

/** People of the seeded graph, from the smallest profile to the biggest (household size, jobs, interactions). */
const PEOPLE_BY_SIZE = `
MATCH (p:Person {status: 'ACTIVE'})-[:MEMBER_OF]->(h:Household)
WHERE p.id IN $ids AND EXISTS { (p)-[:WORKS_FOR]->(:Organization)-[:SUBSIDIARY_OF]->() } AND EXISTS { (p)-[:HAD]->() }
RETURN p.id AS id, COUNT { (h)<-[:MEMBER_OF]-() } + COUNT { (p)-[:WORKS_FOR]->() } + COUNT { (p)-[:HAD]->() } AS size
ORDER BY size, id`;

beforeAll(async () => {
  await using db = testDatabase();
  const summary = await seedGraph(db, { people: 150, seed: 360, interactionsPerPerson: 15 });
  subgraphs.set('profile', await startSubgraph(profileSubgraph, env));
  subgraphs.set('relationship', await startSubgraph(relationshipSubgraph, env));
  subgraphs.set('interaction', await startSubgraph(interactionSubgraph, env));
  const apollo = new ApolloGateway({
    supergraphSdl: readFileSync(join(REPO_ROOT, 'schema/supergraph.graphql'), 'utf8'),
    buildService: ({ name }) => {
      const subgraph = subgraphs.get(name as Name);
      if (subgraph === undefined) throw new Error(`no in-process subgraph ${name}`);
      let before = 0;
      return new RemoteGraphQLDataSource({
        url: subgraph.url,
        willSendRequest: ({ request }) => {
          for (const [header, value] of Object.entries(gatewayHeaders())) request.http?.headers.set(header, value);
          before = subgraph.db.statementCount;
          exchanges.push(`sent ${name}`);
        },
        didReceiveResponse: ({ response }) => {
          exchanges.push(`answered ${name}`);
          perRequest[name as Name].push(subgraph.db.statementCount - before);
          return Promise.resolve(response);
        },
      });
    },
  });
  const server = new ApolloServer({ gateway: apollo });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  gateway = { url, stop: () => server.stop() };
  const rows = await db.readRows({ text: PEOPLE_BY_SIZE, params: { ids: summary.personIds } });
  people.push(...rows.map((row) => String(row['id'])));
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([...subgraphs.values()].map((subgraph) => subgraph.close()));
});

const people: string[] = [];

async function customer360(id: string): Promise<{ person: Record<string, unknown>; statements: Record<Name, number[]> }> {
  perRequest = { profile: [], relationship: [], interaction: [] };
  exchanges = [];
  const data = await graphqlData<{ person: Record<string, unknown> }>(gateway?.url ?? '', CUSTOMER_360_QUERY, { id }, { authorization: '' });
  return { person: data.person, statements: perRequest };
}

/**
 * Statements each request of the plan sends. Every subgraph answers `person(id)` itself, in one
 * request: profile reads the person with identifiers and consents (read along because the query
 * asks for them) in one statement; relationship resolves the id with the household, its members
 * (their names are provided, `@provides`) and the jobs with organizations and ancestors in one;
 * interaction resolves the id with the engagement aggregate and the page of interactions in one.
 */
const MAX_PER_REQUEST: Record<Name, readonly number[]> = { profile: [1], relationship: [1], interaction: [1] };

describe('customer-360 query', () => {
  it('costs each subgraph at most one statement per kind of data, for the smallest and the biggest profile alike', async () => {
    expect(people.length).toBeGreaterThan(2);
    const small = await customer360(people[0]!);
    const big = await customer360(people[people.length - 1]!);
    const bigPerson = big.person as { household: { members: unknown[] }; employments: unknown[]; interactions: { edges: unknown[] } };
    expect(bigPerson.household.members.length + bigPerson.employments.length + bigPerson.interactions.edges.length).toBeGreaterThan(3);
    for (const name of ['profile', 'relationship', 'interaction'] as const) {
      expect(big.statements[name], `${name} statements per request`).toEqual(small.statements[name]);
      const limits = MAX_PER_REQUEST[name];
      expect(big.statements[name].length, `${name} requests`).toBeGreaterThan(0);
      expect(big.statements[name].length, `${name} requests`).toBeLessThanOrEqual(limits.length);
      big.statements[name].forEach((count, i) => expect(count, `${name} request ${i} of ${JSON.stringify(big.statements)}`).toBeLessThanOrEqual(limits[i] ?? 0));
    }
  });

  it('waits for one subgraph hop: the gateway asks all three subgraphs before any has answered', async () => {
    await customer360(people[0]!);
    expect(exchanges.slice(0, 3).sort()).toEqual(['sent interaction', 'sent profile', 'sent relationship']);
    expect(exchanges).toHaveLength(6);
  });
});

interface Answer {
  readonly identifiers: { type: string; value: string }[];
  readonly consents: unknown[];
  readonly household: { id: string; members: unknown[] } | null;
  readonly employments: { organization: { id: string; ancestors: unknown[] } }[];
  readonly interactions: { edges: { node: { id: string } }[] };
  readonly engagement: unknown;
}

describe('customer-360 read along', () => {
  it('answers as the fields asked for on their own do: identifiers, consents, members, ancestors, interactions, engagement', async () => {
    const { person } = await customer360(people[people.length - 1]!);
    const answer = person as unknown as Answer;
    const url = gateway?.url ?? '';
    const [first] = answer.identifiers;
    expect(first).toBeDefined();
    const alone = await graphqlData<{ personByIdentifier: Pick<Answer, 'identifiers' | 'consents'> }>(
      url,
      `query($type: IdentifierType!, $value: String!) { personByIdentifier(type: $type, value: $value) {
         identifiers { type value source firstSeenAt } consents { purpose granted source at } } }`,
      { type: first!.type, value: first!.value },
      { authorization: '' },
    );
    expect(alone.personByIdentifier).toEqual({ identifiers: answer.identifiers, consents: answer.consents });
    const household = await graphqlData<{ household: { members: unknown[] } }>(
      url,
      'query($id: ID!) { household(id: $id) { members { role since person { id displayName } } } }',
      { id: answer.household?.id },
      { authorization: '' },
    );
    expect(answer.household?.members.length).toBeGreaterThan(1);
    expect(household.household.members).toEqual(answer.household?.members);
    expect(answer.employments.some((job) => job.organization.ancestors.length > 0)).toBe(true);
    for (const job of answer.employments) {
      const organization = await graphqlData<{ organization: { ancestors: unknown[] } }>(
        url,
        'query($id: ID!) { organization(id: $id) { ancestors { id name } } }',
        { id: job.organization.id },
        { authorization: '' },
      );
      expect(organization.organization.ancestors).toEqual(job.organization.ancestors);
    }
    // The same person reached from one of its interactions: the timeline and engagement loaders alone.
    const [edge] = answer.interactions.edges;
    const query = CUSTOMER_360_QUERY.slice(CUSTOMER_360_QUERY.indexOf('interactions(first: 20)'), CUSTOMER_360_QUERY.lastIndexOf('}', CUSTOMER_360_QUERY.lastIndexOf('}') - 1));
    const reached = await graphqlData<{ interaction: { person: Pick<Answer, 'interactions' | 'engagement'> } }>(
      url,
      `query($id: ID!) { interaction(id: $id) { person { ${query} } } }`,
      { id: edge?.node.id },
      { authorization: '' },
    );
    expect(answer.interactions.edges.length).toBeGreaterThan(1);
    expect(reached.interaction.person).toEqual({ interactions: answer.interactions, engagement: answer.engagement });
  });
});
