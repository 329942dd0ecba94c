import { describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { addHouseholdMember, createHousehold, identify, newPerson } from './helpers/operations.js';

/**
 * Households: members join, move (one household at a time, history kept) and leave; suggestions
 * group people by family name and a shared address or phone, and accepting one creates the
 * household only while the evidence still holds.
 */
const gateway = inject('gatewayUrl');

interface Membership {
  readonly household: { id: string; name: string };
  readonly role: string;
  readonly current: boolean;
  readonly until: string | null;
}

async function historyOf(personId: string): Promise<{ household: { id: string } | null; householdHistory: Membership[] }> {
  const data = await graphqlData<{ person: { household: { id: string } | null; householdHistory: Membership[] } }>(
    gateway,
    `query($id: ID!) { person(id: $id) { household { id } householdHistory { household { id name } role current until } } }`,
    { id: personId },
  );
  return data.person;
}

async function membersOf(householdId: string): Promise<{ role: string; person: { id: string } }[]> {
  const data = await graphqlData<{ household: { members: { role: string; person: { id: string } }[] } }>(
    gateway,
    `query($id: ID!) { household(id: $id) { members { role person { id } } } }`,
    { id: householdId },
  );
  return data.household.members;
}

describe('household membership', () => {
  it('moves a person between households one at a time and keeps the history', async () => {
    const person = await newPerson(gateway, 'mover');
    const [first, second, third] = await Promise.all(['First home', 'Second home', 'Third home'].map((name) => createHousehold(gateway, name)));
    await addHouseholdMember(gateway, first!, person, 'HEAD');

    const moved = await graphqlData<{ moveHouseholdMember: { id: string; members: { role: string }[] } }>(
      gateway,
      `mutation($p: ID!, $h: ID!) { moveHouseholdMember(personId: $p, toHouseholdId: $h) { id members { role } } }`,
      { p: person, h: second },
    );
    expect(moved.moveHouseholdMember).toEqual({ id: second, members: [{ role: 'HEAD' }] });
    expect(await membersOf(first!)).toEqual([]);

    await addHouseholdMember(gateway, third!, person, 'PARTNER');
    const { household, householdHistory } = await historyOf(person);
    expect(household).toEqual({ id: third });
    expect(householdHistory.map(({ household: h, role, current }) => ({ id: h.id, role, current }))).toEqual([
      { id: third, role: 'PARTNER', current: true },
      { id: second, role: 'HEAD', current: false },
      { id: first, role: 'HEAD', current: false },
    ]);
    expect(householdHistory[0]!.until).toBeNull();
    expect(householdHistory.slice(1).every((membership) => membership.until !== null)).toBe(true);
  });

  it('keeps a person in exactly one household when moves race', async () => {
    const person = await newPerson(gateway, 'racer');
    const households = await Promise.all(Array.from({ length: 6 }, (_, i) => createHousehold(gateway, `Race ${i}`)));
    await Promise.all(households.map((id) => addHouseholdMember(gateway, id, person, 'OTHER')));
    const { household, householdHistory } = await historyOf(person);
    expect(householdHistory.filter((membership) => membership.current)).toHaveLength(1);
    expect(householdHistory).toHaveLength(6);
    expect(household).not.toBeNull();
  });

  it('renames a household and removes a member, keeping the membership as history', async () => {
    const [a, b] = await Promise.all([newPerson(gateway, 'leaver'), newPerson(gateway, 'stayer')]);
    const id = await createHousehold(gateway, 'Old name');
    await addHouseholdMember(gateway, id, a, 'HEAD');
    await addHouseholdMember(gateway, id, b, 'CHILD');
    const renamed = await graphqlData<{ renameHousehold: { name: string } }>(
      gateway,
      `mutation($id: ID!) { renameHousehold(id: $id, name: "  New name ") { name } }`,
      { id },
    );
    expect(renamed.renameHousehold.name).toBe('New name');
    const removed = await graphqlData<{ removeHouseholdMember: { members: { person: { id: string } }[] } }>(
      gateway,
      `mutation($h: ID!, $p: ID!) { removeHouseholdMember(householdId: $h, personId: $p) { members { person { id } } } }`,
      { h: id, p: a },
    );
    expect(removed.removeHouseholdMember.members).toEqual([{ person: { id: b } }]);
    const history = await historyOf(a);
    expect(history.household).toBeNull();
    expect(history.householdHistory.map(({ household: h, role, current }) => ({ id: h.id, name: h.name, role, current }))).toEqual([
      { id, name: 'New name', role: 'HEAD', current: false },
    ]);
    const again = await graphql(gateway, `mutation($h: ID!, $p: ID!) { removeHouseholdMember(householdId: $h, personId: $p) { id } }`, { h: id, p: a });
    expect(again.errors?.[0]).toMatchObject({
      message: `Expected a current member of household ${JSON.stringify(id)}, but person ${JSON.stringify(a)} is not one.`,
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

interface Suggestion {
  readonly id: string;
  readonly name: string;
  readonly lastName: string;
  readonly address: unknown;
  readonly members: { id: string }[];
  readonly evidence: { kind: string; value: string; personIds: string[] }[];
}

const SUGGEST = `{ suggestHouseholds(first: 100) { id name lastName address members { id } evidence { kind value personIds } } }`;

describe('household suggestions', () => {
  it('groups people by family name and a shared address or phone, with the evidence, and accepting creates the household', async () => {
    const family = `Zeta${unique('fam').replace(/[^a-z0-9]/gi, '')}`;
    const address = { street: 'Keizersgracht 1', postalCode: '1015 CJ', city: 'Amsterdam' };
    const phone = '+31 20 555 0199';
    const [mother, father, son, stranger, namesake] = await Promise.all([
      newPerson(gateway, 'mother', { lastName: family, address }),
      // The same address written differently: compared without case, spaces or punctuation.
      newPerson(gateway, 'father', { lastName: family.toUpperCase(), address: { street: 'keizersgracht 1', postalCode: '1015CJ', city: 'AMSTERDAM' }, phone }),
      // No address, but the father's phone, as a PHONE identifier.
      identify(gateway, [{ type: 'USER_ID', value: unique('son') }, { type: 'PHONE', value: '+31205550199' }], { traits: { lastName: family } }).then((p) => p.id),
      newPerson(gateway, 'stranger', { lastName: 'Other', address }),
      newPerson(gateway, 'namesake', { lastName: family, address: { street: 'Elsewhere 9', city: 'Utrecht' } }),
    ]);
    const data = await graphqlData<{ suggestHouseholds: Suggestion[] }>(gateway, SUGGEST);
    const ours = data.suggestHouseholds.filter((suggestion) => suggestion.lastName.toLowerCase() === family.toLowerCase());
    expect(ours).toHaveLength(1);
    const [suggestion] = ours;
    expect(suggestion!.name).toBe(`${suggestion!.lastName} household`);
    expect(suggestion!.members.map((member) => member.id).sort()).toEqual([mother, father, son].sort());
    expect(suggestion!.evidence).toEqual([
      { kind: 'ADDRESS', value: expect.any(String) as string, personIds: [mother, father].sort() },
      { kind: 'PHONE', value: expect.any(String) as string, personIds: [father, son].sort() },
    ]);
    expect(suggestion!.address).toBeTypeOf('object');
    for (const outsider of [stranger, namesake]) {
      expect(data.suggestHouseholds.some((item) => item.members.some((member) => member.id === outsider))).toBe(false);
    }

    const accepted = await graphqlData<{ acceptHouseholdSuggestion: { id: string; name: string; address: unknown; members: { role: string; person: { id: string } }[] } }>(
      gateway,
      `mutation($id: ID!) { acceptHouseholdSuggestion(id: $id) { id name address members { role person { id } } } }`,
      { id: suggestion!.id },
    );
    const household = accepted.acceptHouseholdSuggestion;
    expect(household.name).toBe(suggestion!.name);
    expect(household.address).toEqual(suggestion!.address);
    expect(household.members.map((member) => member.person.id).sort()).toEqual([mother, father, son].sort());

    const after = await graphqlData<{ suggestHouseholds: Suggestion[] }>(gateway, SUGGEST);
    expect(after.suggestHouseholds.some((item) => item.lastName.toLowerCase() === family.toLowerCase())).toBe(false);
    const twice = await graphql(gateway, `mutation($id: ID!) { acceptHouseholdSuggestion(id: $id) { id } }`, { id: suggestion!.id });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(twice.errors?.[0]?.message).toMatch(/^Expected people without a household, but person ".+" is now in household ".+"\.$/);
  });

  it('refuses a suggestion whose evidence no longer holds, and writes nothing', async () => {
    const family = `Eta${unique('fam').replace(/[^a-z0-9]/gi, '')}`;
    const movingId = unique('moving');
    const a = await newPerson(gateway, 'a', { lastName: family, address: 'Dorpsstraat 12, 1234 AB Ergens' });
    const b = (await identify(gateway, [{ type: 'USER_ID', value: movingId }], { traits: { lastName: family, address: 'dorpsstraat 12 1234ab ergens' } })).id;
    const data = await graphqlData<{ suggestHouseholds: Suggestion[] }>(gateway, SUGGEST);
    const suggestion = data.suggestHouseholds.find((item) => item.members.some((member) => member.id === a));
    expect(suggestion?.members.map((member) => member.id).sort()).toEqual([a, b].sort());
    expect(suggestion?.evidence.map((item) => item.kind)).toEqual(['ADDRESS']);
    // The shared address as one of them wrote it.
    expect(['Dorpsstraat 12, 1234 AB Ergens', 'dorpsstraat 12 1234ab ergens']).toContain(suggestion?.address);

    // b moves away (a newer address arrives through identify) before the suggestion is accepted.
    await identify(gateway, [{ type: 'USER_ID', value: movingId }], { traits: { address: 'Stationsweg 3, 9999 ZZ Anders' } });
    const refused = await graphql(gateway, `mutation($id: ID!) { acceptHouseholdSuggestion(id: $id) { id } }`, { id: suggestion!.id });
    expect(refused.errors?.[0]).toMatchObject({
      message: `Expected people who still share a family name and an address or phone, but ${[a, b].sort().map((id) => JSON.stringify(id)).join(', ')} no longer do.`,
      extensions: { code: 'CONFLICT' },
    });
    expect((await historyOf(a)).householdHistory).toEqual([]);
    expect((await historyOf(b)).householdHistory).toEqual([]);
  });

  it('accepts a one-line address, with a chosen name', async () => {
    const family = `Theta${unique('fam').replace(/[^a-z0-9]/gi, '')}`;
    const [a, b] = await Promise.all([
      newPerson(gateway, 'a', { lastName: family, address: 'Markt 1, 2611 GP Delft' }),
      newPerson(gateway, 'b', { lastName: family, address: 'MARKT 1 2611GP DELFT' }),
    ]);
    const data = await graphqlData<{ suggestHouseholds: Suggestion[] }>(gateway, SUGGEST);
    const suggestion = data.suggestHouseholds.find((item) => item.members.some((member) => member.id === a));
    const accepted = await graphqlData<{ acceptHouseholdSuggestion: { name: string; address: unknown; members: { person: { id: string } }[] } }>(
      gateway,
      `mutation($id: ID!) { acceptHouseholdSuggestion(id: $id, name: "The Delft home") { name address members { person { id } } } }`,
      { id: suggestion!.id },
    );
    // An address written as one line becomes the household address's line1.
    expect(accepted.acceptHouseholdSuggestion).toMatchObject({ name: 'The Delft home', address: { line1: suggestion!.address } });
    expect(['Markt 1, 2611 GP Delft', 'MARKT 1 2611GP DELFT']).toContain(suggestion!.address);
    expect(accepted.acceptHouseholdSuggestion.members.map((member) => member.person.id).sort()).toEqual([a, b].sort());
  });
});
