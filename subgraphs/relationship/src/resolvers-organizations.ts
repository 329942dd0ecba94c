import { selects, type SelectionInfo } from '@cdp/shared';
import { addEmployment, endEmployment, type AddEmploymentInput } from './employments.js';
import { depthFirst, leavesOutChildren } from './hierarchy.js';
import { boundedInt, depthArg } from './limits.js';
import { personRef, present, type Context } from './context.js';
import type { EmploymentRow, HierarchyRow, OrganizationRow, TreeNodeRow } from './loaders.js';
import {
  createOrganization,
  normalizeDomain,
  setParentOrganization,
  updateOrganization,
  type CreateOrganizationInput,
  type UpdateOrganizationInput,
} from './organizations.js';
import * as cypher from './cypher-organizations.js';

const MAX_CHILDREN = 1000;
const MAX_DESCENDANTS = 10_000;
const MAX_CONTACTS = 1000;

async function loadOrganization(ctx: Context, id: string): Promise<OrganizationRow> {
  return present(await ctx.loaders.organization.load(id), 'organization', id);
}

async function loadEmployment(ctx: Context, id: string): Promise<EmploymentRow> {
  return present(await ctx.loaders.employment.load(id), 'employment', id);
}

interface HierarchyResult extends HierarchyRow {
  readonly organizationId: string;
}

export const organizationResolvers = {
  Query: {
    organization: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.organization.load(args.id),
    organizationByDomain: async (_: unknown, args: { domain: string }, ctx: Context) => {
      const [row] = await ctx.db.readRows({ text: cypher.ORGANIZATION_BY_DOMAIN, params: { domain: normalizeDomain(args.domain) } });
      return row ? (row['organization'] as OrganizationRow) : null;
    },
  },
  Mutation: {
    createOrganization: async (_: unknown, args: { input: CreateOrganizationInput }, ctx: Context) =>
      loadOrganization(ctx, await createOrganization(ctx.db, args.input)),
    updateOrganization: async (_: unknown, args: { id: string; input: UpdateOrganizationInput }, ctx: Context) =>
      loadOrganization(ctx, await updateOrganization(ctx.db, args.id, args.input)),
    setParentOrganization: async (_: unknown, args: { id: string; parentId?: string | null }, ctx: Context) =>
      loadOrganization(ctx, await setParentOrganization(ctx.db, args.id, args.parentId ?? null)),
    addEmployment: async (_: unknown, args: AddEmploymentInput, ctx: Context) => loadEmployment(ctx, await addEmployment(ctx.db, args)),
    endEmployment: async (_: unknown, args: { id: string; until?: string | null }, ctx: Context) =>
      loadEmployment(ctx, await endEmployment(ctx.db, args.id, args.until)),
  },
  Organization: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.organization.load(ref.id),
    parent: (org: OrganizationRow, _: unknown, ctx: Context) => ctx.loaders.parent.load(org.id),
    children: (org: OrganizationRow, args: { limit?: number | null }, ctx: Context) =>
      ctx.loaders.children(boundedInt('limit', args.limit, 100, 0, MAX_CHILDREN)).load(org.id),
    ancestors: (org: OrganizationRow, _: unknown, ctx: Context) => ctx.loaders.ancestors.load(org.id),
    descendants: (org: OrganizationRow, args: { maxDepth?: number | null; limit?: number | null }, ctx: Context) =>
      ctx.loaders
        .descendants({ maxDepth: depthArg('maxDepth', args.maxDepth, 10), limit: boundedInt('limit', args.limit, 1000, 0, MAX_DESCENDANTS) })
        .load(org.id),
    root: async (org: OrganizationRow, _: unknown, ctx: Context) => (await ctx.loaders.ancestors.load(org.id)).at(-1) ?? org,
    hierarchy: async (
      org: OrganizationRow,
      args: { maxDepth?: number | null; limit?: number | null },
      ctx: Context,
    ): Promise<HierarchyResult> => {
      const loader = ctx.loaders.hierarchy({
        maxDepth: depthArg('maxDepth', args.maxDepth, 10),
        limit: boundedInt('limit', args.limit, 1000, 1, MAX_DESCENDANTS),
      });
      const row = present(await loader.load(org.id), 'organization', org.id);
      for (const node of row.nodes) ctx.loaders.organization.prime(node.organization.id, node.organization);
      return { ...row, organizationId: org.id, nodes: depthFirst(row.nodes), truncated: row.truncated || leavesOutChildren(row.nodes) };
    },
    rollup: async (org: OrganizationRow, _: unknown, ctx: Context) => present(await ctx.loaders.rollup.load(org.id), 'organization', org.id),
    contacts: (
      org: OrganizationRow,
      args: { includeDescendants?: boolean | null; includeFormer?: boolean | null; limit?: number | null },
      ctx: Context,
    ) =>
      ctx.loaders
        .contacts({
          includeDescendants: args.includeDescendants ?? false,
          includeFormer: args.includeFormer ?? false,
          limit: boundedInt('limit', args.limit, 100, 0, MAX_CONTACTS),
        })
        .load(org.id),
  },
  OrganizationHierarchy: {
    root: (hierarchy: HierarchyResult, _: unknown, ctx: Context) => loadOrganization(ctx, hierarchy.rootId),
  },
  OrganizationTreeNode: {
    totalContactCount: async (node: TreeNodeRow, _: unknown, ctx: Context) =>
      present(await ctx.loaders.rollup.load(node.organization.id), 'organization', node.organization.id).totalContacts,
  },
  Employment: {
    person: (employment: EmploymentRow) => personRef(employment.personId),
    organization: (employment: EmploymentRow, _: unknown, ctx: Context) => loadOrganization(ctx, employment.organizationId),
    current: (employment: EmploymentRow) => employment.until === null,
  },
};

export const personOrganizationResolvers = {
  employments: async (person: { id: string }, args: { current?: boolean | null }, ctx: Context, info: SelectionInfo) => {
    const withAncestors = selects(info, ['organization', 'ancestors']) || selects(info, ['organization', 'root']);
    const rows = await (withAncestors ? ctx.loaders.employmentsWithAncestorsOfPerson : ctx.loaders.employmentsOfPerson).load(person.id);
    return args.current === undefined || args.current === null ? rows : rows.filter((row) => (row.until === null) === args.current);
  },
};
