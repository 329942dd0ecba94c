import { selects, type SelectionInfo } from '@cdp/shared';
import { personRef, type Context } from './context.js';
import type { StoredRelationshipRow } from './loaders.js';
import {
  asSeenFrom,
  isRelationshipType,
  relatePeople,
  unrelatePeople,
  type RelationshipResult,
  type RelationshipType,
} from './relationships.js';
import { connectionPath, network, type NetworkNodeRow } from './traversal.js';

/** Stored edges turned to this person's view; a symmetric pair stored twice (e.g. after a merge) shows once. */
function seenFrom(personId: string, rows: readonly StoredRelationshipRow[]): RelationshipResult[] {
  const seen = new Set<string>();
  const results: RelationshipResult[] = [];
  for (const row of rows) {
    if (!isRelationshipType(row.type)) continue;
    const type = asSeenFrom(row.type, row.outgoing);
    const key = `${type}:${row.otherId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    results.push({ type, fromId: personId, toId: row.otherId, since: row.since });
  }
  return results;
}

export const peopleResolvers = {
  Query: {
    /** Served here too (see PEOPLE_BY_REQUESTED_ID); reads household and jobs along when asked for. */
    person: (_: unknown, args: { id: string }, ctx: Context, info: SelectionInfo) =>
      (selects(info, ['household']) || selects(info, ['employments']) ? ctx.loaders.personWithHouseholdAndJobs : ctx.loaders.person).load(args.id),
    connectionPath: (_: unknown, args: { fromId: string; toId: string; maxDepth?: number | null }, ctx: Context) =>
      connectionPath(ctx.db, args.fromId, args.toId, args.maxDepth),
  },
  Mutation: {
    relatePeople: (_: unknown, args: { fromId: string; toId: string; type: RelationshipType; since?: string | null }, ctx: Context) =>
      relatePeople(ctx.db, args.fromId, args.toId, args.type, args.since),
    unrelatePeople: (_: unknown, args: { fromId: string; toId: string; type: RelationshipType }, ctx: Context) =>
      unrelatePeople(ctx.db, args.fromId, args.toId, args.type),
  },
  Relationship: {
    from: (relationship: RelationshipResult) => personRef(relationship.fromId),
    to: (relationship: RelationshipResult) => personRef(relationship.toId),
  },
  NetworkNode: {
    person: (node: NetworkNodeRow) => (node.kind === 'PERSON' ? personRef(node.id) : null),
    household: (node: NetworkNodeRow, _: unknown, ctx: Context) => (node.kind === 'HOUSEHOLD' ? ctx.loaders.household.load(node.id) : null),
    organization: (node: NetworkNodeRow, _: unknown, ctx: Context) =>
      node.kind === 'ORGANIZATION' ? ctx.loaders.organization.load(node.id) : null,
  },
};

export const personPeopleResolvers = {
  relationships: async (person: { id: string }, args: { types?: RelationshipType[] | null }, ctx: Context) => {
    const all = seenFrom(person.id, await ctx.loaders.relationships.load(person.id));
    const types = args.types ?? null;
    return types === null ? all : all.filter((relationship) => types.includes(relationship.type));
  },
  network: (person: { id: string }, args: { depth?: number | null; limit?: number | null }, ctx: Context) =>
    network(ctx.db, person.id, args.depth, args.limit),
};

