import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { testDatabase, unique } from './helpers/database.js';
import { addEmployment, createOrganization, newPerson, setParentOrganization } from './helpers/operations.js';

/**
 * B2B account hierarchies: a parent that would close a cycle is refused at every depth, even
 * when two requests race; ancestors, descendants, root, rollups and the rendered tree are exact
 * on a generated tree of depth 8 and fan-out 3 (9,841 organizations).
 */
const gateway = inject('gatewayUrl');
const db = testDatabase();
afterAll(() => db.close());

const SET_PARENT = `mutation($id: ID!, $parentId: ID) { setParentOrganization(id: $id, parentId: $parentId) { id } }`;

async function chain(length: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < length; i++) {
    ids.push(await createOrganization(gateway, { name: `${prefix} ${i}`, parentId: ids.at(-1) ?? null }));
  }
  return ids;
}

async function ancestorsOf(id: string): Promise<string[]> {
  const data = await graphqlData<{ organization: { ancestors: { id: string }[] } }>(
    gateway,
    `query($id: ID!) { organization(id: $id) { ancestors { id } } }`,
    { id },
  );
  return data.organization.ancestors.map((org) => org.id);
}

describe('cycles', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = await chain(8, unique('chain'));
  });

  it('refuses every parent from inside the subtree, at every depth, with the path that would close', async () => {
    const attempts: Promise<void>[] = [];
    for (let above = 0; above < ids.length; above++) {
      for (let below = above; below < ids.length; below++) {
        attempts.push(
          (async () => {
            const [id, parentId] = [ids[above]!, ids[below]!];
            const response = await graphql(gateway, SET_PARENT, { id, parentId });
            const path = ids.slice(above, below + 1).reverse().map((node) => JSON.stringify(node)).join(' → ');
            const message =
              above === below
                ? `parentId expects an organization other than ${JSON.stringify(id)} and outside its subtree, but got ${JSON.stringify(id)} itself.`
                : `parentId expects an organization outside the subtree of ${JSON.stringify(id)}, but got ${JSON.stringify(parentId)}, which is below it: ${path}.`;
            expect(response.errors?.[0]).toMatchObject({
              message,
              extensions: { code: 'HIERARCHY_CYCLE', id, parentId, cycle: ids.slice(above, below + 1).reverse() },
            });
          })(),
        );
      }
    }
    await Promise.all(attempts);
    expect(attempts).toHaveLength(36);
    // Nothing was written by any refused attempt.
    expect(await ancestorsOf(ids[7]!)).toEqual(ids.slice(0, 7).reverse());
    expect(await ancestorsOf(ids[0]!)).toEqual([]);
  });

  it('accepts a parent outside the subtree, and refuses one that would make the hierarchy deeper than 10 levels', async () => {
    const [top] = await chain(1, unique('top'));
    const shallow = await chain(3, unique('shallow'));
    await setParentOrganization(gateway, ids[0]!, shallow[2]!);
    expect(await ancestorsOf(ids[7]!)).toEqual([...ids.slice(0, 7).reverse(), ...shallow.slice().reverse()]);

    const deep = await chain(4, unique('deep'));
    const response = await graphql(gateway, SET_PARENT, { id: ids[0]!, parentId: deep[3]! });
    expect(response.errors?.[0]).toMatchObject({
      message: `parentId expects an organization under which the hierarchy stays at most 10 levels deep, but under ${JSON.stringify(deep[3])} the subtree of ${JSON.stringify(ids[0])} would reach 11 levels.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // A root again, then under a fresh top: the chain keeps its shape.
    await setParentOrganization(gateway, ids[0]!, null);
    await setParentOrganization(gateway, ids[0]!, top!);
    expect(await ancestorsOf(ids[7]!)).toEqual([...ids.slice(0, 7).reverse(), top]);
  });

  it('lets only one of two racing moves through when together they would make a cycle', async () => {
    const pairs = await Promise.all(Array.from({ length: 8 }, async () => [await createOrganization(gateway, { name: 'A' }), await createOrganization(gateway, { name: 'B' })] as const));
    const results = await Promise.all(
      pairs.flatMap(([a, b]) => [graphql(gateway, SET_PARENT, { id: a, parentId: b }), graphql(gateway, SET_PARENT, { id: b, parentId: a })]),
    );
    for (let i = 0; i < pairs.length; i++) {
      const codes = [results[2 * i]!, results[2 * i + 1]!].map((result) => result.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['HIERARCHY_CYCLE', 'OK']);
    }
  });
});

describe('a generated tree of depth 8 and fan-out 3', () => {
  const DEPTH = 8;
  const FAN_OUT = 3;
  const prefix = unique('tree');
  /** Node ids spell their path from the root: `${prefix}`, `${prefix}.0`, `${prefix}.0.2`, ... */
  const all: string[] = [prefix];
  const parentOf = new Map<string, string>();
  for (let i = 0; all.length < (FAN_OUT ** (DEPTH + 1) - 1) / (FAN_OUT - 1); i++) {
    const parent = all[i]!;
    for (let c = 0; c < FAN_OUT; c++) {
      const child = `${parent}.${c}`;
      all.push(child);
      parentOf.set(child, parent);
    }
  }
  const depthOf = (id: string): number => id.split('.').length - 1;
  const expectedAncestors = (id: string): string[] => {
    const result: string[] = [];
    for (let node = parentOf.get(id); node !== undefined; node = parentOf.get(node)) result.push(node);
    return result;
  };
  const expectedDescendants = (id: string, maxDepth: number): string[] =>
    all.filter((node) => node.startsWith(`${id}.`) && depthOf(node) - depthOf(id) <= maxDepth);
  const name = (id: string): string => `Org ${id.slice(prefix.length) || 'root'}`;

  beforeAll(async () => {
    // Bulk-created through the database: 9,841 mutations would test the HTTP stack, not the traversals.
    for (let start = 0; start < all.length; start += 2000) {
      const batch = all.slice(start, start + 2000).map((id) => ({ id, name: name(id), parentId: parentOf.get(id) ?? null }));
      await db.writeRows({
        text: `UNWIND $batch AS row
               CREATE (o:Organization {id: row.id, name: row.name, createdAt: datetime()})
               WITH o, row WHERE row.parentId IS NOT NULL
               MATCH (p:Organization {id: row.parentId})
               CREATE (o)-[:SUBSIDIARY_OF]->(p)`,
        params: { batch },
      });
    }
    const people = await Promise.all([`${prefix}.0.1`, `${prefix}.0.1.2`, `${prefix}.2`].map(async (org) => [await newPerson(gateway, 'staff'), org] as const));
    for (const [person, org] of people) await addEmployment(gateway, person, org, 'Buyer');
    // One person at two places in the same subtree is one contact of the subtree.
    await addEmployment(gateway, people[0]![0], `${prefix}.0.1.1`, 'Advisor');
  });

  it('has the expected size', () => {
    expect(all).toHaveLength(9841);
  });

  it('lists every descendant of the root exactly, nearest first', async () => {
    const data = await graphqlData<{ organization: { descendants: { id: string }[] } }>(
      gateway,
      `query($id: ID!) { organization(id: $id) { descendants(maxDepth: 10, limit: 10000) { id } } }`,
      { id: prefix },
    );
    const ids = data.organization.descendants.map((org) => org.id);
    expect(ids).toHaveLength(9840);
    expect(new Set(ids)).toEqual(new Set(expectedDescendants(prefix, 10)));
    const depths = ids.map(depthOf);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
  });

  it.each([
    ['the root', () => prefix, 3],
    ['a node at depth 2', () => `${prefix}.1.2`, 10],
    ['a node at depth 4', () => `${prefix}.2.0.1.1`, 2],
    ['a node at depth 5', () => `${prefix}.0.0.0.0.0`, 1],
    ['a leaf', () => `${prefix}.2.2.2.2.2.2.2.2`, 10],
  ])('descendants of %s to a depth limit are exact', async (_name, id, maxDepth) => {
    const data = await graphqlData<{ organization: { descendants: { id: string }[] } }>(
      gateway,
      `query($id: ID!, $maxDepth: Int) { organization(id: $id) { descendants(maxDepth: $maxDepth, limit: 10000) { id } } }`,
      { id: id(), maxDepth },
    );
    expect(new Set(data.organization.descendants.map((org) => org.id))).toEqual(new Set(expectedDescendants(id(), maxDepth)));
  });

  it('gives the ancestors of 41 nodes in order, from parent to root', async () => {
    const sample = all.filter((_, index) => index % 246 === 0);
    expect(sample).toHaveLength(41);
    // Aliased fields, as many as the gateway allows per operation; the subgraph batches each group into one statement.
    for (let start = 0; start < sample.length; start += 14) {
      const group = sample.slice(start, start + 14);
      const data = await graphqlData<Record<string, { id: string; ancestors: { id: string }[]; root: { id: string } }>>(
        gateway,
        `query(${group.map((_, i) => `$id${i}: ID!`).join(', ')}) { ${group.map((_, i) => `o${i}: organization(id: $id${i}) { id ancestors { id } root { id } }`).join(' ')} }`,
        Object.fromEntries(group.map((id, i) => [`id${i}`, id])),
      );
      expect(Object.values(data).map((entity) => entity.id)).toEqual(group);
      for (const entity of Object.values(data)) {
        expect(entity.ancestors.map((org) => org.id)).toEqual(expectedAncestors(entity.id));
        expect(entity.root.id).toBe(prefix);
      }
    }
  });

  it('rolls contacts and descendants up to the ultimate parent', async () => {
    const data = await graphqlData<{ a: { rollup: unknown }; b: { rollup: unknown }; c: { rollup: unknown } }>(
      gateway,
      `query($a: ID!, $b: ID!, $c: ID!) {
         a: organization(id: $a) { rollup { contacts totalContacts descendants depth } }
         b: organization(id: $b) { rollup { contacts totalContacts descendants depth } }
         c: organization(id: $c) { rollup { contacts totalContacts descendants depth } } }`,
      { a: prefix, b: `${prefix}.0.1`, c: `${prefix}.0.1.2` },
    );
    expect(data.a.rollup).toEqual({ contacts: 0, totalContacts: 3, descendants: 9840, depth: 0 });
    expect(data.b.rollup).toEqual({ contacts: 1, totalContacts: 2, descendants: 3 + 9 + 27 + 81 + 243 + 729, depth: 2 });
    expect(data.c.rollup).toEqual({ contacts: 1, totalContacts: 1, descendants: 3 + 9 + 27 + 81 + 243, depth: 3 });
  });

  it('renders the tree from the root depth-first, with contact counts per node', async () => {
    const data = await graphqlData<{
      organization: {
        hierarchy: {
          root: { id: string };
          truncated: boolean;
          nodes: { organization: { id: string; name: string }; parentId: string | null; depth: number; childCount: number; contactCount: number; totalContactCount: number }[];
        };
      };
    }>(
      gateway,
      `query($id: ID!) { organization(id: $id) { hierarchy(maxDepth: 2) { root { id } truncated
         nodes { organization { id name } parentId depth childCount contactCount totalContactCount } } } }`,
      { id: `${prefix}.0.1.2.0.0` },
    );
    const { hierarchy } = data.organization;
    expect(hierarchy.root.id).toBe(prefix);
    expect(hierarchy.truncated).toBe(true);
    const preorder = [prefix, ...[0, 1, 2].flatMap((c) => [`${prefix}.${c}`, ...[0, 1, 2].map((g) => `${prefix}.${c}.${g}`)])];
    expect(hierarchy.nodes.map((node) => node.organization.id)).toEqual(preorder);
    expect(hierarchy.nodes.map((node) => node.depth)).toEqual(preorder.map(depthOf));
    expect(hierarchy.nodes.map((node) => node.parentId)).toEqual(preorder.map((id) => parentOf.get(id) ?? null));
    expect(hierarchy.nodes.every((node) => node.childCount === 3)).toBe(true);
    const byId = new Map(hierarchy.nodes.map((node) => [node.organization.id, node]));
    expect(byId.get(`${prefix}.0`)).toMatchObject({ contactCount: 0, totalContactCount: 2 });
    expect(byId.get(`${prefix}.0.1`)).toMatchObject({ contactCount: 1, totalContactCount: 2 });
    expect(byId.get(`${prefix}.2`)).toMatchObject({ contactCount: 1, totalContactCount: 1 });
    expect(byId.get(prefix)).toMatchObject({ contactCount: 0, totalContactCount: 3 });
  });

  it('lists contacts of a whole subtree, or of the organization alone', async () => {
    const data = await graphqlData<{ organization: { all: { organization: { id: string } }[]; own: unknown[] } }>(
      gateway,
      `query($id: ID!) { organization(id: $id) { all: contacts(includeDescendants: true) { organization { id } } own: contacts { id } } }`,
      { id: `${prefix}.0` },
    );
    expect(data.organization.all.map((employment) => employment.organization.id).sort()).toEqual(
      [`${prefix}.0.1`, `${prefix}.0.1.1`, `${prefix}.0.1.2`].sort(),
    );
    expect(data.organization.own).toEqual([]);
  });
});

describe('organizations by domain', () => {
  it('normalises the domain when storing and when looking up, and keeps it unique', async () => {
    const label = unique('acme').toLowerCase();
    const id = await createOrganization(gateway, { name: 'Acme', domain: `HTTPS://WWW.${label.toUpperCase()}.example.COM/about?x=1`, country: 'nl', industry: 'Tools' });
    const found = await graphqlData<{ organizationByDomain: { id: string; domain: string; country: string; industry: string } }>(
      gateway,
      `query($domain: String!) { organizationByDomain(domain: $domain) { id domain country industry } }`,
      { domain: `www.${label}.example.com.` },
    );
    expect(found.organizationByDomain).toEqual({ id, domain: `${label}.example.com`, country: 'NL', industry: 'Tools' });

    const duplicate = await graphql(gateway, `mutation($d: String) { createOrganization(input: { name: "Copy", domain: $d }) { id } }`, {
      d: `http://${label}.example.com`,
    });
    expect(duplicate.errors?.[0]).toMatchObject({
      message: `domain expects a domain no other organization has, but "${label}.example.com" belongs to organization "${id}".`,
      extensions: { code: 'CONFLICT' },
    });

    const updated = await graphqlData<{ updateOrganization: { name: string; domain: string | null; industry: string | null; country: string } }>(
      gateway,
      `mutation($id: ID!) { updateOrganization(id: $id, input: { name: "Acme Group", domain: null, industry: null }) { name domain industry country } }`,
      { id },
    );
    expect(updated.updateOrganization).toEqual({ name: 'Acme Group', domain: null, industry: null, country: 'NL' });
    const gone = await graphqlData<{ organizationByDomain: null }>(gateway, `query($d: String!) { organizationByDomain(domain: $d) { id } }`, {
      d: `${label}.example.com`,
    });
    expect(gone.organizationByDomain).toBeNull();
  });
});
