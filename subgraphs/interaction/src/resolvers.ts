import { DateTimeScalar, JSONScalar, encodeCursor, pageSize, type SubgraphContext } from '@cdp/shared';
import { recordInteraction, type InteractionInput } from './interactions.js';
import type { InteractionLoaders, InteractionRow } from './loaders.js';

type Context = SubgraphContext<InteractionLoaders>;

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

function cursorOf(row: InteractionRow): string {
  return encodeCursor([row.occurredAt, row.id]);
}

export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    interaction: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.interaction.load(args.id),
  },
  Mutation: {
    recordInteraction: async (_: unknown, args: { input: InteractionInput }, ctx: Context) => {
      const id = await recordInteraction(ctx.db, args.input);
      const row = await ctx.loaders.interaction.load(id);
      if (row === null) throw new Error(`interaction ${id} vanished after it was written`);
      return row;
    },
  },
  Interaction: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.interaction.load(ref.id),
    person: (row: InteractionRow) => ({ __typename: 'Person', id: row.personId }),
    properties: (row: InteractionRow) => JSON.parse(row.properties) as unknown,
  },
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    interactions: async (
      person: { id: string },
      args: { first?: number | null; after?: string | null },
      ctx: Context,
    ) => {
      const first = pageSize(args.first, DEFAULT_PAGE, MAX_PAGE);
      const rows = await ctx.loaders.timeline({ first, after: args.after ?? null }).load(person.id);
      const page = rows.slice(0, first);
      const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > first,
          hasPreviousPage: args.after !== undefined && args.after !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  },
};
