import { DateTimeScalar, JSONScalar, type SubgraphContext } from '@cdp/shared';
import { addHouseholdMember, createHousehold, type HouseholdRole } from './households.js';
import type { HouseholdRow, MemberRow, RelationshipLoaders } from './loaders.js';

type Context = SubgraphContext<RelationshipLoaders>;

async function loadHousehold(ctx: Context, id: string): Promise<HouseholdRow> {
  const household = await ctx.loaders.household.load(id);
  if (household === null) throw new Error(`household ${id} vanished after it was written`);
  return household;
}

export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    household: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.household.load(args.id),
  },
  Mutation: {
    createHousehold: async (_: unknown, args: { input: { name: string; address?: unknown } }, ctx: Context) =>
      loadHousehold(ctx, await createHousehold(ctx.db, args.input)),
    addHouseholdMember: async (
      _: unknown,
      args: { householdId: string; personId: string; role?: HouseholdRole | null },
      ctx: Context,
    ) => loadHousehold(ctx, await addHouseholdMember(ctx.db, args.householdId, args.personId, args.role ?? 'OTHER')),
  },
  Household: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.household.load(ref.id),
    address: (household: HouseholdRow) => (household.address === null ? null : (JSON.parse(household.address) as unknown)),
    members: (household: HouseholdRow, _: unknown, ctx: Context) => ctx.loaders.members.load(household.id),
  },
  HouseholdMember: {
    person: (member: MemberRow) => ({ __typename: 'Person', id: member.personId }),
  },
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    household: async (person: { id: string }, _: unknown, ctx: Context) => {
      const householdId = await ctx.loaders.householdIdOfPerson.load(person.id);
      return householdId === null ? null : ctx.loaders.household.load(householdId);
    },
  },
};
