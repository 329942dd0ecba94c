import { describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { identify } from './helpers/operations.js';

const gateway = inject('gatewayUrl');

describe('golden record, full detail and lookups (through the gateway)', () => {
  it('keeps every record verbatim and gives each trait its value, source and time', async () => {
    const userId = unique('golden');
    await identify(gateway, [{ type: 'USER_ID', value: userId }], { source: 'crm', traits: { firstName: 'Ada', city: 'London' } });
    const later = await identify(gateway, [{ type: 'USER_ID', value: userId }], { source: 'web', traits: { city: 'Paris' } });
    const data = await graphqlData<{
      person: {
        displayName: string;
        traits: Record<string, unknown>;
        trait: { value: unknown; source: string; rule: string };
        traitHistory: { value: unknown; source: string }[];
        sourceRecords: { edges: { node: { source: string; payload: { traits: unknown } } }[] };
      };
    }>(
      gateway,
      `query($id: ID!) { person(id: $id) { displayName traits trait(name: "city") { value source rule }
         traitHistory(name: "city") { value source }
         sourceRecords(first: 10) { edges { node { source payload } } } } }`,
      { id: later.id },
    );
    expect(data.person.traits).toEqual({ firstName: 'Ada', city: 'Paris' });
    expect(data.person.displayName).toBe('Ada');
    expect(data.person.trait).toEqual({ value: 'Paris', source: 'web', rule: 'MOST_RECENT' });
    expect(data.person.traitHistory).toEqual([
      { value: 'London', source: 'crm' },
      { value: 'Paris', source: 'web' },
    ]);
    expect(data.person.sourceRecords.edges.map((edge) => edge.node.source)).toEqual(['web', 'crm']);
    expect(data.person.sourceRecords.edges[1]?.node.payload).toMatchObject({ traits: { firstName: 'Ada', city: 'London' } });
  });

  it('pages source records with cursors', async () => {
    const userId = unique('pages');
    let personId = '';
    for (let i = 0; i < 5; i++) personId = (await identify(gateway, [{ type: 'USER_ID', value: userId }], { traits: { step: i } })).id;
    const seen: unknown[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const data: { person: { sourceRecords: { edges: { node: { payload: { traits: { step: number } } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } =
        await graphqlData(gateway, `query($id: ID!, $after: String) { person(id: $id) { sourceRecords(first: 2, after: $after) {
          edges { node { payload } } pageInfo { hasNextPage endCursor } } } }`, { id: personId, after });
      seen.push(...data.person.sourceRecords.edges.map((edge) => edge.node.payload.traits.step));
      if (!data.person.sourceRecords.pageInfo.hasNextPage) break;
      after = data.person.sourceRecords.pageInfo.endCursor;
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
  });

  it('finds a person by identifier, normalised as on input', async () => {
    const email = `${unique('lookup')}@example.com`;
    const person = await identify(gateway, [{ type: 'EMAIL', value: email }, { type: 'PHONE', value: '+31 20 123 4567' }]);
    for (const [type, value] of [['EMAIL', `  ${email.toUpperCase()}`], ['PHONE', '020-123 4567']] as const) {
      const data = await graphqlData<{ personByIdentifier: { id: string } | null }>(
        gateway,
        'query($type: IdentifierType!, $value: String!) { personByIdentifier(type: $type, value: $value) { id } }',
        { type, value },
      );
      expect(data.personByIdentifier).toEqual({ id: person.id });
    }
  });

  it('searches people by name prefix, e-mail and phone, with pages', async () => {
    const surname = `Zq${unique('n').replace(/[^a-z0-9]/gi, '')}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await identify(gateway, [{ type: 'EMAIL', value: `${surname.toLowerCase()}.${i}@example.org` }], {
        traits: { firstName: `Person${i}`, lastName: surname },
      })).id);
    }
    const search = async (query: string, first = 10, after: string | null = null) =>
      graphqlData<{ searchPeople: { edges: { node: { id: string }; cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        gateway,
        'query($q: String!, $first: Int, $after: String) { searchPeople(query: $q, first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
        { q: query, first, after },
      );
    expect(new Set((await search(surname.slice(0, 8))).searchPeople.edges.map((edge) => edge.node.id))).toEqual(new Set(ids));
    expect((await search(`${surname.toLowerCase()}.1@example.org`)).searchPeople.edges.map((edge) => edge.node.id)).toEqual([ids[1]]);
    const first = await search(surname, 2);
    expect(first.searchPeople.edges).toHaveLength(2);
    expect(first.searchPeople.pageInfo.hasNextPage).toBe(true);
    const second = await search(surname, 2, first.searchPeople.pageInfo.endCursor);
    expect(second.searchPeople.edges).toHaveLength(1);
    const all = [...first.searchPeople.edges, ...second.searchPeople.edges].map((edge) => edge.node.id);
    expect(new Set(all)).toEqual(new Set(ids));
  });

  it('records consent per purpose and keeps its history', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('consent') }]);
    const set = (granted: boolean, source: string) =>
      graphqlData(gateway, 'mutation($p: ID!, $g: Boolean!, $s: String!) { setConsent(personId: $p, purpose: "email_marketing", granted: $g, source: $s) { granted } }', {
        p: person.id,
        g: granted,
        s: source,
      });
    await set(true, 'signup-form');
    await set(false, 'unsubscribe-link');
    const data = await graphqlData<{ person: { consents: { purpose: string; granted: boolean; source: string }[]; consentHistory: { granted: boolean }[] } }>(
      gateway,
      'query($id: ID!) { person(id: $id) { consents { purpose granted source } consentHistory(purpose: "email_marketing") { granted } } }',
      { id: person.id },
    );
    expect(data.person.consents).toEqual([{ purpose: 'email_marketing', granted: false, source: 'unsubscribe-link' }]);
    expect(data.person.consentHistory).toEqual([{ granted: false }, { granted: true }]);
    const bad = await graphql(gateway, 'mutation($p: ID!) { setConsent(personId: $p, purpose: "Email Marketing", granted: true, source: "x") { granted } }', { p: person.id });
    expect(bad.errors?.[0]).toMatchObject({
      message: 'purpose expects a lower-case name like "email_marketing" (letters, digits, _ . : -), but got "Email Marketing".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
