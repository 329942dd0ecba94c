import { describe, expect, inject, it } from 'vitest';
import { graphql, graphqlData } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { addHouseholdMember, createHousehold, identify, recordInteraction } from './helpers/operations.js';

const gateway = inject('gatewayUrl');

interface View {
  person: {
    id: string;
    status: string;
    known: boolean;
    traits: Record<string, unknown>;
    identifiers: { type: string; value: string }[];
    household: { id: string } | null;
    interactions: { edges: { node: { id: string } }[] };
    sourceRecords: { edges: { node: { source: string } }[] };
  } | null;
}

const VIEW = `query($id: ID!) { person(id: $id) { id status known traits identifiers { type value } household { id }
  interactions(first: 50) { edges { node { id } } } sourceRecords(first: 50) { edges { node { source } } } } }`;

const view = (id: string): Promise<View> => graphqlData<View>(gateway, VIEW, { id });

/** An anonymous visitor with a browsing history and a household, and a known customer. */
async function visitorAndCustomer() {
  const anonymousId = unique('anon');
  const email = `${unique('known')}@example.com`;
  const visitor = await identify(gateway, [{ type: 'ANONYMOUS_ID', value: anonymousId }], { source: 'web', traits: { favouriteColour: 'green' } });
  const views = [
    await recordInteraction(gateway, { person: { identifier: { type: 'ANONYMOUS_ID', value: anonymousId } }, occurredAt: '2026-05-01T10:00:00Z' }),
    await recordInteraction(gateway, { person: { identifier: { type: 'ANONYMOUS_ID', value: anonymousId } }, occurredAt: '2026-05-01T10:05:00Z' }),
  ];
  const household = await createHousehold(gateway, 'Visitor household');
  await addHouseholdMember(gateway, household, visitor.id, 'HEAD');
  const customer = await identify(gateway, [{ type: 'EMAIL', value: email }], { source: 'crm', traits: { firstName: 'Kim' } });
  const purchase = await recordInteraction(gateway, { person: { id: customer.id }, type: 'purchase', occurredAt: '2026-05-02T09:00:00Z' });
  return { anonymousId, email, visitor, customer, views, purchase, household };
}

describe('merges, lineage and unmerge (through the gateway)', () => {
  it('keeps an anonymous visitor’s whole history when they identify as a known customer', async () => {
    const { anonymousId, email, visitor, customer, views, purchase, household } = await visitorAndCustomer();
    const result = await graphqlData<{ identify: { person: { id: string }; mergedIds: string[] } }>(
      gateway,
      'mutation($input: IdentifyInput!) { identify(input: $input) { person { id } mergedIds } }',
      { input: { identifiers: [{ type: 'ANONYMOUS_ID', value: anonymousId }, { type: 'EMAIL', value: email }], source: 'web' } },
    );
    // The customer (e-mail beats an anonymous id) survives, and the visitor's data moves to them.
    expect(result.identify).toEqual({ person: { id: customer.id }, mergedIds: [visitor.id] });
    const merged = await view(customer.id);
    expect(merged.person?.known).toBe(true);
    expect(merged.person?.traits).toEqual({ firstName: 'Kim', favouriteColour: 'green' });
    expect(merged.person?.household).toEqual({ id: household });
    expect(merged.person?.interactions.edges.map((edge) => edge.node.id)).toEqual([purchase, views[1], views[0]]);
    // The merged-away id still works and answers with the survivor.
    expect((await view(visitor.id)).person?.id).toBe(customer.id);

    const history = await graphqlData<{ person: { mergeHistory: { survivorId: string; mergedId: string; rule: string }[]; identityGraph: { edges: { kind: string; from: string; to: string; rule: string | null }[] } } }>(
      gateway,
      'query($id: ID!) { person(id: $id) { mergeHistory { survivorId mergedId rule } identityGraph { edges { kind from to rule } } } }',
      { id: customer.id },
    );
    expect(history.person.mergeHistory).toEqual([{ survivorId: customer.id, mergedId: visitor.id, rule: 'identify:shared-identifier' }]);
    expect(history.person.identityGraph.edges).toContainEqual({ kind: 'MERGED_INTO', from: visitor.id, to: customer.id, rule: 'identify:shared-identifier' });
    expect(history.person.identityGraph.edges.filter((edge) => edge.kind === 'IDENTIFIES')).toHaveLength(2);
  });

  it('unmerges: the merged person comes back with what came from it, the survivor keeps its own', async () => {
    const { visitor, customer, views, purchase, household, anonymousId } = await visitorAndCustomer();
    await graphqlData(gateway, 'mutation($s: ID!, $m: ID!) { mergePeople(survivorId: $s, mergedId: $m, reason: "same person per support call") { mergedId } }', {
      s: customer.id,
      m: visitor.id,
    });
    const undone = await graphqlData<{ unmergePerson: { person: { id: string; status: string }; survivor: { id: string } } }>(
      gateway,
      'mutation($m: ID!) { unmergePerson(mergedId: $m) { person { id status } survivor { id } } }',
      { m: visitor.id },
    );
    expect(undone.unmergePerson).toEqual({ person: { id: visitor.id, status: 'ACTIVE' }, survivor: { id: customer.id } });

    const restored = (await view(visitor.id)).person;
    expect(restored?.id).toBe(visitor.id);
    expect(restored?.identifiers).toEqual([{ type: 'ANONYMOUS_ID', value: anonymousId }]);
    expect(restored?.traits).toEqual({ favouriteColour: 'green' });
    expect(restored?.household).toEqual({ id: household });
    expect(restored?.interactions.edges.map((edge) => edge.node.id)).toEqual([views[1], views[0]]);
    // Its own identify; interactions that named it by a known identifier are their own record.
    expect(restored?.sourceRecords.edges.length).toBe(1);

    const kept = (await view(customer.id)).person;
    expect(kept?.traits).toEqual({ firstName: 'Kim' });
    expect(kept?.household).toBeNull();
    expect(kept?.interactions.edges.map((edge) => edge.node.id)).toEqual([purchase]);

    const history = await graphqlData<{ person: { mergeHistory: { mergedId: string; unmergedAt: string | null }[] } }>(
      gateway,
      'query($id: ID!) { person(id: $id) { mergeHistory { mergedId unmergedAt } } }',
      { id: customer.id },
    );
    expect(history.person.mergeHistory).toHaveLength(1);
    expect(history.person.mergeHistory[0]?.unmergedAt).not.toBeNull();
  });

  it('refuses a manual merge that breaks the CUSTOMER_ID limit, and an unmerge of someone never merged', async () => {
    const a = await identify(gateway, [{ type: 'CUSTOMER_ID', value: unique('ca') }]);
    const b = await identify(gateway, [{ type: 'CUSTOMER_ID', value: unique('cb') }]);
    const merge = await graphql(gateway, 'mutation($s: ID!, $m: ID!) { mergePeople(survivorId: $s, mergedId: $m, reason: "test") { mergedId } }', {
      s: a.id,
      m: b.id,
    });
    expect(merge.errors?.[0]?.extensions?.code).toBe('MERGE_BLOCKED');
    expect(merge.errors?.[0]?.message).toMatch(/^Merge refused: One person may hold at most 1 CUSTOMER_ID identifier, but this would give 2: /);
    const unmerge = await graphql(gateway, 'mutation($m: ID!) { unmergePerson(mergedId: $m) { person { id } } }', { m: a.id });
    expect(unmerge.errors?.[0]).toMatchObject({
      message: `Expected the id of a merged person, but "${a.id}" is not merged into anyone.`,
      extensions: { code: 'NOT_FOUND' },
    });
  });
});
