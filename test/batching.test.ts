import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSubgraph, type RunningSubgraph } from '@cdp/shared';
import { relationshipSubgraph } from '../subgraphs/relationship/src/definition.js';
import { interactionSubgraph } from '../subgraphs/interaction/src/definition.js';
import { profileSubgraph } from '../subgraphs/profile/src/definition.js';
import { gatewayHeaders } from './helpers/auth.js';
import { graphqlData } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { addHouseholdMember, createHousehold, identify, recordInteraction } from './helpers/operations.js';

/**
 * The gateway fetches entities in batches (`_entities` with many representations). Each subgraph
 * must answer a batch with one statement per kind of data, not one per entity (no N+1); children
 * a request asks for are read along (households with their members, jobs with their organizations).
 * Subgraphs run in-process here so the test can read their statement counters.
 */
const gateway = inject('gatewayUrl');
const neo4j = inject('neo4j');
const env = { INTERNAL_SIGNING_SECRET: inject('auth').signingSecret, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, PROFILE_PORT: '0', RELATIONSHIP_PORT: '0', INTERACTION_PORT: '0', LOG_LEVEL: 'silent' };
const running: RunningSubgraph[] = [];
const people: string[] = [];

beforeAll(async () => {
  for (let i = 0; i < 6; i++) {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique(`batch${i}`) }], { traits: { name: `Batch ${i}` } });
    people.push(person.id);
    const household = await createHousehold(gateway, `Household ${i}`);
    await addHouseholdMember(gateway, household, person.id, 'HEAD');
    await recordInteraction(gateway, { person: { id: person.id } });
    await recordInteraction(gateway, { person: { id: person.id } });
  }
});

afterAll(async () => {
  await Promise.all(running.map((subgraph) => subgraph.close()));
});

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ...on Person { id ...Fields } } }`;

describe.each([
  { name: 'profile', start: () => startSubgraph(profileSubgraph, env), fields: 'displayName identifiers { value }', statements: 2 },
  { name: 'relationship', start: () => startSubgraph(relationshipSubgraph, env), fields: 'household { name members { role } } employments { organization { name } }', statements: 2 },
  { name: 'interaction', start: () => startSubgraph(interactionSubgraph, env), fields: 'interactions(first: 5) { edges { node { id type } } }', statements: 1 },
])('$name subgraph', ({ start, fields, statements }) => {
  it(`answers a batch of six people with ${statements} statement(s)`, async () => {
    const subgraph = await start();
    running.push(subgraph);
    const query = `${ENTITIES} fragment Fields on Person { ${fields} }`;
    const before = subgraph.db.statementCount;
    const data = await graphqlData<{ _entities: { id: string }[] }>(subgraph.url, query, {
      representations: people.map((id) => ({ __typename: 'Person', id })),
    }, gatewayHeaders());
    expect(data._entities.map((entity) => entity.id)).toEqual(people);
    expect(subgraph.db.statementCount - before).toBe(statements);
  });
});

describe('interaction subgraph writes', () => {
  it('records a batch for six known people in two statements: lookups that lock them, and the insert that appends the change log', async () => {
    const subgraph = await startSubgraph(interactionSubgraph, env);
    running.push(subgraph);
    const before = subgraph.db.statementCount;
    const data = await graphqlData<{ recordInteractions: { id: string }[] }>(
      subgraph.url,
      `mutation($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { id } }`,
      { inputs: people.map((id) => ({ person: { id }, channel: 'WEB', type: 'page_view' })) },
      gatewayHeaders(),
    );
    expect(data.recordInteractions).toHaveLength(people.length);
    expect(subgraph.db.statementCount - before).toBe(2);
    const rows = await subgraph.db.readRows({
      text: 'UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, COUNT { (p)-[:HAD]->() } AS had, p.engagementCount AS counted',
      params: { ids: people },
    });
    expect(rows).toEqual(people.map((id) => ({ id, had: 3, counted: 3 })));
  });
});
