import { beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { testDatabase } from './helpers/database.js';
import { addEmployment, createHousehold, createOrganization, newPerson } from './helpers/operations.js';

/**
 * Every misuse of the relationship API, pinned: code and exact message, through the gateway. A
 * refused mutation writes nothing; the last test checks that on the graph itself.
 */
const gateway = inject('gatewayUrl');
const ids = { person: '', other: '', household: '', organization: '', employment: '', since: '' };

beforeAll(async () => {
  [ids.person, ids.other] = await Promise.all([newPerson(gateway, 'errors'), newPerson(gateway, 'errors')]);
  ids.household = await createHousehold(gateway, 'Errors household');
  ids.organization = await createOrganization(gateway, { name: 'Errors Ltd' });
  ids.employment = await addEmployment(gateway, ids.person, ids.organization);
  const data = await graphqlData<{ organization: { contacts: { since: string }[] } }>(
    gateway,
    'query($id: ID!) { organization(id: $id) { contacts { since } } }',
    { id: ids.organization },
  );
  ids.since = data.organization.contacts[0]!.since;
});

interface Case {
  readonly name: string;
  readonly query: string;
  readonly variables?: () => Record<string, unknown>;
  readonly code: string;
  readonly message: string | (() => string);
}

const ORG = 'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }';
const RELATE = 'mutation($a: ID!, $b: ID!, $t: RelationshipType!) { relatePeople(fromId: $a, toId: $b, type: $t) { type } }';

const cases: Case[] = [
  // NOT_FOUND: every mutation and lookup that names something that is not there.
  { name: 'renameHousehold of an unknown household', query: 'mutation { renameHousehold(id: "no-hh", name: "x") { id } }', code: 'NOT_FOUND', message: 'Expected an existing household, but no household has id "no-hh".' },
  { name: 'addHouseholdMember of an unknown person', query: 'mutation($h: ID!) { addHouseholdMember(householdId: $h, personId: "no-person") { id } }', variables: () => ({ h: ids.household }), code: 'NOT_FOUND', message: 'Expected an existing person, but no person has id "no-person".' },
  { name: 'moveHouseholdMember to an unknown household', query: 'mutation($p: ID!) { moveHouseholdMember(personId: $p, toHouseholdId: "no-hh") { id } }', variables: () => ({ p: ids.person }), code: 'NOT_FOUND', message: 'Expected an existing household, but no household has id "no-hh".' },
  { name: 'removeHouseholdMember from an unknown household', query: 'mutation($p: ID!) { removeHouseholdMember(householdId: "no-hh", personId: $p) { id } }', variables: () => ({ p: ids.person }), code: 'NOT_FOUND', message: 'Expected an existing household, but no household has id "no-hh".' },
  { name: 'removeHouseholdMember of a person who is not a member', query: 'mutation($h: ID!, $p: ID!) { removeHouseholdMember(householdId: $h, personId: $p) { id } }', variables: () => ({ h: ids.household, p: ids.person }), code: 'NOT_FOUND', message: () => `Expected a current member of household ${JSON.stringify(ids.household)}, but person ${JSON.stringify(ids.person)} is not one.` },
  { name: 'createOrganization under an unknown parent', query: ORG, variables: () => ({ input: { name: 'Child', parentId: 'no-org' } }), code: 'NOT_FOUND', message: 'Expected an existing organization, but no organization has id "no-org".' },
  { name: 'updateOrganization of an unknown organization', query: 'mutation { updateOrganization(id: "no-org", input: { name: "x" }) { id } }', code: 'NOT_FOUND', message: 'Expected an existing organization, but no organization has id "no-org".' },
  { name: 'setParentOrganization of an unknown organization', query: 'mutation($p: ID) { setParentOrganization(id: "no-org", parentId: $p) { id } }', variables: () => ({ p: ids.organization }), code: 'NOT_FOUND', message: 'Expected an existing organization, but no organization has id "no-org".' },
  { name: 'setParentOrganization to an unknown parent', query: 'mutation($id: ID!) { setParentOrganization(id: $id, parentId: "no-org") { id } }', variables: () => ({ id: ids.organization }), code: 'NOT_FOUND', message: 'Expected an existing organization, but no organization has id "no-org".' },
  { name: 'addEmployment of an unknown person', query: 'mutation($o: ID!) { addEmployment(personId: "no-person", organizationId: $o) { id } }', variables: () => ({ o: ids.organization }), code: 'NOT_FOUND', message: 'Expected an existing person, but no person has id "no-person".' },
  { name: 'addEmployment at an unknown organization', query: 'mutation($p: ID!) { addEmployment(personId: $p, organizationId: "no-org") { id } }', variables: () => ({ p: ids.person }), code: 'NOT_FOUND', message: 'Expected an existing organization, but no organization has id "no-org".' },
  { name: 'endEmployment of an unknown employment', query: 'mutation { endEmployment(id: "no-job") { id } }', code: 'NOT_FOUND', message: 'Expected an existing employment, but no employment has id "no-job".' },
  { name: 'relatePeople from an unknown person', query: RELATE, variables: () => ({ a: 'no-person', b: ids.person, t: 'FRIEND' }), code: 'NOT_FOUND', message: 'Expected an existing person, but no person has id "no-person".' },
  { name: 'relatePeople to an unknown person', query: RELATE, variables: () => ({ a: ids.person, b: 'no-person', t: 'PARENT' }), code: 'NOT_FOUND', message: 'Expected an existing person, but no person has id "no-person".' },
  { name: 'unrelatePeople with an unknown person', query: 'mutation($a: ID!) { unrelatePeople(fromId: $a, toId: "no-person", type: SPOUSE) }', variables: () => ({ a: ids.person }), code: 'NOT_FOUND', message: 'Expected an existing person, but no person has id "no-person".' },
  { name: 'acceptHouseholdSuggestion naming an unknown person', query: 'mutation($id: ID!) { acceptHouseholdSuggestion(id: $id) { id } }', variables: () => ({ id: Buffer.from(JSON.stringify(['hs1', ids.person, 'no-person'])).toString('base64url') }), code: 'NOT_FOUND', message: 'Expected an existing person, but no person has id "no-person".' },
  { name: 'connectionPath from an unknown person', query: 'query($b: ID!) { connectionPath(fromId: "no-person", toId: $b) { length } }', variables: () => ({ b: ids.person }), code: 'NOT_FOUND', message: 'Expected an existing person, but no person has id "no-person".' },

  // BAD_USER_INPUT: values that are not acceptable, with the value shown.
  { name: 'createOrganization with an empty name', query: ORG, variables: () => ({ input: { name: ' ' } }), code: 'BAD_USER_INPUT', message: 'name expects 1 to 200 characters, but got " ".' },
  { name: 'createOrganization with a domain that is not one', query: ORG, variables: () => ({ input: { name: 'X', domain: 'not a domain' } }), code: 'BAD_USER_INPUT', message: 'domain expects a domain name such as "example.com", but got "not a domain".' },
  { name: 'createOrganization with a domain without a dot', query: ORG, variables: () => ({ input: { name: 'X', domain: 'https://localhost/' } }), code: 'BAD_USER_INPUT', message: 'domain expects a domain name such as "example.com", but got "https://localhost/".' },
  { name: 'createOrganization with an IP address as domain', query: ORG, variables: () => ({ input: { name: 'X', domain: '10.0.0.1' } }), code: 'BAD_USER_INPUT', message: 'domain expects a domain name such as "example.com", but got "10.0.0.1".' },
  { name: 'createOrganization with a country name', query: ORG, variables: () => ({ input: { name: 'X', country: 'Netherlands' } }), code: 'BAD_USER_INPUT', message: 'country expects an ISO 3166-1 alpha-2 code such as "NL", but got "Netherlands".' },
  { name: 'createOrganization with an empty industry', query: ORG, variables: () => ({ input: { name: 'X', industry: '' } }), code: 'BAD_USER_INPUT', message: 'industry expects 1 to 100 characters or null, but got "".' },
  { name: 'updateOrganization with a null name', query: 'mutation($id: ID!) { updateOrganization(id: $id, input: { name: null }) { id } }', variables: () => ({ id: ids.organization }), code: 'BAD_USER_INPUT', message: 'name expects 1 to 200 characters, but got null.' },
  { name: 'organizationByDomain with a value that is not a domain', query: '{ organizationByDomain(domain: "@@") { id } }', code: 'BAD_USER_INPUT', message: 'domain expects a domain name such as "example.com", but got "@@".' },
  { name: 'setParentOrganization to itself', query: 'mutation($id: ID!) { setParentOrganization(id: $id, parentId: $id) { id } }', variables: () => ({ id: ids.organization }), code: 'HIERARCHY_CYCLE', message: () => `parentId expects an organization other than ${JSON.stringify(ids.organization)} and outside its subtree, but got ${JSON.stringify(ids.organization)} itself.` },
  { name: 'createHousehold with an address that is not an object', query: 'mutation { createHousehold(input: { name: "x", address: "Main St 1" }) { id } }', code: 'BAD_USER_INPUT', message: 'address expects a JSON object, but got "Main St 1".' },
  { name: 'renameHousehold to a name too long', query: 'mutation($h: ID!, $n: String!) { renameHousehold(id: $h, name: $n) { id } }', variables: () => ({ h: ids.household, n: 'x'.repeat(201) }), code: 'BAD_USER_INPUT', message: `name expects 1 to 200 characters, but got ${JSON.stringify('x'.repeat(201)).slice(0, 117)}....` },
  { name: 'moveHouseholdMember of a person in no household', query: 'mutation($p: ID!, $h: ID!) { moveHouseholdMember(personId: $p, toHouseholdId: $h) { id } }', variables: () => ({ p: ids.other, h: ids.household }), code: 'BAD_USER_INPUT', message: () => `personId expects a person who is a member of a household, but person ${JSON.stringify(ids.other)} is in none; use addHouseholdMember.` },
  { name: 'relatePeople of a person with themself', query: RELATE, variables: () => ({ a: ids.person, b: ids.person, t: 'FRIEND' }), code: 'BAD_USER_INPUT', message: () => `toId expects a person other than fromId, but both are ${JSON.stringify(ids.person)}.` },
  { name: 'addEmployment with an empty title', query: 'mutation($p: ID!, $o: ID!) { addEmployment(personId: $p, organizationId: $o, title: "  ") { id } }', variables: () => ({ p: ids.other, o: ids.organization }), code: 'BAD_USER_INPUT', message: 'title expects 1 to 200 characters or null, but got "  ".' },
  { name: 'endEmployment before it began', query: 'mutation($id: ID!) { endEmployment(id: $id, until: "2000-01-01T00:00:00Z") { id } }', variables: () => ({ id: ids.employment }), code: 'BAD_USER_INPUT', message: () => `until expects a date-time at or after the employment's start ${ids.since}, but got "2000-01-01T00:00:00.000Z".` },
  { name: 'acceptHouseholdSuggestion with an id it never gave out', query: 'mutation { acceptHouseholdSuggestion(id: "bm9wZQ") { id } }', code: 'BAD_USER_INPUT', message: 'id expects a suggestion id returned by suggestHouseholds, but got "bm9wZQ".' },
  { name: 'suggestHouseholds asking for too many', query: '{ suggestHouseholds(first: 101) { id } }', code: 'BAD_USER_INPUT', message: 'first expects a whole number from 0 to 100, but got 101.' },
  { name: 'descendants deeper than 10', query: 'query($id: ID!) { organization(id: $id) { descendants(maxDepth: 11) { id } } }', variables: () => ({ id: ids.organization }), code: 'BAD_USER_INPUT', message: 'maxDepth expects a whole number from 1 to 10, but got 11.' },
  { name: 'descendants with a negative limit', query: 'query($id: ID!) { organization(id: $id) { descendants(limit: -1) { id } } }', variables: () => ({ id: ids.organization }), code: 'BAD_USER_INPUT', message: 'limit expects a whole number from 0 to 10000, but got -1.' },
  { name: 'hierarchy deeper than 10', query: 'query($id: ID!) { organization(id: $id) { hierarchy(maxDepth: 0) { truncated } } }', variables: () => ({ id: ids.organization }), code: 'BAD_USER_INPUT', message: 'maxDepth expects a whole number from 1 to 10, but got 0.' },
  { name: 'contacts beyond the page limit', query: 'query($id: ID!) { organization(id: $id) { contacts(limit: 5000) { id } } }', variables: () => ({ id: ids.organization }), code: 'BAD_USER_INPUT', message: 'limit expects a whole number from 0 to 1000, but got 5000.' },
  { name: 'connectionPath deeper than 10', query: 'query($a: ID!, $b: ID!) { connectionPath(fromId: $a, toId: $b, maxDepth: 12) { length } }', variables: () => ({ a: ids.person, b: ids.other }), code: 'BAD_USER_INPUT', message: 'maxDepth expects a whole number from 1 to 10, but got 12.' },
  { name: 'a relationship type outside the enum', query: 'mutation($a: ID!, $b: ID!) { relatePeople(fromId: $a, toId: $b, type: COUSIN) { type } }', variables: () => ({ a: ids.person, b: ids.other }), code: 'GRAPHQL_VALIDATION_FAILED', message: 'Value "COUSIN" does not exist in "RelationshipType" enum.' },
];

describe('relationship misuse errors through the gateway', () => {
  it.each(cases)('$name', async ({ query, variables, code, message }) => {
    const response = await graphql(gateway, query, variables?.() ?? {});
    const expected = typeof message === 'function' ? message() : message;
    expect(response.errors?.[0]).toMatchObject({ message: expected, extensions: { code } });
  });

  it('leaves nothing half-written when a mutation is refused part-way', async () => {
    const db = testDatabase();
    try {
      const count = async (): Promise<number> => {
        const [row] = await db.readRows({ text: 'MATCH (o:Organization) WHERE o.name = $name RETURN count(o) AS n', params: { name: 'Orphan child' } });
        return Number(row?.['n']);
      };
      const before = await count();
      // The organization is created first in the transaction, then the unknown parent refuses it.
      const response = await graphql(gateway, ORG, { input: { name: 'Orphan child', parentId: 'no-org' } });
      expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(await count()).toBe(before);
    } finally {
      await db.close();
    }
  });
});
