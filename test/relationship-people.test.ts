import { afterAll, describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { testDatabase } from './helpers/database.js';
import { addEmployment, createOrganization, newPerson, relatePeople } from './helpers/operations.js';

/**
 * Person-to-person relationships are stored once and seen from both sides; inverse pairs never
 * disagree; old (merged) person ids resolve to the survivor; employment has one current job per
 * organization and keeps ended ones.
 */
const gateway = inject('gatewayUrl');
const db = testDatabase();
afterAll(() => db.close());

interface Seen {
  readonly type: string;
  readonly to: { id: string };
}

async function relationshipsOf(id: string, types?: string[]): Promise<Seen[]> {
  const data = await graphqlData<{ person: { relationships: Seen[] } }>(
    gateway,
    `query($id: ID!, $types: [RelationshipType!]) { person(id: $id) { relationships(types: $types) { type to { id } } } }`,
    { id, types: types ?? null },
  );
  return data.person.relationships;
}

async function storedEdges(a: string, b: string): Promise<{ from: string; type: string }[]> {
  const rows = await db.readRows({
    text: `MATCH (x:Person)-[r:RELATED_TO]->(y:Person) WHERE (x.id = $a AND y.id = $b) OR (x.id = $b AND y.id = $a)
           RETURN x.id AS from, r.type AS type ORDER BY type`,
    params: { a, b },
  });
  return rows.map((row) => ({ from: String(row['from']), type: String(row['type']) }));
}

describe('symmetric relationships', () => {
  it.each(['SPOUSE', 'PARTNER', 'SIBLING', 'FRIEND', 'COLLEAGUE'])('%s is stored once and seen from both sides', async (type) => {
    const [a, b] = await Promise.all([newPerson(gateway, 'sym'), newPerson(gateway, 'sym')]);
    await relatePeople(gateway, a, b, type);
    await relatePeople(gateway, b, a, type);
    await relatePeople(gateway, a, b, type);
    expect(await storedEdges(a, b)).toEqual([{ from: a, type }]);
    expect(await relationshipsOf(a)).toEqual([{ type, to: { id: b } }]);
    expect(await relationshipsOf(b)).toEqual([{ type, to: { id: a } }]);

    const removed = await graphqlData<{ unrelatePeople: boolean }>(
      gateway,
      `mutation($a: ID!, $b: ID!, $type: RelationshipType!) { unrelatePeople(fromId: $a, toId: $b, type: $type) }`,
      { a: b, b: a, type },
    );
    expect(removed.unrelatePeople).toBe(true);
    expect(await storedEdges(a, b)).toEqual([]);
    expect(await relationshipsOf(a)).toEqual([]);
  });
});

describe('inverse relationships', () => {
  it.each([
    ['PARENT', 'CHILD', 'PARENT'],
    ['CHILD', 'PARENT', 'PARENT'],
    ['REFERRED_BY', 'REFERRED', 'REFERRED_BY'],
    ['REFERRED', 'REFERRED_BY', 'REFERRED_BY'],
    ['MANAGES', 'MANAGED_BY', 'MANAGES'],
    ['MANAGED_BY', 'MANAGES', 'MANAGES'],
  ])('a %s b is b %s a, stored once as %s', async (type, inverse, stored) => {
    const [a, b] = await Promise.all([newPerson(gateway, 'inv'), newPerson(gateway, 'inv')]);
    const data = await graphqlData<{ relatePeople: { type: string; from: { id: string }; to: { id: string }; since: string } }>(
      gateway,
      `mutation($a: ID!, $b: ID!, $type: RelationshipType!) { relatePeople(fromId: $a, toId: $b, type: $type, since: "2020-05-01T00:00:00Z") {
         type from { id } to { id } since } }`,
      { a, b, type },
    );
    expect(data.relatePeople).toEqual({ type, from: { id: a }, to: { id: b }, since: '2020-05-01T00:00:00Z' });
    // Stated again from the other side with the inverse type: the same edge.
    await relatePeople(gateway, b, a, inverse);
    const storedFrom = type === stored ? a : b;
    expect(await storedEdges(a, b)).toEqual([{ from: storedFrom, type: stored }]);
    expect(await relationshipsOf(a)).toEqual([{ type, to: { id: b } }]);
    expect(await relationshipsOf(b)).toEqual([{ type: inverse, to: { id: a } }]);

    // The contradicting statement (b is also `type` of a) is refused and writes nothing.
    const refused = await graphql(gateway, `mutation($a: ID!, $b: ID!, $type: RelationshipType!) { relatePeople(fromId: $a, toId: $b, type: $type) { type } }`, {
      a: b,
      b: a,
      type,
    });
    const [first, second] = storedFrom === a ? [a, b] : [b, a];
    expect(refused.errors?.[0]).toMatchObject({
      message: `type expects a relationship that does not contradict a recorded one, but ${JSON.stringify(first)} ${stored} ${JSON.stringify(second)} is recorded.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await storedEdges(a, b)).toHaveLength(1);

    // Removing it from the side that sees the inverse removes the one edge.
    await graphqlData(gateway, `mutation($a: ID!, $b: ID!, $type: RelationshipType!) { unrelatePeople(fromId: $a, toId: $b, type: $type) }`, {
      a: b,
      b: a,
      type: inverse,
    });
    expect(await storedEdges(a, b)).toEqual([]);
  });

  it('filters by type as the person sees it, and keeps several types between two people', async () => {
    const [parent, child, friend] = await Promise.all([newPerson(gateway, 'fam'), newPerson(gateway, 'fam'), newPerson(gateway, 'fam')]);
    await relatePeople(gateway, parent, child, 'PARENT');
    await relatePeople(gateway, child, friend, 'FRIEND');
    await relatePeople(gateway, child, friend, 'COLLEAGUE');
    expect(await relationshipsOf(child, ['CHILD'])).toEqual([{ type: 'CHILD', to: { id: parent } }]);
    expect(await relationshipsOf(child, ['PARENT'])).toEqual([]);
    expect((await relationshipsOf(child)).map((seen) => seen.type).sort()).toEqual(['CHILD', 'COLLEAGUE', 'FRIEND']);
    expect(await relationshipsOf(friend, ['FRIEND', 'COLLEAGUE'])).toHaveLength(2);
  });
});

describe('merged person ids', () => {
  it('resolve to the survivor in relationship, household and employment mutations', async () => {
    const [survivor, other] = await Promise.all([newPerson(gateway, 'survivor'), newPerson(gateway, 'other')]);
    // A lineage survivor <- middle <- old, written directly: what identity resolution leaves after two merges.
    const [middle, old] = [`${survivor}-middle`, `${survivor}-old`];
    await db.writeRows({
      text: `MATCH (s:Person {id: $survivor})
             CREATE (m:Person {id: $middle, status: 'MERGED', traits: '{}', createdAt: datetime(), updatedAt: datetime()})-[:MERGED_INTO]->(s)
             CREATE (:Person {id: $old, status: 'MERGED', traits: '{}', createdAt: datetime(), updatedAt: datetime()})-[:MERGED_INTO]->(m)`,
      params: { survivor, middle, old },
    });
    const related = await graphqlData<{ relatePeople: { from: { id: string } } }>(
      gateway,
      `mutation($a: ID!, $b: ID!) { relatePeople(fromId: $a, toId: $b, type: FRIEND) { from { id } } }`,
      { a: old, b: other },
    );
    expect(related.relatePeople.from.id).toBe(survivor);
    expect(await relationshipsOf(other)).toEqual([{ type: 'FRIEND', to: { id: survivor } }]);

    const org = await createOrganization(gateway, { name: 'Merged Ltd' });
    const employment = await graphqlData<{ addEmployment: { person: { id: string } } }>(
      gateway,
      `mutation($p: ID!, $o: ID!) { addEmployment(personId: $p, organizationId: $o) { person { id } } }`,
      { p: middle, o: org },
    );
    expect(employment.addEmployment.person.id).toBe(survivor);

    const household = await graphqlData<{ createHousehold: { id: string } }>(gateway, `mutation { createHousehold(input: { name: "Merged home" }) { id } }`);
    const joined = await graphqlData<{ addHouseholdMember: { members: { person: { id: string } }[] } }>(
      gateway,
      `mutation($h: ID!, $p: ID!) { addHouseholdMember(householdId: $h, personId: $p) { members { person { id } } } }`,
      { h: household.createHousehold.id, p: old },
    );
    expect(joined.addHouseholdMember.members).toEqual([{ person: { id: survivor } }]);

    const sameAfterMerge = await graphql(gateway, `mutation($a: ID!, $b: ID!) { relatePeople(fromId: $a, toId: $b, type: SIBLING) { type } }`, {
      a: old,
      b: survivor,
    });
    expect(sameAfterMerge.errors?.[0]).toMatchObject({
      message: `toId expects a person other than fromId, but ${JSON.stringify(old)} and ${JSON.stringify(survivor)} were merged into one person ${JSON.stringify(survivor)}.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('employment', () => {
  it('keeps one current job per organization, ends jobs, and keeps the ended ones', async () => {
    const person = await newPerson(gateway, 'worker');
    const [acme, globex] = await Promise.all([createOrganization(gateway, { name: 'Acme' }), createOrganization(gateway, { name: 'Globex' })]);
    const first = await addEmployment(gateway, person, acme, 'Engineer');
    const second = await graphql(gateway, `mutation($p: ID!, $o: ID!) { addEmployment(personId: $p, organizationId: $o, title: "Lead") { id } }`, {
      p: person,
      o: acme,
    });
    expect(second.errors?.[0]).toMatchObject({
      message: `Expected no current employment of person ${JSON.stringify(person)} at organization ${JSON.stringify(acme)}, but employment ${JSON.stringify(first)} is current; end it first.`,
      extensions: { code: 'CONFLICT' },
    });
    const ended = await graphqlData<{ endEmployment: { current: boolean; until: string } }>(
      gateway,
      `mutation($id: ID!) { endEmployment(id: $id, until: "2099-01-01T00:00:00Z") { current until } }`,
      { id: first },
    );
    expect(ended.endEmployment).toEqual({ current: false, until: '2099-01-01T00:00:00Z' });
    const again = await graphql(gateway, `mutation($id: ID!) { endEmployment(id: $id) { id } }`, { id: first });
    expect(again.errors?.[0]).toMatchObject({
      message: `id expects a current employment, but employment ${JSON.stringify(first)} ended at 2099-01-01T00:00:00Z.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const lead = await addEmployment(gateway, person, acme, 'Lead');
    const advisor = await addEmployment(gateway, person, globex, 'Advisor');

    const data = await graphqlData<{
      person: { all: { id: string; current: boolean }[]; current: { id: string; title: string; organization: { name: string } }[]; past: { id: string }[] };
    }>(
      gateway,
      `query($id: ID!) { person(id: $id) {
         all: employments { id current } current: employments(current: true) { id title organization { name } } past: employments(current: false) { id } } }`,
      { id: person },
    );
    const entity = data.person;
    expect(entity.all).toHaveLength(3);
    expect(entity.all.slice(0, 2).every((job) => job.current)).toBe(true);
    expect(entity.current.map((job) => job.id).sort()).toEqual([lead, advisor].sort());
    expect(entity.current.map((job) => `${job.title}@${job.organization.name}`).sort()).toEqual(['Advisor@Globex', 'Lead@Acme']);
    expect(entity.past).toEqual([{ id: first }]);

    const contacts = await graphqlData<{ organization: { current: { id: string }[]; all: { id: string }[] } }>(
      gateway,
      `query($o: ID!) { organization(id: $o) { current: contacts { id } all: contacts(includeFormer: true) { id } } }`,
      { o: acme },
    );
    expect(contacts.organization.current).toEqual([{ id: lead }]);
    expect(contacts.organization.all.map((job) => job.id).sort()).toEqual([first, lead].sort());
  });
});
