import { acceptHouseholdSuggestion, suggestHouseholds, type HouseholdSuggestion } from './household-suggestions.js';
import {
  addHouseholdMember,
  createHousehold,
  moveHouseholdMember,
  removeHouseholdMember,
  renameHousehold,
  type CreateHouseholdInput,
  type HouseholdRole,
} from './households.js';
import { selects, type SelectionInfo } from '@cdp/shared';
import { personRef, present, type Context } from './context.js';
import type { HouseholdRow, MemberRow, MembershipRow } from './loaders.js';

async function loadHousehold(ctx: Context, id: string): Promise<HouseholdRow> {
  return present(await ctx.loaders.household.load(id), 'household', id);
}

export const householdResolvers = {
  Query: {
    household: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.household.load(args.id),
    suggestHouseholds: (_: unknown, args: { first?: number | null }, ctx: Context) => suggestHouseholds(ctx.db, args.first),
  },
  Mutation: {
    createHousehold: async (_: unknown, args: { input: CreateHouseholdInput }, ctx: Context) =>
      loadHousehold(ctx, await createHousehold(ctx.db, args.input)),
    renameHousehold: async (_: unknown, args: { id: string; name: string }, ctx: Context) =>
      loadHousehold(ctx, await renameHousehold(ctx.db, args.id, args.name)),
    addHouseholdMember: async (
      _: unknown,
      args: { householdId: string; personId: string; role?: HouseholdRole | null },
      ctx: Context,
    ) => loadHousehold(ctx, await addHouseholdMember(ctx.db, args.householdId, args.personId, args.role ?? 'OTHER')),
    moveHouseholdMember: async (
      _: unknown,
      args: { personId: string; toHouseholdId: string; role?: HouseholdRole | null },
      ctx: Context,
    ) => loadHousehold(ctx, await moveHouseholdMember(ctx.db, args.personId, args.toHouseholdId, args.role ?? null)),
    removeHouseholdMember: async (_: unknown, args: { householdId: string; personId: string }, ctx: Context) =>
      loadHousehold(ctx, await removeHouseholdMember(ctx.db, args.householdId, args.personId)),
    acceptHouseholdSuggestion: async (_: unknown, args: { id: string; name?: string | null }, ctx: Context) =>
      loadHousehold(ctx, await acceptHouseholdSuggestion(ctx.db, args.id, args.name)),
  },
  Household: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.household.load(ref.id),
    address: (household: HouseholdRow) => (household.address === null ? null : (JSON.parse(household.address) as unknown)),
    members: (household: HouseholdRow, _: unknown, ctx: Context) => ctx.loaders.members.load(household.id),
  },
  HouseholdMember: {
    person: (member: MemberRow) => ({ ...personRef(member.personId), displayName: member.displayName }),
  },
  HouseholdMembership: {
    household: (membership: MembershipRow, _: unknown, ctx: Context) =>
      ctx.loaders.household.load(membership.householdId).then((row) => present(row, 'household', membership.householdId)),
    current: (membership: MembershipRow) => membership.until === null,
  },
  HouseholdSuggestion: {
    members: (suggestion: HouseholdSuggestion) => suggestion.personIds.map(personRef),
  },
};

export const personHouseholdResolvers = {
  household: (person: { id: string }, _: unknown, ctx: Context, info: SelectionInfo) =>
    (selects(info, ['members']) ? ctx.loaders.householdWithMembersOfPerson : ctx.loaders.householdOfPerson).load(person.id),
  householdHistory: (person: { id: string }, _: unknown, ctx: Context) => ctx.loaders.memberships.load(person.id),
};
