import { describe, expect, inject, it } from 'vitest';
import { tokenWith } from './helpers/auth.js';
import { graphql } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { addHouseholdMember, createHousehold, identify } from './helpers/operations.js';
import { subscribe } from './helpers/subscriptions.js';

/**
 * Every auth and limit rule, on HTTP and on WebSocket alike: the same operation must meet the
 * same answer whichever transport carries it.
 */
const gateway = inject('gatewayUrl');

const nested = `${'household { members { person { '.repeat(4)} id ${'} } }'.repeat(4)}`;
const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: id`).join(' ');
const manyTokens = Array.from({ length: 2500 }, () => 'id').join(' ');

describe('HTTP: authentication and scopes', () => {
  it.each([
    { name: 'no token', headers: { authorization: '' }, status: 401, code: 'UNAUTHENTICATED', message: 'Expected an Authorization header "Bearer <token>", but there is none.' },
    { name: 'a malformed token', headers: { authorization: 'Bearer not.a.jwt' }, status: 401, code: 'UNAUTHENTICATED', message: /^Expected a valid token, but it was refused: / },
  ])('refuses $name', async ({ headers, status, code, message }) => {
    const response = await graphql(gateway, '{ person(id: "x") { id } }', {}, headers);
    expect(response.status).toBe(status);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a token signed with another secret and an expired one', async () => {
    for (const token of [await tokenWith(['admin'], { secret: 'x'.repeat(40) }), await tokenWith(['admin'], { expiresIn: '-1m' })]) {
      const response = await graphql(gateway, '{ person(id: "x") { id } }', {}, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
    }
  });

  it.each([
    { scopes: ['profile:read'], query: 'query($id: ID!) { person(id: $id) { id traits } }', code: 'FORBIDDEN', message: 'Person.traits needs scope pii:read, but the caller has profile:read.' },
    { scopes: ['profile:read', 'pii:read'], query: 'mutation($id: ID!) { setConsent(personId: $id, purpose: "x", granted: true, source: "t") { granted } }', code: 'FORBIDDEN', message: 'Mutation.setConsent needs scope profile:write, but the caller has profile:read, pii:read.' },
    { scopes: ['profile:write', 'profile:read'], query: 'mutation($id: ID!) { erasePerson(id: $id) { personId } }', code: 'FORBIDDEN', message: 'Mutation.erasePerson needs scope profile:erase, but the caller has profile:write, profile:read.' },
    { scopes: [], query: 'query($id: ID!) { person(id: $id) { id } }', code: 'FORBIDDEN', message: 'Query.person needs scope profile:read, but the caller has no scopes.' },
  ])('enforces scopes: $message', async ({ scopes, query, code, message }) => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('scoped') }]);
    const response = await graphql(gateway, query, { id: person.id }, { authorization: `Bearer ${await tokenWith(scopes)}` });
    expect(response.errors?.[0]).toMatchObject({ message, extensions: { code } });
  });

  it('guards a household member\'s name where relationship provides it, as profile does where it owns it', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('member') }], { traits: { name: 'Member Name' } });
    const household = await createHousehold(gateway, 'Scoped household');
    await addHouseholdMember(gateway, household, person.id, 'HEAD');
    const query = 'query($id: ID!) { person(id: $id) { household { members { person { id displayName } } } } }';
    const reader = await graphql(gateway, query, { id: person.id }, { authorization: `Bearer ${await tokenWith(['profile:read'])}` });
    expect(reader.errors?.[0]).toMatchObject({ message: 'Person.displayName needs scope pii:read, but the caller has profile:read.', extensions: { code: 'FORBIDDEN' } });
    const piiReader = await graphql<{ person: { household: { members: { person: { id: string; displayName: string | null } }[] } } }>(gateway, query, { id: person.id }, {
      authorization: `Bearer ${await tokenWith(['profile:read', 'pii:read'])}`,
    });
    expect(piiReader.errors).toBeUndefined();
    expect(piiReader.data?.person.household.members).toEqual([{ person: { id: person.id, displayName: 'Member Name' } }]);
  });

  it('lets profile:read see ids but not PII', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('reader') }]);
    const response = await graphql<{ person: { id: string; status: string } }>(gateway, 'query($id: ID!) { person(id: $id) { id status } }', { id: person.id }, {
      authorization: `Bearer ${await tokenWith(['profile:read'])}`,
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.person).toEqual({ id: person.id, status: 'ACTIVE' });
  });
});

describe('subgraphs accept only the gateway', () => {
  it.each(['profile', 'relationship', 'interaction'] as const)('%s refuses a direct call', async (name) => {
    const response = await graphql(inject('subgraphUrls')[name], '{ __typename }', {}, { authorization: '' });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]).toMatchObject({
      message: 'Expected a request signed by the gateway (x-cdp-claims), but it is missing, invalid or expired.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

/** Valid operations but for their size: only the limit can refuse them. */
const limitCases = [
  { name: 'too deep', selection: nested, message: /depth/i },
  { name: 'too many aliases', selection: aliases, message: /alias/i },
  { name: 'too many tokens', selection: manyTokens, message: /token/i },
];

describe('operation limits', () => {
  it.each(limitCases)('HTTP refuses an operation that is $name', async ({ selection, message }) => {
    const response = await graphql(gateway, `{ person(id: "x") { ${selection} } }`);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toMatch(message);
  });

  it.each(limitCases)('WebSocket refuses an operation that is $name', async ({ selection, message }) => {
    await using sub = subscribe(`subscription { profileChanged(id: "x") { person { ${selection} } } }`, {});
    await expect.poll(() => sub.errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(JSON.stringify(sub.errors)).toMatch(message);
  });
});

describe('WebSocket authentication', () => {
  it('closes a connection without a token with 4403', async () => {
    const sub = subscribe('subscription { profilesChanged { cursor } }', {}, { token: null });
    expect(await sub.closed).toBe(4403);
    await sub.close();
  });

  it('refuses a subscription the scopes do not allow', async () => {
    await using sub = subscribe('subscription { profilesChanged { cursor } }', {}, { token: await tokenWith(['pii:read']) });
    await expect.poll(() => sub.errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(JSON.stringify(sub.errors)).toContain('Subscription.profilesChanged needs scope profile:read');
  });
});
