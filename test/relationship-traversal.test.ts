import { beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { addEmployment, addHouseholdMember, createHousehold, createOrganization, newPerson, relatePeople } from './helpers/operations.js';

/**
 * Traversals: the shortest connection between two people over relationships, households and
 * employers; a person's network, nearest first, never larger than its limit.
 */
const gateway = inject('gatewayUrl');

interface PathNode {
  readonly id: string;
  readonly kind: string;
  readonly depth: number;
}

interface PathEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly relationshipType: string | null;
  readonly role: string | null;
  readonly title: string | null;
}

interface Path {
  readonly length: number;
  readonly nodes: PathNode[];
  readonly edges: PathEdge[];
}

const PATH = `query($from: ID!, $to: ID!, $maxDepth: Int) { connectionPath(fromId: $from, toId: $to, maxDepth: $maxDepth) {
  length nodes { id kind depth } edges { from to kind relationshipType role title } } }`;

async function path(from: string, to: string, maxDepth?: number): Promise<Path | null> {
  const data = await graphqlData<{ connectionPath: Path | null }>(gateway, PATH, { from, to, maxDepth: maxDepth ?? null });
  return data.connectionPath;
}

describe('connectionPath', () => {
  // ada -MEMBER_OF-> home <-MEMBER_OF- bob -WORKS_FOR-> acme <-WORKS_FOR- cyd
  let ada = '';
  let bob = '';
  let cyd = '';
  let home = '';
  let acme = '';
  beforeAll(async () => {
    [ada, bob, cyd] = await Promise.all([newPerson(gateway, 'ada'), newPerson(gateway, 'bob'), newPerson(gateway, 'cyd')]);
    [home, acme] = await Promise.all([createHousehold(gateway, 'Path home'), createOrganization(gateway, { name: 'Path Acme' })]);
    await addHouseholdMember(gateway, home, ada, 'HEAD');
    await addHouseholdMember(gateway, home, bob, 'PARTNER');
    await addEmployment(gateway, bob, acme, 'Engineer');
    await addEmployment(gateway, cyd, acme, 'Designer');
  });

  it('goes through a household and an employer', async () => {
    expect(await path(ada, cyd)).toEqual({
      length: 4,
      nodes: [
        { id: ada, kind: 'PERSON', depth: 0 },
        { id: home, kind: 'HOUSEHOLD', depth: 1 },
        { id: bob, kind: 'PERSON', depth: 2 },
        { id: acme, kind: 'ORGANIZATION', depth: 3 },
        { id: cyd, kind: 'PERSON', depth: 4 },
      ],
      edges: [
        { from: ada, to: home, kind: 'MEMBER_OF', relationshipType: null, role: 'HEAD', title: null },
        { from: bob, to: home, kind: 'MEMBER_OF', relationshipType: null, role: 'PARTNER', title: null },
        { from: bob, to: acme, kind: 'WORKS_FOR', relationshipType: null, role: null, title: 'Engineer' },
        { from: cyd, to: acme, kind: 'WORKS_FOR', relationshipType: null, role: null, title: 'Designer' },
      ],
    });
  });

  it('is null when the only path is longer than maxDepth, and takes a shortcut when there is one', async () => {
    expect(await path(ada, cyd, 3)).toBeNull();
    const [dan, eve] = await Promise.all([newPerson(gateway, 'dan'), newPerson(gateway, 'eve')]);
    await relatePeople(gateway, dan, eve, 'FRIEND');
    await relatePeople(gateway, eve, cyd, 'MANAGES');
    await relatePeople(gateway, ada, dan, 'SIBLING');
    const shortcut = await path(ada, cyd, 3);
    expect(shortcut?.nodes.map((node) => node.id)).toEqual([ada, dan, eve, cyd]);
    expect(shortcut?.edges.map((edge) => edge.relationshipType)).toEqual(['SIBLING', 'FRIEND', 'MANAGES']);
  });

  it('does not go through an ended job', async () => {
    const [fay, gus] = await Promise.all([newPerson(gateway, 'fay'), newPerson(gateway, 'gus')]);
    const org = await createOrganization(gateway, { name: 'Former employer' });
    const job = await addEmployment(gateway, fay, org);
    await addEmployment(gateway, gus, org);
    expect((await path(fay, gus))?.length).toBe(2);
    await graphqlData(gateway, `mutation($id: ID!) { endEmployment(id: $id) { id } }`, { id: job });
    expect(await path(fay, gus)).toBeNull();
  });

  it('is a single node from a person to themself', async () => {
    expect(await path(ada, ada)).toEqual({ length: 0, nodes: [{ id: ada, kind: 'PERSON', depth: 0 }], edges: [] });
  });
});

describe('network', () => {
  const NETWORK = `query($id: ID!, $depth: Int, $limit: Int) { person(id: $id) {
    network(depth: $depth, limit: $limit) { truncated nodes { id kind depth label } edges { from to kind } } } }`;

  interface Network {
    readonly truncated: boolean;
    readonly nodes: { id: string; kind: string; depth: number; label: string | null }[];
    readonly edges: { from: string; to: string; kind: string }[];
  }

  async function networkOf(id: string, depth: number, limit: number): Promise<Network> {
    const data = await graphqlData<{ person: { network: Network } }>(gateway, NETWORK, { id, depth, limit });
    return data.person.network;
  }

  let hub = '';
  let friends: string[] = [];
  let employer = '';
  let colleagues: string[] = [];
  beforeAll(async () => {
    hub = await newPerson(gateway, 'hub', { name: 'Hub Person' });
    friends = await Promise.all(Array.from({ length: 30 }, () => newPerson(gateway, 'friend')));
    await Promise.all(friends.map((friend) => relatePeople(gateway, hub, friend, 'FRIEND')));
    employer = await createOrganization(gateway, { name: 'Network Employer' });
    colleagues = await Promise.all(Array.from({ length: 5 }, () => newPerson(gateway, 'colleague')));
    await Promise.all([friends[0]!, ...colleagues].map((person) => addEmployment(gateway, person, employer)));
  });

  it.each([1, 10, 31])('never returns more than limit = %i nodes, nearest first', async (limit) => {
    const network = await networkOf(hub, 3, limit);
    expect(network.nodes).toHaveLength(limit);
    expect(network.truncated).toBe(true);
    expect(network.nodes[0]).toMatchObject({ id: hub, kind: 'PERSON', depth: 0, label: 'Hub Person' });
    const depths = network.nodes.map((node) => node.depth);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    const ids = new Set(network.nodes.map((node) => node.id));
    expect(network.edges.every((edge) => ids.has(edge.from) && ids.has(edge.to))).toBe(true);
    expect(network.edges).toHaveLength(limit - 1);
  });

  it('reaches exactly what is within depth when the limit allows', async () => {
    const network = await networkOf(hub, 3, 1000);
    expect(network.truncated).toBe(false);
    const byDepth = (depth: number): string[] => network.nodes.filter((node) => node.depth === depth).map((node) => node.id).sort();
    expect(byDepth(1)).toEqual([...friends].sort());
    expect(byDepth(2)).toEqual([employer]);
    expect(byDepth(3)).toEqual([...colleagues].sort());
    expect(network.edges).toHaveLength(30 + 1 + 5);
    expect(network.edges.filter((edge) => edge.kind === 'WORKS_FOR').every((edge) => edge.to === employer)).toBe(true);
  });

  it('refuses depth and limit outside their bounds', async () => {
    for (const [depth, limit, message] of [
      [0, 10, 'depth expects a whole number from 1 to 10, but got 0.'],
      [11, 10, 'depth expects a whole number from 1 to 10, but got 11.'],
      [2, 0, 'limit expects a whole number from 1 to 1000, but got 0.'],
      [2, 1001, 'limit expects a whole number from 1 to 1000, but got 1001.'],
    ] as const) {
      const response = await graphql(gateway, `query($id: ID!, $d: Int, $l: Int) { person(id: $id) { network(depth: $d, limit: $l) { truncated } } }`, {
        id: hub,
        d: depth,
        l: limit,
      });
      expect(response.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
