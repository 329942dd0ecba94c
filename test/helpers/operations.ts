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

/* Relationship subgraph set-up: organizations, employment, person-to-person relationships. */

export async function createOrganization(
  url: string,
  input: { name: string; domain?: string | null; parentId?: string | null; industry?: string | null; country?: string | null },
): Promise<string> {
  const data = await graphqlData<{ createOrganization: { id: string } }>(
    url,
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
    { input },
  );
  return data.createOrganization.id;
}

export async function setParentOrganization(url: string, id: string, parentId: string | null): Promise<void> {
  await graphqlData(url, `mutation($id: ID!, $parentId: ID) { setParentOrganization(id: $id, parentId: $parentId) { id } }`, {
    id,
    parentId,
  });
}

export async function addEmployment(url: string, personId: string, organizationId: string, title: string | null = null): Promise<string> {
  const data = await graphqlData<{ addEmployment: { id: string } }>(
    url,
    `mutation($p: ID!, $o: ID!, $title: String) { addEmployment(personId: $p, organizationId: $o, title: $title) { id } }`,
    { p: personId, o: organizationId, title },
  );
  return data.addEmployment.id;
}

export async function relatePeople(url: string, fromId: string, toId: string, type: string): Promise<void> {
  await graphqlData(url, `mutation($from: ID!, $to: ID!, $type: RelationshipType!) { relatePeople(fromId: $from, toId: $to, type: $type) { type } }`, {
    from: fromId,
    to: toId,
    type,
  });
}

/** A person known only by a fresh USER_ID, with optional traits: the usual set-up for relationship tests. */
export async function newPerson(url: string, prefix: string, traits?: Record<string, unknown>): Promise<string> {
  const value = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return (await identify(url, [{ type: 'USER_ID', value }], traits ? { traits } : {})).id;
}

/** "Now" as a change cursor: subscribing with `since` = a cursor read first misses nothing, however slow the set-up. */
export async function changeCursor(url: string): Promise<string> {
  return (await graphqlData<{ changeCursor: string }>(url, '{ changeCursor }')).changeCursor;
}

export async function mergePeople(url: string, survivorId: string, mergedId: string): Promise<void> {
  await graphqlData(url, 'mutation($s: ID!, $m: ID!) { mergePeople(survivorId: $s, mergedId: $m, reason: "same device") { mergedId } }', { s: survivorId, m: mergedId });
}

export async function unmergePerson(url: string, mergedId: string): Promise<void> {
  await graphqlData(url, 'mutation($m: ID!) { unmergePerson(mergedId: $m) { person { id } } }', { m: mergedId });
}

export async function setConsent(url: string, personId: string, purpose: string, granted = true): Promise<void> {
  await graphqlData(url, 'mutation($p: ID!, $u: String!, $g: Boolean!) { setConsent(personId: $p, purpose: $u, granted: $g, source: "test") { granted } }', {
    p: personId,
    u: purpose,
    g: granted,
  });
}
