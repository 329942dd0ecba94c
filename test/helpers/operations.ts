import { graphqlData } from './graphql.js';

/** The mutations most suites need as set-up, written once. They work on a gateway or a subgraph URL. */

export interface IdentifiedPerson {
  readonly id: string;
  readonly created: boolean;
}

export async function identify(
  url: string,
  identifiers: readonly { type: string; value: string }[],
  options: { traits?: Record<string, unknown>; source?: string; messageId?: string } = {},
): Promise<IdentifiedPerson> {
  const data = await graphqlData<{ identify: { created: boolean; person: { id: string } } }>(
    url,
    `mutation Identify($input: IdentifyInput!) { identify(input: $input) { created person { id } } }`,
    { input: { identifiers, traits: options.traits ?? null, source: options.source ?? 'test', messageId: options.messageId ?? null } },
  );
  return { id: data.identify.person.id, created: data.identify.created };
}

export async function createHousehold(url: string, name: string): Promise<string> {
  const data = await graphqlData<{ createHousehold: { id: string } }>(
    url,
    `mutation($name: String!) { createHousehold(input: { name: $name }) { id } }`,
    { name },
  );
  return data.createHousehold.id;
}

export async function addHouseholdMember(url: string, householdId: string, personId: string, role = 'OTHER'): Promise<void> {
  await graphqlData(
    url,
    `mutation($h: ID!, $p: ID!, $role: HouseholdRole) { addHouseholdMember(householdId: $h, personId: $p, role: $role) { id } }`,
    { h: householdId, p: personId, role },
  );
}

export async function recordInteraction(
  url: string,
  input: { person: { id?: string; identifier?: { type: string; value: string } }; channel?: string; type?: string; occurredAt?: string; messageId?: string; properties?: Record<string, unknown>; content?: string },
): Promise<string> {
  const data = await graphqlData<{ recordInteraction: { id: string } }>(
    url,
    `mutation($input: InteractionInput!) { recordInteraction(input: $input) { id } }`,
    { input: { channel: 'WEB', type: 'page_view', ...input } },
  );
  return data.recordInteraction.id;
}
