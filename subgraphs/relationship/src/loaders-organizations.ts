import type DataLoader from 'dataloader';
import neo4j from 'neo4j-driver';
import { keyedLoader, listsBy, perArguments, type Database, type Row } from '@cdp/shared';
import * as cypher from './cypher-organizations.js';

export interface OrganizationRow {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly industry: string | null;
  readonly country: string | null;
  readonly createdAt: string;
}

export interface EmploymentRow {
  readonly id: string;
  readonly personId: string;
  readonly organizationId: string;
  readonly title: string | null;
  readonly since: string;
  readonly until: string | null;
}

export interface RollupRow {
  readonly contacts: number;
  readonly totalContacts: number;
  readonly descendants: number;
  readonly depth: number;
}

export interface TreeNodeRow {
  readonly organization: OrganizationRow;
  readonly parentId: string | null;
  readonly depth: number;
  readonly childCount: number;
  readonly contactCount: number;
}

export interface HierarchyRow {
  readonly rootId: string;
  readonly truncated: boolean;
  readonly nodes: TreeNodeRow[];
}

type Organizations = DataLoader<string, OrganizationRow | null>;

/** Lists of organizations by organization id; every row found also primes the by-id loader. */
function listLoader(db: Database, organizations: Organizations, text: string, params: Record<string, unknown> = {}) {
  return keyedLoader<string, OrganizationRow[]>(async (ids) => {
    const rows = await db.readRows({ text, params: { ...params, ids } });
    for (const row of rows) {
      const organization = row['organization'] as OrganizationRow;
      organizations.prime(organization.id, organization);
    }
    return listsBy<OrganizationRow>(rows, 'id', 'organization');
  }, []);
}

/** A person's jobs read with their organizations (and maybe ancestors): those loaders need not ask again. */
function employmentsPriming(rows: readonly Row[], organizations: Organizations, ancestors?: DataLoader<string, OrganizationRow[]>): Map<string, EmploymentRow[]> {
  for (const row of rows) {
    const organization = row['organization'] as OrganizationRow;
    organizations.prime(organization.id, organization);
    const above = row['ancestors'] as OrganizationRow[] | undefined;
    if (ancestors === undefined || above === undefined) continue;
    ancestors.prime(organization.id, above);
    for (const ancestor of above) organizations.prime(ancestor.id, ancestor);
  }
  return listsBy<EmploymentRow>(rows, 'id', 'employment');
}

export function createOrganizationLoaders(db: Database) {
  const organization: Organizations = keyedLoader<string, OrganizationRow | null>(async (ids) => {
    const rows = await db.readRows({ text: cypher.ORGANIZATIONS_BY_IDS, params: { ids } });
    return new Map(rows.map((row) => [String(row['id']), row['organization'] as OrganizationRow]));
  }, null);
  const ancestors = listLoader(db, organization, cypher.ANCESTORS_BY_ORG_IDS);
  const employmentsOfPerson = keyedLoader<string, EmploymentRow[]>(async (ids) => {
    const rows = await db.readRows({ text: cypher.EMPLOYMENTS_BY_PERSON_IDS, params: { ids } });
    return employmentsPriming(rows, organization);
  }, []);
  const employmentsWithAncestorsOfPerson = keyedLoader<string, EmploymentRow[]>(async (ids) => {
    const rows = await db.readRows({ text: cypher.EMPLOYMENTS_WITH_ANCESTORS_BY_PERSON_IDS, params: { ids } });
    return employmentsPriming(rows, organization, ancestors);
  }, []);
  return {
    organization,
    employmentsOfPerson,
    employmentsWithAncestorsOfPerson,
    /** Jobs read along with a person (JOBS_WITH_ANCESTORS_OF_PERSON): primes every loader they answer. */
    primeJobs(personId: string, jobs: readonly Row[]): void {
      const found = employmentsPriming(jobs.map((job) => ({ ...job, id: personId })), organization, ancestors).get(personId) ?? [];
      employmentsOfPerson.prime(personId, found);
      employmentsWithAncestorsOfPerson.prime(personId, found);
    },
    parent: keyedLoader<string, OrganizationRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.PARENTS_BY_ORG_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['id']), row['organization'] as OrganizationRow]));
    }, null),
    ancestors,
    children: perArguments(
      (limit: number) => String(limit),
      (limit) => listLoader(db, organization, cypher.CHILDREN_BY_ORG_IDS, { limit: neo4j.int(limit) }),
    ),
    descendants: perArguments(
      (args: { maxDepth: number; limit: number }) => `${args.maxDepth}:${args.limit}`,
      (args) =>
        keyedLoader<string, OrganizationRow[]>(async (ids) => {
          const rows = await db.readRows({
            text: cypher.DESCENDANTS_BY_ORG_IDS,
            params: { ids, maxDepth: neo4j.int(args.maxDepth), limit: neo4j.int(args.limit) },
          });
          return new Map(rows.map((row) => [String(row['id']), row['organizations'] as OrganizationRow[]]));
        }, []),
    ),
    hierarchy: perArguments(
      (args: { maxDepth: number; limit: number }) => `${args.maxDepth}:${args.limit}`,
      (args) =>
        keyedLoader<string, HierarchyRow | null>(async (ids) => {
          const rows = await db.readRows({
            text: cypher.HIERARCHY_BY_ORG_IDS,
            params: { ids, maxDepth: neo4j.int(args.maxDepth), limit: neo4j.int(args.limit) },
          });
          return new Map(
            rows.map((row) => [
              String(row['id']),
              { rootId: String(row['rootId']), truncated: row['truncated'] === true, nodes: row['nodes'] as TreeNodeRow[] },
            ]),
          );
        }, null),
    ),
    rollup: keyedLoader<string, RollupRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.ROLLUPS_BY_ORG_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['id']), row['rollup'] as RollupRow]));
    }, null),
    contacts: perArguments(
      (args: { includeDescendants: boolean; includeFormer: boolean; limit: number }) =>
        `${args.includeDescendants}:${args.includeFormer}:${args.limit}`,
      (args) =>
        keyedLoader<string, EmploymentRow[]>(async (ids) => {
          const rows = await db.readRows({
            text: args.includeDescendants ? cypher.CONTACTS_IN_SUBTREES_BY_ORG_IDS : cypher.CONTACTS_BY_ORG_IDS,
            params: { ids, includeFormer: args.includeFormer, limit: neo4j.int(args.limit) },
          });
          return listsBy<EmploymentRow>(rows, 'id', 'employment');
        }, []),
    ),
    employment: keyedLoader<string, EmploymentRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.EMPLOYMENTS_BY_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['id']), row['employment'] as EmploymentRow]));
    }, null),
  };
}

export type OrganizationLoaders = ReturnType<typeof createOrganizationLoaders>;
