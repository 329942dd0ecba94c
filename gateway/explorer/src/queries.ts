/**
 * Every operation the explorer sends, with the shape of its result. Field names are the public
 * schema's (schema/supergraph.graphql); each view asks only for what it draws, so each stays
 * well inside the gateway's depth, alias and cost limits.
 */

export type IdentifierType = 'EMAIL' | 'PHONE' | 'CUSTOMER_ID' | 'USER_ID' | 'ANONYMOUS_ID' | 'DEVICE_ID' | 'EXTERNAL';
export const IDENTIFIER_TYPES: readonly IdentifierType[] = ['EMAIL', 'PHONE', 'CUSTOMER_ID', 'USER_ID', 'EXTERNAL', 'DEVICE_ID', 'ANONYMOUS_ID'];

export type Channel = 'WEB' | 'MOBILE' | 'EMAIL' | 'CHAT' | 'PHONE' | 'SMS' | 'STORE' | 'SOCIAL';
export const CHANNELS: readonly Channel[] = ['WEB', 'MOBILE', 'EMAIL', 'CHAT', 'PHONE', 'SMS', 'STORE', 'SOCIAL'];

/* Search ------------------------------------------------------------------------------------ */

export interface PersonSummary {
  readonly id: string;
  readonly status: string;
  readonly known: boolean;
  readonly displayName: string | null;
  readonly identifiers: readonly { readonly type: IdentifierType; readonly value: string }[] | null;
}

const SUMMARY = 'id status known displayName identifiers { type value }';

export const SEARCH_PEOPLE = `query ExplorerSearch($query: String!, $first: Int!, $after: String) {
  searchPeople(query: $query, first: $first, after: $after) {
    edges { cursor score node { ${SUMMARY} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface SearchResult {
  readonly searchPeople: {
    readonly edges: readonly { readonly cursor: string; readonly score: number; readonly node: PersonSummary }[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
}

export const PERSON_BY_IDENTIFIER = `query ExplorerLookup($type: IdentifierType!, $value: String!) {
  personByIdentifier(type: $type, value: $value) { ${SUMMARY} }
}`;

/** The same lookup for every identifier type at once, each under its type as alias. */
export const PERSON_BY_ANY_IDENTIFIER = `query ExplorerLookupAll($value: String!) {
  ${IDENTIFIER_TYPES.map((type) => `${type}: personByIdentifier(type: ${type}, value: $value) { ${SUMMARY} }`).join('\n  ')}
}`;

export interface LookupResult {
  readonly personByIdentifier: PersonSummary | null;
}

/* Profile ----------------------------------------------------------------------------------- */

export interface Identifier {
  readonly type: IdentifierType;
  readonly value: string;
  readonly source: string;
  readonly firstSeenAt: string;
  readonly rule: string;
  readonly mergedFrom: string | null;
}

export interface Consent {
  readonly purpose: string;
  readonly granted: boolean;
  readonly source: string;
  readonly at: string;
}

export interface MergeEvent {
  readonly survivorId: string;
  readonly mergedId: string;
  readonly at: string;
  readonly rule: string;
  readonly reason: string;
  readonly unmergedAt: string | null;
}

export interface IdentityGraph {
  readonly nodes: readonly { readonly id: string; readonly kind: 'PERSON' | 'IDENTIFIER' | 'SOURCE_RECORD'; readonly label: string }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly kind: 'IDENTIFIES' | 'DESCRIBES' | 'MERGED_INTO'; readonly rule: string | null; readonly at: string | null }[];
}

export interface Employment {
  readonly id: string;
  readonly title: string | null;
  readonly since: string;
  readonly current: boolean;
  readonly organization: { readonly id: string; readonly name: string; readonly domain: string | null };
}

export interface Profile {
  readonly id: string;
  readonly status: 'ACTIVE' | 'MERGED' | 'ERASED';
  readonly known: boolean;
  readonly displayName: string | null;
  readonly traits: Readonly<Record<string, unknown>> | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly identifiers: readonly Identifier[] | null;
  readonly consents: readonly Consent[];
  readonly mergeHistory: readonly MergeEvent[];
  readonly identityGraph: IdentityGraph | null;
  readonly household: { readonly id: string; readonly name: string; readonly members: readonly { readonly role: string; readonly person: { readonly id: string; readonly displayName: string | null } }[] } | null;
  readonly employments: readonly Employment[];
  readonly engagement: { readonly score: number; readonly lifecycleStage: string; readonly interactionCount: number; readonly lastInteractionAt: string | null } | null;
}

/** The profile and, read together with it, the change cursor to subscribe from (nothing in between is missed). */
export const PROFILE = `query ExplorerProfile($id: ID!) {
  changeCursor
  person(id: $id) {
    id status known displayName traits createdAt updatedAt
    identifiers { type value source firstSeenAt rule mergedFrom }
    consents { purpose granted source at }
    mergeHistory { survivorId mergedId at rule reason unmergedAt }
    identityGraph { nodes { id kind label } edges { from to kind rule at } }
    household { id name members { role person { id displayName } } }
    employments { id title since current organization { id name domain } }
    engagement { score lifecycleStage interactionCount lastInteractionAt }
  }
}`;

export interface ProfileResult {
  readonly changeCursor: string | null;
  readonly person: Profile | null;
}

export interface TraitValue {
  readonly name: string;
  readonly value: unknown;
  readonly source: string;
  readonly observedAt: string;
  readonly rule: string | null;
}

/** `trait(name)` for each trait, as aliases t0, t1, …; the caller keeps under the alias limit. */
export function traitSourcesQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, index) => `$n${index}: String!`).join(', ');
  const fields = Array.from({ length: count }, (_, index) => `t${index}: trait(name: $n${index}) { name value source observedAt rule }`).join('\n    ');
  return `query ExplorerTraitSources($id: ID!, ${variables}) {\n  person(id: $id) {\n    ${fields}\n  }\n}`;
}

export type TraitSourcesResult = { readonly person: Readonly<Record<string, TraitValue | null>> | null };

/* Network ----------------------------------------------------------------------------------- */

export type NetworkNodeKind = 'PERSON' | 'HOUSEHOLD' | 'ORGANIZATION';

export interface NetworkNode {
  readonly id: string;
  readonly kind: NetworkNodeKind;
  readonly label: string | null;
  readonly depth: number;
}

export interface NetworkEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'RELATED_TO' | 'MEMBER_OF' | 'WORKS_FOR';
  readonly relationshipType: string | null;
  readonly role: string | null;
  readonly title: string | null;
}

export const NETWORK = `query ExplorerNetwork($id: ID!, $depth: Int!, $limit: Int!) {
  person(id: $id) {
    id
    network(depth: $depth, limit: $limit) {
      truncated
      nodes { id kind label depth }
      edges { from to kind relationshipType role title }
    }
  }
}`;

export interface NetworkResult {
  readonly person: { readonly id: string; readonly network: { readonly truncated: boolean; readonly nodes: readonly NetworkNode[]; readonly edges: readonly NetworkEdge[] } } | null;
}

export const HOUSEHOLD_MEMBERS = `query ExplorerHousehold($id: ID!) {
  household(id: $id) { id name members { role person { id displayName } } }
}`;

export interface HouseholdResult {
  readonly household: NonNullable<Profile['household']> | null;
}

export const ORGANIZATION_NEIGHBOURS = `query ExplorerOrganization($id: ID!) {
  organization(id: $id) {
    id name
    parent { id name }
    children(limit: 50) { id name }
    contacts(limit: 50) { title person { id displayName } }
  }
}`;

export interface OrganizationResult {
  readonly organization: {
    readonly id: string;
    readonly name: string;
    readonly parent: { readonly id: string; readonly name: string } | null;
    readonly children: readonly { readonly id: string; readonly name: string }[];
    readonly contacts: readonly { readonly title: string | null; readonly person: { readonly id: string; readonly displayName: string | null } }[];
  } | null;
}

/* Account hierarchy ------------------------------------------------------------------------- */

export interface Hierarchy {
  readonly truncated: boolean;
  readonly root: { readonly id: string; readonly name: string };
  readonly nodes: readonly {
    readonly parentId: string | null;
    readonly depth: number;
    readonly childCount: number;
    readonly contactCount: number;
    readonly totalContactCount: number;
    readonly organization: { readonly id: string; readonly name: string; readonly domain: string | null; readonly country: string | null; readonly industry: string | null };
  }[];
}

const HIERARCHY_FIELDS = `hierarchy(maxDepth: 10, limit: 500) {
      truncated
      root { id name }
      nodes { parentId depth childCount contactCount totalContactCount organization { id name domain country industry } }
    }`;

export const ORGANIZATION_HIERARCHY = `query ExplorerHierarchy($id: ID!) {
  organization(id: $id) { id name ${HIERARCHY_FIELDS} }
}`;

export interface HierarchyResult {
  readonly organization: { readonly id: string; readonly name: string; readonly hierarchy: Hierarchy } | null;
}

/* Timeline ---------------------------------------------------------------------------------- */

export interface Interaction {
  readonly id: string;
  readonly channel: Channel;
  readonly type: string;
  readonly occurredAt: string;
  readonly content: string | null;
  readonly properties: Readonly<Record<string, unknown>> | null;
  readonly context: {
    readonly sentiment: number;
    readonly sentimentLabel: 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';
    readonly intents: readonly string[];
    readonly topics: readonly string[];
    readonly language: string | null;
  } | null;
}

export const TIMELINE = `query ExplorerTimeline($id: ID!, $first: Int!, $after: String, $channels: [Channel!]) {
  person(id: $id) {
    id
    interactions(first: $first, after: $after, channels: $channels) {
      edges { cursor node { id channel type occurredAt content properties context { sentiment sentimentLabel intents topics language } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export interface TimelineResult {
  readonly person: {
    readonly id: string;
    readonly interactions: {
      readonly edges: readonly { readonly cursor: string; readonly node: Interaction }[];
      readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
    };
  } | null;
}

/* Live -------------------------------------------------------------------------------------- */

export type ChangeKind =
  | 'CREATED'
  | 'IDENTIFIED'
  | 'TRAITS_CHANGED'
  | 'MERGED'
  | 'MERGED_AWAY'
  | 'UNMERGED'
  | 'CONSENT_CHANGED'
  | 'ERASED'
  | 'HOUSEHOLD_CHANGED'
  | 'RELATIONSHIP_CHANGED'
  | 'EMPLOYMENT_CHANGED'
  | 'INTERACTION_RECORDED'
  | 'ENGAGEMENT_CHANGED';

export interface ProfileChange {
  readonly cursor: string;
  readonly kind: ChangeKind;
  readonly personId: string;
  readonly changedFields: readonly string[];
  readonly at: string;
  readonly survivorId: string | null;
}

export const PROFILE_CHANGED = `subscription ExplorerLive($id: ID!, $since: String) {
  profileChanged(id: $id, since: $since) { cursor kind personId changedFields at survivorId }
}`;

export interface ProfileChangedResult {
  readonly profileChanged: ProfileChange;
}
