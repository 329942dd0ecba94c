import { describe, expect, inject, it } from 'vitest';
import { graphqlData } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { addEmployment, addHouseholdMember, createHousehold, createOrganization, identify, relatePeople } from './helpers/operations.js';

/**
 * One query through the gateway: the profile subgraph's person (display name, traits) joined with
 * the relationship subgraph's household, employer ancestry, relationships and network.
 */
const gateway = inject('gatewayUrl');

describe('relationships through the gateway', () => {
  it('combines a profile with its household, its employer up to the root, and its relatives', async () => {
    const ada = await identify(gateway, [{ type: 'EMAIL', value: `${unique('ada')}@example.com` }], {
      traits: { firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace' },
    });
    const byron = await identify(gateway, [{ type: 'EMAIL', value: `${unique('byron')}@example.com` }], { traits: { name: 'Lord Byron' } });
    const household = await createHousehold(gateway, 'Lovelace household');
    await addHouseholdMember(gateway, household, ada.id, 'HEAD');
    const group = await createOrganization(gateway, { name: 'Analytical Group' });
    const engines = await createOrganization(gateway, { name: 'Analytical Engines', parentId: group });
    const works = await createOrganization(gateway, { name: 'Engine Works', parentId: engines });
    await addEmployment(gateway, ada.id, works, 'Programmer');
    await relatePeople(gateway, byron.id, ada.id, 'PARENT');

    const data = await graphqlData<Record<string, unknown>>(
      gateway,
      `query($id: ID!) { person(id: $id) {
         displayName traits
         household { name members { role person { displayName } } }
         employments { title current organization { name ancestors { name } root { name } rollup { depth } } }
         relationships { type to { displayName traits } }
         network(depth: 2) { nodes { kind label person { displayName } organization { name } household { name } } }
       } }`,
      { id: ada.id },
    );
    expect(data).toEqual({
      person: {
        displayName: 'Ada Lovelace',
        traits: { firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace' },
        household: { name: 'Lovelace household', members: [{ role: 'HEAD', person: { displayName: 'Ada Lovelace' } }] },
        employments: [
          {
            title: 'Programmer',
            current: true,
            organization: {
              name: 'Engine Works',
              ancestors: [{ name: 'Analytical Engines' }, { name: 'Analytical Group' }],
              root: { name: 'Analytical Group' },
              rollup: { depth: 2 },
            },
          },
        ],
        relationships: [{ type: 'CHILD', to: { displayName: 'Lord Byron', traits: { name: 'Lord Byron' } } }],
        network: {
          nodes: expect.arrayContaining([
            { kind: 'PERSON', label: 'Ada Lovelace', person: { displayName: 'Ada Lovelace' }, organization: null, household: null },
            { kind: 'PERSON', label: 'Lord Byron', person: { displayName: 'Lord Byron' }, organization: null, household: null },
            { kind: 'HOUSEHOLD', label: 'Lovelace household', person: null, organization: null, household: { name: 'Lovelace household' } },
            { kind: 'ORGANIZATION', label: 'Engine Works', person: null, organization: { name: 'Engine Works' }, household: null },
          ]) as unknown,
        },
      },
    });
  });
});
