import { afterAll, describe, expect, inject, it } from 'vitest';
import { graphqlData } from './helpers/graphql.js';
import { testDatabase, unique } from './helpers/database.js';
import { addHouseholdMember, createHousehold, identify, recordInteraction } from './helpers/operations.js';

const gateway = inject('gatewayUrl');
const db = testDatabase();
afterAll(() => db.close());

/** Every place a value could hide: any property of any node or relationship, in the whole database. */
async function occurrences(secrets: readonly string[]): Promise<string[]> {
  const rows = await db.readRows({
    text: `CALL () {
             MATCH (n) UNWIND keys(n) AS key RETURN labels(n)[0] + '.' + key AS place, n[key] AS raw
             UNION ALL
             MATCH ()-[r]->() UNWIND keys(r) AS key RETURN type(r) + '.' + key AS place, r[key] AS raw
           }
           WITH place, CASE WHEN raw IS :: LIST<ANY> THEN reduce(text = '', item IN raw | text + ' ' + toString(item)) ELSE toString(raw) END AS value
           WITH place, toLower(value) AS value
           UNWIND $secrets AS secret
           WITH place, secret WHERE value CONTAINS secret
           RETURN DISTINCT place + ' contains ' + secret AS hit`,
    params: { secrets: secrets.map((secret) => secret.toLowerCase()) },
  });
  return rows.map((row) => String(row['hit']));
}

describe('erasePerson', () => {
  it('leaves nothing anywhere in the database that names the person, and a later identify starts afresh', async () => {
    const token = unique('erase').replace(/[^a-z0-9]/gi, '');
    const email = `${token}@example.com`;
    const anonymousId = `anon-${token}`;
    // Three source records: two identify calls and the merging one; the interactions name the person by id.
    const secrets = [email, anonymousId, `Surname${token}`, `Street ${token}`, `chat ${token}`, `order ${token}`];
    const person = await identify(gateway, [{ type: 'EMAIL', value: email }], {
      source: 'crm',
      traits: { firstName: 'Eve', lastName: `Surname${token}`, address: { street: `Street ${token}` } },
    });
    const visitor = await identify(gateway, [{ type: 'ANONYMOUS_ID', value: anonymousId }], { source: 'web' });
    await recordInteraction(gateway, { person: { id: visitor.id }, channel: 'CHAT', type: 'support_chat', content: `Hello, chat ${token}` });
    await identify(gateway, [{ type: 'EMAIL', value: email }, { type: 'ANONYMOUS_ID', value: anonymousId }], { source: 'web' });
    await recordInteraction(gateway, { person: { id: person.id }, type: 'purchase', properties: { note: `order ${token}` } });
    const household = await createHousehold(gateway, `Surname${token} family`);
    await addHouseholdMember(gateway, household, person.id, 'HEAD');
    await graphqlData(gateway, 'mutation($p: ID!) { setConsent(personId: $p, purpose: "analytics", granted: true, source: "cmp") { granted } }', { p: person.id });
    expect((await occurrences(secrets)).length).toBeGreaterThan(5);

    const receipt = await graphqlData<{ erasePerson: { personId: string; counts: Record<string, number> } }>(
      gateway,
      'mutation($id: ID!) { erasePerson(id: $id) { personId counts { people identifiers sourceRecords interactions relationships households } } }',
      { id: visitor.id },
    );
    expect(receipt.erasePerson).toEqual({
      personId: person.id,
      counts: { people: 2, identifiers: 2, sourceRecords: 3, interactions: 2, relationships: 2, households: 1 },
    });
    expect(await occurrences(secrets)).toEqual([]);

    const tombstone = await graphqlData<{ person: { id: string; status: string; traits: unknown; identifiers: unknown[] } }>(
      gateway,
      'query($id: ID!) { person(id: $id) { id status traits identifiers { value } } }',
      { id: person.id },
    );
    expect(tombstone.person).toEqual({ id: person.id, status: 'ERASED', traits: {}, identifiers: [] });

    const again = await identify(gateway, [{ type: 'EMAIL', value: email }]);
    expect(again.created).toBe(true);
    expect(again.id).not.toBe(person.id);
  });
});
