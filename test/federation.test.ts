import { describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { addEmployment, addHouseholdMember, createHousehold, createOrganization, identify, newPerson, recordInteraction } from './helpers/operations.js';

const gateway = inject('gatewayUrl');

describe('one request through the whole federation', () => {
  it('returns what mutations in three subgraphs wrote, in one federated query', async () => {
    const email = `${unique('ada')}@example.com`;
    const person = await identify(gateway, [{ type: 'EMAIL', value: email }], { traits: { firstName: 'Ada', lastName: 'Lovelace' } });
    expect(person.created).toBe(true);

    const householdId = await createHousehold(gateway, 'Lovelace household');
    await addHouseholdMember(gateway, householdId, person.id, 'HEAD');
    const older = await recordInteraction(gateway, { person: { id: person.id }, occurredAt: '2026-01-01T10:00:00Z' });
    const newer = await recordInteraction(gateway, { person: { id: person.id }, occurredAt: '2026-01-02T10:00:00Z' });

    const data = await graphqlData<{
      person: { id: string; household: { id: string } | null; interactions: { edges: { node: { id: string } }[] } };
    }>(
      gateway,
      `query($id: ID!) { person(id: $id) { id household { id } interactions(first: 5) { edges { node { id } } } } }`,
      { id: person.id },
    );
    expect(data.person).toEqual({
      id: person.id,
      household: { id: householdId },
      interactions: { edges: [{ node: { id: newer } }, { node: { id: older } }] },
    });
  });

  it('resolves entities across subgraphs in both directions', async () => {
    const email = `${unique('grace')}@Example.com`;
    const person = await identify(gateway, [{ type: 'EMAIL', value: `  ${email.toUpperCase()} ` }], {
      traits: { name: 'Grace Hopper', plan: 'pro' },
    });
    const householdId = await createHousehold(gateway, 'Hopper household');
    await addHouseholdMember(gateway, householdId, person.id, 'PARTNER');
    const interactionId = await recordInteraction(gateway, {
      person: { identifier: { type: 'EMAIL', value: email } },
      channel: 'CHAT',
      type: 'support_chat',
      content: 'Hello, I need help with my invoice.',
      properties: { agent: 'bot' },
    });

    const data = await graphqlData<{
      interaction: {
        channel: string;
        content: string;
        properties: unknown;
        person: { id: string; displayName: string; traits: unknown; identifiers: { type: string; value: string }[]; household: { members: { role: string; person: { displayName: string } }[] } };
      };
    }>(
      gateway,
      `query($id: ID!) { interaction(id: $id) { channel content properties person { id displayName traits identifiers { type value }
         household { members { role person { displayName } } } } } }`,
      { id: interactionId },
    );
    expect(data.interaction).toEqual({
      channel: 'CHAT',
      content: 'Hello, I need help with my invoice.',
      properties: { agent: 'bot' },
      person: {
        id: person.id,
        displayName: 'Grace Hopper',
        traits: { name: 'Grace Hopper', plan: 'pro' },
        identifiers: [{ type: 'EMAIL', value: email.toLowerCase() }],
        household: { members: [{ role: 'PARTNER', person: { displayName: 'Grace Hopper' } }] },
      },
    });
  });

  it('finds the same person for an id in every subgraph: a merged id gives the survivor everywhere, an unknown id null', async () => {
    // person(id) is served by all three subgraphs at once, so each must resolve the id alike.
    const survivorId = await newPerson(gateway, 'survivor', { name: 'Sur Vivor' });
    const mergedId = await newPerson(gateway, 'merged');
    const householdId = await createHousehold(gateway, 'Merged household');
    await addHouseholdMember(gateway, householdId, mergedId, 'HEAD');
    const organizationId = await createOrganization(gateway, { name: unique('Merged Org') });
    const employmentId = await addEmployment(gateway, mergedId, organizationId, 'Engineer');
    const interactionId = await recordInteraction(gateway, { person: { id: mergedId }, channel: 'EMAIL', type: 'email_opened' });
    await graphqlData(gateway, `mutation($s: ID!, $m: ID!) { mergePeople(survivorId: $s, mergedId: $m, reason: "same person") { survivor { id } } }`, {
      s: survivorId,
      m: mergedId,
    });

    const query = `query($id: ID!) { person(id: $id) { id displayName household { id } employments { id organization { id } }
      interactions(first: 5) { edges { node { id } } } engagement { interactionCount } } }`;
    const viaMerged = await graphqlData<{ person: unknown }>(gateway, query, { id: mergedId });
    expect(viaMerged.person).toEqual({
      id: survivorId,
      displayName: 'Sur Vivor',
      household: { id: householdId },
      employments: [{ id: employmentId, organization: { id: organizationId } }],
      interactions: { edges: [{ node: { id: interactionId } }] },
      engagement: { interactionCount: 1 },
    });
    expect((await graphqlData<{ person: unknown }>(gateway, query, { id: survivorId })).person).toEqual(viaMerged.person);
    // Asked of one subgraph alone, each field still follows the lineage.
    const alone = await graphqlData<{ person: unknown }>(gateway, `query($id: ID!) { person(id: $id) { id household { id } } }`, { id: mergedId });
    expect(alone.person).toEqual({ id: survivorId, household: { id: householdId } });
    expect((await graphqlData<{ person: unknown }>(gateway, query, { id: unique('nobody') })).person).toBeNull();
  });

  it('pages a timeline with Relay cursors, newest first, with no gaps or repeats', async () => {
    const person = await identify(gateway, [{ type: 'USER_ID', value: unique('pager') }]);
    const ids: string[] = [];
    for (let day = 1; day <= 7; day++) {
      ids.push(await recordInteraction(gateway, { person: { id: person.id }, occurredAt: `2026-03-0${day}T08:00:00Z` }));
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: { person: { interactions: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } =
        await graphqlData(
          gateway,
          `query($id: ID!, $after: String) { person(id: $id) { interactions(first: 3, after: $after) {
             edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
          { id: person.id, after },
        );
      pages++;
      seen.push(...page.person.interactions.edges.map((edge) => edge.node.id));
      if (!page.person.interactions.pageInfo.hasNextPage) break;
      after = page.person.interactions.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('keeps stable error codes when a subgraph refuses, through the gateway', async () => {
    const response = await graphql(
      gateway,
      `mutation($h: ID!, $p: ID!) { addHouseholdMember(householdId: $h, personId: $p) { id } }`,
      { h: 'no-such-household', p: 'no-such-person' },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(response.errors?.[0]?.message).toBe('Expected an existing household, but no household has id "no-such-household".');
  });

  it('answers health checks on the gateway and every subgraph', async () => {
    const subgraphs = inject('subgraphUrls');
    const gatewayHealth = await fetch(new URL('/health', gateway));
    expect(gatewayHealth.status).toBe(200);
    for (const url of Object.values(subgraphs)) {
      const response = await fetch(new URL('/health', url));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', neo4j: 'up' });
    }
  });
});
