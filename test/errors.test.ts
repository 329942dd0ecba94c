import { beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { identify } from './helpers/operations.js';

/**
 * Every misuse error the API gives, pinned: code and exact message. Clients and docs rely on
 * these; a change here is a change to the public contract.
 */
const gateway = inject('gatewayUrl');
let personId = '';

beforeAll(async () => {
  personId = (await identify(gateway, [{ type: 'USER_ID', value: unique('errors') }])).id;
});

interface Case {
  readonly name: string;
  readonly query: string;
  readonly variables?: () => Record<string, unknown>;
  readonly code: string;
  readonly message: string;
}

const IDENTIFY = 'mutation($input: IdentifyInput!) { identify(input: $input) { person { id } } }';
const RECORD = 'mutation($input: InteractionInput!) { recordInteraction(input: $input) { id } }';
const TIMELINE = 'query($id: ID!, $first: Int, $after: String) { person(id: $id) { interactions(first: $first, after: $after) { edges { cursor } } } }';

const cases: Case[] = [
  {
    name: 'identify with an invalid email',
    query: IDENTIFY,
    variables: () => ({ input: { identifiers: [{ type: 'EMAIL', value: 'ada-at-example' }], source: 'crm' } }),
    code: 'BAD_USER_INPUT',
    message: 'Identifier EMAIL expects an address like "name@example.com", but got "ada-at-example".',
  },
  {
    name: 'identify with a phone that is not international',
    query: IDENTIFY,
    variables: () => ({ input: { identifiers: [{ type: 'PHONE', value: '0612' }], source: 'crm' } }),
    code: 'BAD_USER_INPUT',
    message: 'Identifier PHONE expects a valid phone number like "+31612345678" (or national in region NL), but got "0612".',
  },
  {
    name: 'identify with no identifiers',
    query: IDENTIFY,
    variables: () => ({ input: { identifiers: [], source: 'crm' } }),
    code: 'BAD_USER_INPUT',
    message: 'identifiers expects 1 to 50 identifiers, but got 0.',
  },
  {
    name: 'identify with a source that has spaces',
    query: IDENTIFY,
    variables: () => ({ input: { identifiers: [{ type: 'USER_ID', value: 'x' }], source: 'my crm' } }),
    code: 'BAD_USER_INPUT',
    message: 'source expects 1 to 100 letters, digits or . _ : @ / -, but got "my crm".',
  },
  {
    name: 'identify with traits that are not an object',
    query: IDENTIFY,
    variables: () => ({ input: { identifiers: [{ type: 'USER_ID', value: 'x' }], source: 'crm', traits: [1, 2] } }),
    code: 'BAD_USER_INPUT',
    message: 'traits expects a JSON object, but got [1,2].',
  },
  {
    name: 'identify with a date-time that has no offset',
    query: IDENTIFY,
    variables: () => ({ input: { identifiers: [{ type: 'USER_ID', value: 'x' }], source: 'crm', observedAt: '2026-01-01 10:00' } }),
    code: 'BAD_USER_INPUT',
    message: 'DateTime expects an ISO-8601 date-time with an offset such as "2026-01-31T12:00:00Z", but got "2026-01-01 10:00".',
  },
  {
    name: 'recordInteraction naming a person by id and identifier at once',
    query: RECORD,
    variables: () => ({ input: { person: { id: personId, identifier: { type: 'USER_ID', value: 'x' } }, channel: 'WEB', type: 'page_view' } }),
    code: 'BAD_USER_INPUT',
    message: 'PersonRef expects exactly one of id or identifier, but got both.',
  },
  {
    name: 'recordInteraction naming no person',
    query: RECORD,
    variables: () => ({ input: { person: {}, channel: 'WEB', type: 'page_view' } }),
    code: 'BAD_USER_INPUT',
    message: 'PersonRef expects exactly one of id or identifier, but got neither.',
  },
  {
    name: 'recordInteraction for an unknown person id',
    query: RECORD,
    variables: () => ({ input: { person: { id: 'no-such-person' }, channel: 'WEB', type: 'page_view' } }),
    code: 'NOT_FOUND',
    message: 'Expected an existing person, but no person has id "no-such-person".',
  },
  {
    name: 'recordInteraction with an empty type',
    query: RECORD,
    variables: () => ({ input: { person: { id: personId }, channel: 'WEB', type: ' ' } }),
    code: 'BAD_USER_INPUT',
    message: 'type expects 1 to 100 characters, such as "page_view", but got " ".',
  },
  {
    name: 'a timeline page larger than allowed',
    query: TIMELINE,
    variables: () => ({ id: personId, first: 1000 }),
    code: 'BAD_USER_INPUT',
    message: 'first expects a whole number from 0 to 100, but got 1000.',
  },
  {
    name: 'a cursor this API never gave out',
    query: TIMELINE,
    variables: () => ({ id: personId, after: 'bm90LWEtY3Vyc29y' }),
    code: 'BAD_USER_INPUT',
    message: 'after expects a cursor returned by this API, but got "bm90LWEtY3Vyc29y".',
  },
  {
    name: 'addHouseholdMember to an unknown household',
    query: 'mutation($p: ID!) { addHouseholdMember(householdId: "nope", personId: $p) { id } }',
    variables: () => ({ p: personId }),
    code: 'NOT_FOUND',
    message: 'Expected an existing household, but no household has id "nope".',
  },
  {
    name: 'createHousehold with an empty name',
    query: 'mutation { createHousehold(input: { name: "  " }) { id } }',
    code: 'BAD_USER_INPUT',
    message: 'name expects 1 to 200 characters, but got "  ".',
  },
  {
    name: 'a variable with a value outside its enum',
    query: 'mutation($p: ID!, $role: HouseholdRole) { addHouseholdMember(householdId: "x", personId: $p, role: $role) { id } }',
    variables: () => ({ p: personId, role: 'KING' }),
    code: 'BAD_USER_INPUT',
    message: 'Variable "$role" got invalid value "KING"; Value "KING" does not exist in "HouseholdRole" enum.',
  },
  {
    name: 'a field that does not exist',
    query: '{ person(id: "x") { shoeSize } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'Cannot query field "shoeSize" on type "Person".',
  },
  {
    name: 'a syntax error',
    query: '{ person(id: "x") { id }',
    code: 'GRAPHQL_PARSE_FAILED',
    message: 'Syntax Error: Expected Name, found <EOF>.',
  },
];

describe('misuse errors through the gateway', () => {
  it.each(cases)('$name', async ({ query, variables, code, message }) => {
    const response = await graphql(gateway, query, variables?.() ?? {});
    expect(response.errors?.[0]).toMatchObject({ message, extensions: { code } });
  });

  it('writes nothing when an interaction names an unknown person', async () => {
    const messageId = unique('half');
    const response = await graphql(gateway, RECORD, {
      input: { person: { id: 'no-such-person' }, channel: 'WEB', type: 'page_view', messageId },
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const again = await graphql<{ recordInteraction: { id: string } }>(gateway, RECORD, {
      input: { person: { id: personId }, channel: 'WEB', type: 'page_view', messageId },
    });
    expect(again.errors).toBeUndefined();
  });
});
