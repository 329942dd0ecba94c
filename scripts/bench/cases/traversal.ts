import { compared, type BenchCase, type BenchContext, type BenchRow } from '../context.js';
import { postGraphQL } from '../http.js';
import { measure } from '../measure.js';

/**
 * Relationship traversals on a seeded graph: a 10,000-organization forest of depth 8, people with
 * jobs, households and person-to-person relationships. Each traversal is timed through the
 * relationship subgraph and through the gateway, next to its floor: the same data fetched by one
 * hand-written Cypher statement through the driver, in the same run.
 */

/** Small deterministic generator (mulberry32), so every run seeds the same graph. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Graph {
  readonly orgs: { id: string; name: string; parentId: string | null; depth: number }[];
  readonly people: { id: string; name: string }[];
  readonly jobs: { id: string; personId: string; orgId: string; current: boolean }[];
  readonly households: { id: string; name: string; memberIds: string[] }[];
  readonly relationships: { fromId: string; toId: string; type: string }[];
}

const DEPTH = 8;
const ROOTS = 20;
const TYPES = ['SPOUSE', 'FRIEND', 'COLLEAGUE', 'SIBLING', 'PARENT', 'REFERRED_BY', 'MANAGES'];
const ROLES = ['HEAD', 'PARTNER', 'CHILD', 'DEPENDANT', 'OTHER'];

function generate(orgCount: number, peopleCount: number): Graph {
  const next = random(20_260_101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const orgs: Graph['orgs'] = [];
  // A random recursive forest capped at DEPTH: each organization hangs under an earlier one that
  // is not yet at the deepest level, so trees have uneven fan-out, like real account hierarchies.
  const open: number[] = [];
  for (let i = 0; i < orgCount; i++) {
    const parent = i < ROOTS ? undefined : orgs[pick(open)];
    const depth = parent === undefined ? 0 : parent.depth + 1;
    orgs.push({ id: `bench-t-org-${i}`, name: `Org ${i}`, parentId: parent?.id ?? null, depth });
    if (depth < DEPTH) open.push(i);
  }
  const people = Array.from({ length: peopleCount }, (_, i) => ({ id: `bench-t-person-${i}`, name: `Person ${i}` }));
  const jobs: Graph['jobs'] = [];
  for (const person of people) {
    jobs.push({ id: `${person.id}-job`, personId: person.id, orgId: pick(orgs).id, current: true });
    if (next() < 0.1) jobs.push({ id: `${person.id}-old-job`, personId: person.id, orgId: pick(orgs).id, current: false });
  }
  const households: Graph['households'] = [];
  for (let i = 0; i + 4 < people.length * 0.4; ) {
    const size = 2 + Math.floor(next() * 3);
    households.push({ id: `bench-t-household-${households.length}`, name: `Household ${households.length}`, memberIds: people.slice(i, i + size).map((p) => p.id) });
    i += size;
  }
  const relationships: Graph['relationships'] = [];
  for (const person of people) {
    for (let k = 0; k < 2; k++) {
      const other = pick(people);
      if (other.id !== person.id) relationships.push({ fromId: person.id, toId: other.id, type: pick(TYPES) });
    }
  }
  return { orgs, people, jobs, households, relationships };
}

const SEED = {
  orgs: `UNWIND $batch AS row CREATE (:Organization {id: row.id, name: row.name, createdAt: datetime()})`,
  parents: `UNWIND $batch AS row
            MATCH (o:Organization {id: row.id}), (p:Organization {id: row.parentId})
            CREATE (o)-[:SUBSIDIARY_OF {since: datetime()}]->(p)`,
  people: `UNWIND $batch AS row
           CREATE (:Person {id: row.id, status: 'ACTIVE', known: true, displayName: row.name, traits: '{}', observations: '{}',
                            traitSources: '{}', createdAt: datetime(), updatedAt: datetime()})`,
  jobs: `UNWIND $batch AS row
         MATCH (p:Person {id: row.personId}), (o:Organization {id: row.orgId})
         CREATE (p)-[:WORKS_FOR {id: row.id, title: 'Staff', since: datetime('2020-01-01T00:00:00Z'),
                                 until: CASE WHEN row.current THEN null ELSE datetime('2022-01-01T00:00:00Z') END}]->(o)`,
  households: `UNWIND $batch AS row
               CREATE (h:Household {id: row.id, name: row.name, createdAt: datetime()})
               WITH h, row UNWIND range(0, size(row.memberIds) - 1) AS i
               MATCH (p:Person {id: row.memberIds[i]})
               CREATE (p)-[:MEMBER_OF {role: $roles[i % size($roles)], since: datetime()}]->(h)`,
  relationships: `UNWIND $batch AS row
                  MATCH (a:Person {id: row.fromId}), (b:Person {id: row.toId})
                  CREATE (a)-[:RELATED_TO {type: row.type, since: datetime()}]->(b)`,
};

async function seed(context: BenchContext, graph: Graph): Promise<void> {
  const load = async (text: string, rows: readonly unknown[], params: Record<string, unknown> = {}): Promise<void> => {
    for (let i = 0; i < rows.length; i += 2000) await context.db.writeRows({ text, params: { ...params, batch: rows.slice(i, i + 2000) } });
  };
  await load(SEED.orgs, graph.orgs);
  await load(SEED.parents, graph.orgs.filter((org) => org.parentId !== null));
  await load(SEED.people, graph.people);
  await load(SEED.jobs, graph.jobs);
  await load(SEED.households, graph.households, { roles: ROLES });
  await load(SEED.relationships, graph.relationships);
}

/** Pairs of people a few hops apart, found by walking the generated graph: a path of at most 6 edges exists. */
function connectedPairs(graph: Graph, count: number): [string, string][] {
  const next = random(7);
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
    neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
  };
  for (const relationship of graph.relationships) link(relationship.fromId, relationship.toId);
  for (const household of graph.households) for (const member of household.memberIds.slice(1)) link(household.memberIds[0]!, member);
  const pairs: [string, string][] = [];
  for (let i = 0; pairs.length < count && i < count * 20; i++) {
    const start = graph.people[Math.floor(next() * graph.people.length)]!.id;
    let here = start;
    // Three person-to-person hops: each at most two edges (through a household) in the graph.
    for (let hop = 0; hop < 3; hop++) {
      const options = neighbours.get(here) ?? [];
      if (options.length === 0) break;
      here = options[Math.floor(next() * options.length)]!;
    }
    if (here !== start) pairs.push([start, here]);
  }
  return pairs;
}

const FLOOR = {
  descendants: `MATCH (:Organization {id: $id})<-[:SUBSIDIARY_OF*1..10]-(d:Organization)
                RETURN d.id AS id, d.name AS name`,
  ancestors: `MATCH path = (:Organization {id: $id})-[:SUBSIDIARY_OF*1..10]->(a:Organization)
              RETURN a.id AS id, a.name AS name ORDER BY length(path)`,
  members: `MATCH (h:Household {id: $id})<-[m:MEMBER_OF]-(p:Person)
            RETURN h.name AS name, p.id AS personId, m.role AS role, toString(m.since) AS since`,
  network: `MATCH (p:Person {id: $id})
            CALL (p) {
              MATCH path = (p)-[:RELATED_TO|MEMBER_OF|WORKS_FOR*0..2]-(n)
              WHERE all(r IN relationships(path) WHERE r.until IS NULL)
              RETURN DISTINCT n LIMIT 100
            }
            WITH collect(n) AS nodes
            UNWIND nodes AS a
            OPTIONAL MATCH (a)-[r:RELATED_TO|MEMBER_OF|WORKS_FOR]->(b) WHERE r.until IS NULL AND b IN nodes
            RETURN [n IN nodes | n.id] AS ids, collect({from: a.id, to: b.id, kind: type(r)}) AS edges`,
  path: `MATCH (a:Person {id: $from}), (b:Person {id: $to})
         MATCH path = SHORTEST 1 (a)(()-[r:RELATED_TO|MEMBER_OF|WORKS_FOR]-() WHERE r.until IS NULL){1,6}(b)
         RETURN [n IN nodes(path) | n.id] AS nodes, [x IN relationships(path) | type(x)] AS edges`,
};

const QUERY = {
  descendants: `query($id: ID!) { organization(id: $id) { descendants(maxDepth: 10, limit: 10000) { id name } } }`,
  ancestors: `query($id: ID!) { organization(id: $id) { ancestors { id name } } }`,
  members: `query($id: ID!) { household(id: $id) { name members { role since person { id } } } }`,
  networkFields: `network(depth: 2, limit: 100) { nodes { id kind label depth } edges { from to kind } }`,
  path: `query($from: ID!, $to: ID!) { connectionPath(fromId: $from, toId: $to, maxDepth: 6) { length nodes { id kind } edges { from to kind } } }`,
};

function post<T>(url: string, query: string, variables: Record<string, unknown>, headers: Readonly<Record<string, string>> = {}): Promise<T> {
  return postGraphQL<T>(url, query, variables, 'traversal query', headers);
}

interface Measured {
  readonly name: string;
  readonly floor: (i: number) => Promise<unknown>;
  readonly subgraph: (i: number) => Promise<unknown>;
  readonly gateway: (i: number) => Promise<unknown>;
}

export const traversalCase: BenchCase = {
  name: 'traversal',
  description: 'descendants, ancestors, household members, network(depth 2), connectionPath on a 10k-organization forest; subgraph and gateway vs one hand-written Cypher',
  async run(context) {
    const orgCount = context.quick ? 2000 : 10_000;
    const peopleCount = context.quick ? 4000 : 20_000;
    const iterations = context.quick ? 60 : 300;
    const graph = generate(orgCount, peopleCount);
    context.log(
      `seeding ${graph.orgs.length} organizations (forest of ${ROOTS} trees, depth ${Math.max(...graph.orgs.map((org) => org.depth))}), ` +
        `${graph.people.length} people, ${graph.jobs.length} jobs, ${graph.households.length} households, ${graph.relationships.length} relationships`,
    );
    const seeded = Date.now();
    await seed(context, graph);
    context.log(`seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const subtree = new Map<string, number>();
    for (const org of [...graph.orgs].reverse()) {
      if (org.parentId !== null) subtree.set(org.parentId, (subtree.get(org.parentId) ?? 0) + 1 + (subtree.get(org.id) ?? 0));
    }
    const roots = graph.orgs.filter((org) => org.parentId === null).map((org) => org.id);
    const leaves = graph.orgs.filter((org) => org.depth === DEPTH).map((org) => org.id);
    const households = graph.households.map((household) => household.id);
    const people = graph.people.map((person) => person.id);
    const pairs = connectedPairs(graph, 200);
    const at = <T>(items: readonly T[], i: number): T => items[i % items.length]!;
    const subtreeSizes = roots.map((id) => subtree.get(id) ?? 0);
    context.log(
      `roots have ${Math.min(...subtreeSizes)}-${Math.max(...subtreeSizes)} descendants; ${leaves.length} leaves at depth ${DEPTH}; ${pairs.length} connected pairs`,
    );
    const { relationship } = context.subgraphUrls;
    // Straight to the subgraph, with the signed claims the gateway would add.
    const direct = <T>(query: string, variables: Record<string, unknown>): Promise<T> => post<T>(relationship, query, variables, context.subgraphHeaders);
    const entities = `query($id: ID!) { _entities(representations: [{ __typename: "Person", id: $id }]) { ...on Person { ${QUERY.networkFields} } } }`;
    const viaGateway = `query($id: ID!) { person(id: $id) { ${QUERY.networkFields} } }`;
    const read = (text: string, params: Record<string, unknown>) => context.db.readRows({ text, params });

    // Sanity before timing: the API and the floor agree on the data.
    const floorCount = (await read(FLOOR.descendants, { id: roots[0] })).length;
    const apiCount = (await direct<{ organization: { descendants: unknown[] } }>(QUERY.descendants, { id: roots[0] })).organization.descendants.length;
    if (floorCount !== apiCount || floorCount !== subtree.get(roots[0]!)) {
      throw new Error(`descendants disagree: floor ${floorCount}, API ${apiCount}, generated ${subtree.get(roots[0]!)}`);
    }

    const cases: Measured[] = [
      {
        name: 'descendants of a root',
        floor: (i) => read(FLOOR.descendants, { id: at(roots, i) }),
        subgraph: (i) => direct(QUERY.descendants, { id: at(roots, i) }),
        gateway: (i) => post(context.gatewayUrl, QUERY.descendants, { id: at(roots, i) }),
      },
      {
        name: 'ancestors of a leaf',
        floor: (i) => read(FLOOR.ancestors, { id: at(leaves, i * 7) }),
        subgraph: (i) => direct(QUERY.ancestors, { id: at(leaves, i * 7) }),
        gateway: (i) => post(context.gatewayUrl, QUERY.ancestors, { id: at(leaves, i * 7) }),
      },
      {
        name: 'household members',
        floor: (i) => read(FLOOR.members, { id: at(households, i * 13) }),
        subgraph: (i) => direct(QUERY.members, { id: at(households, i * 13) }),
        gateway: (i) => post(context.gatewayUrl, QUERY.members, { id: at(households, i * 13) }),
      },
      {
        name: 'network(depth: 2, limit: 100)',
        floor: (i) => read(FLOOR.network, { id: at(people, i * 31) }),
        subgraph: (i) => direct(entities, { id: at(people, i * 31) }),
        gateway: (i) => post(context.gatewayUrl, viaGateway, { id: at(people, i * 31) }),
      },
      {
        name: 'connectionPath(maxDepth: 6)',
        floor: (i) => read(FLOOR.path, { from: at(pairs, i)[0], to: at(pairs, i)[1] }),
        subgraph: (i) => direct(QUERY.path, { from: at(pairs, i)[0], to: at(pairs, i)[1] }),
        gateway: (i) => post(context.gatewayUrl, QUERY.path, { from: at(pairs, i)[0], to: at(pairs, i)[1] }),
      },
    ];
    const rows: BenchRow[] = [];
    for (const item of cases) {
      const floor: BenchRow = { case: 'traversal', name: `${item.name}: raw Cypher`, stats: await measure(item.floor, { iterations }) };
      rows.push(floor);
      rows.push(compared({ case: 'traversal', name: `${item.name}: relationship subgraph`, stats: await measure(item.subgraph, { iterations }) }, floor));
      rows.push(compared({ case: 'traversal', name: `${item.name}: gateway`, stats: await measure(item.gateway, { iterations }) }, floor));
      context.log(`measured ${item.name}`);
    }
    return rows;
  },
};

