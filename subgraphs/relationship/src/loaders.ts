import neo4j from 'neo4j-driver';
import { SURVIVORS_BY_REQUESTED_IDS, keyedLoader, listsBy, personRootLoader, type Database, type Row } from '@cdp/shared';
import * as cypher from './cypher.js';
import * as rootCypher from './cypher-person-root.js';
import * as peopleCypher from './cypher-people.js';
import { createOrganizationLoaders } from './loaders-organizations.js';

export type { EmploymentRow, HierarchyRow, OrganizationRow, RollupRow, TreeNodeRow } from './loaders-organizations.js';

export interface HouseholdRow {
  readonly id: string;
  readonly name: string;
  /** JSON text as stored. */
  readonly address: string | null;
  readonly createdAt: string;
}

export interface MemberRow {
  readonly personId: string;
  /** Provided to the gateway with the member (`@provides`), so it need not ask profile. */
  readonly displayName: string | null;
  readonly role: string;
  readonly since: string;
}

export interface MembershipRow {
  readonly householdId: string;
  readonly role: string;
  readonly since: string;
  readonly until: string | null;
}

/** A stored RELATED_TO edge as found from one person: the caller turns it to that person's view. */
export interface StoredRelationshipRow {
  readonly otherId: string;
  readonly type: string;
  /** True when the person is the edge's start node. */
  readonly outgoing: boolean;
  readonly since: string;
}

/** Most relationships read per person; a person with more is an outlier (a data error or a bot). */
export const MAX_RELATIONSHIPS_PER_PERSON = 1000;

export function createRelationshipLoaders(db: Database) {
  const household = keyedLoader<string, HouseholdRow | null>(async (ids) => {
    const rows = await db.readRows({ text: cypher.HOUSEHOLDS_BY_IDS, params: { ids } });
    return new Map(rows.map((row) => [String(row['id']), row['household'] as HouseholdRow]));
  }, null);
  const members = keyedLoader<string, MemberRow[]>(async (ids) => {
    const rows = await db.readRows({ text: cypher.MEMBERS_BY_HOUSEHOLD_IDS, params: { ids } });
    return listsBy<MemberRow>(rows, 'id', 'member');
  }, []);
  /** Households by person, priming the by-id loaders with what the statement read along. */
  const ofPerson = (text: string) =>
    keyedLoader<string, HouseholdRow | null>(async (ids) => {
      const rows = await db.readRows({ text, params: { ids } });
      return new Map(
        rows.map((row) => {
          const found = row['household'] as HouseholdRow;
          household.prime(found.id, found);
          if (Array.isArray(row['members'])) members.prime(found.id, row['members'] as MemberRow[]);
          return [String(row['id']), found];
        }),
      );
    }, null);
  const organizations = createOrganizationLoaders(db);
  const householdOfPerson = ofPerson(cypher.HOUSEHOLDS_BY_PERSON_IDS);
  const householdWithMembersOfPerson = ofPerson(cypher.HOUSEHOLDS_WITH_MEMBERS_BY_PERSON_IDS);
  /** `Query.person` with the household and jobs read along (PEOPLE_WITH_HOUSEHOLD_AND_JOBS_BY_REQUESTED_IDS). */
  const personWithHouseholdAndJobs = personRootLoader(db, rootCypher.PEOPLE_WITH_HOUSEHOLD_AND_JOBS_BY_REQUESTED_IDS, (row, personId) => {
    const [found] = row['households'] as { household: HouseholdRow; members: MemberRow[] }[];
    if (found) {
      household.prime(found.household.id, found.household);
      members.prime(found.household.id, found.members);
    }
    householdOfPerson.prime(personId, found?.household ?? null);
    householdWithMembersOfPerson.prime(personId, found?.household ?? null);
    organizations.primeJobs(personId, row['jobs'] as Row[]);
  });
  return {
    person: personRootLoader(db, SURVIVORS_BY_REQUESTED_IDS),
    personWithHouseholdAndJobs,
    household,
    members,
    householdOfPerson,
    householdWithMembersOfPerson,
    memberships: keyedLoader<string, MembershipRow[]>(async (ids) => {
      const rows = await db.readRows({ text: cypher.MEMBERSHIPS_BY_PERSON_IDS, params: { ids } });
      return listsBy<MembershipRow>(rows, 'id', 'membership');
    }, []),
    relationships: keyedLoader<string, StoredRelationshipRow[]>(async (ids) => {
      const rows = await db.readRows({
        text: peopleCypher.RELATIONSHIPS_BY_PERSON_IDS,
        params: { ids, limit: neo4j.int(MAX_RELATIONSHIPS_PER_PERSON) },
      });
      return listsBy<StoredRelationshipRow>(rows, 'id', 'relationship');
    }, []),
    ...organizations,
  };
}

export type RelationshipLoaders = ReturnType<typeof createRelationshipLoaders>;
