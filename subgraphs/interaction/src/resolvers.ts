import { DateTimeScalar, JSONScalar, encodeCursor, pageSize, selects, type SelectionInfo, type SubgraphContext } from '@cdp/shared';
import type { Mention } from './context/types.js';
import { engagementOf } from './engagement/rules.js';
import type { BatchIdentifyInput } from './identities.js';
import { ingest, type IngestOutcome } from './ingest.js';
import type { InteractionLoaders, InteractionRow } from './loaders.js';
import type { InteractionInput } from './validate.js';

type Context = SubgraphContext<InteractionLoaders>;

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

function cursorOf(row: InteractionRow): string {
  return encodeCursor([row.occurredAt, row.id]);
}

/** The interactions of a write's outcome: those it created as it wrote them, repeats from the database. */
async function loadAll(ctx: Context, outcome: IngestOutcome): Promise<InteractionRow[]> {
  for (const row of outcome.created) ctx.loaders.interaction.prime(row.id, row);
  const ids = outcome.interactionIds;
  const rows = await ctx.loaders.interaction.loadMany(ids);
  return rows.map((row, i) => {
    if (row === null || row instanceof Error) throw new Error(`interaction ${ids[i]} vanished after it was written`);
    return row;
  });
}

interface TimelineFieldArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly channels?: string[] | null;
  readonly types?: string[] | null;
  readonly since?: string | null;
  readonly until?: string | null;
}

export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    interaction: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.interaction.load(args.id),
    /** Served here too (see PEOPLE_BY_REQUESTED_ID); reads the engagement along when asked for. */
    person: (_: unknown, args: { id: string }, ctx: Context, info: SelectionInfo) =>
      (selects(info, ['engagement']) ? ctx.loaders.personWithEngagement : ctx.loaders.person).load(args.id),
  },
  Mutation: {
    recordInteraction: async (_: unknown, args: { input: InteractionInput }, ctx: Context) => {
      const outcome = await ingest(ctx.db, [], [args.input], { indexed: false });
      const [row] = await loadAll(ctx, outcome);
      return row;
    },
    recordInteractions: async (_: unknown, args: { inputs: InteractionInput[] }, ctx: Context) => {
      const outcome = await ingest(ctx.db, [], args.inputs);
      return loadAll(ctx, outcome);
    },
    ingestBatch: async (_: unknown, args: { identities: BatchIdentifyInput[]; interactions: InteractionInput[] }, ctx: Context) => {
      const outcome = await ingest(ctx.db, args.identities, args.interactions);
      return { personIds: outcome.personIds, interactions: await loadAll(ctx, outcome) };
    },
  },
  Interaction: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.interaction.load(ref.id),
    person: (row: InteractionRow) => ({ __typename: 'Person', id: row.personId }),
    properties: (row: InteractionRow) => JSON.parse(row.properties) as unknown,
    context: (row: InteractionRow) => {
      if (row.sentimentLabel === null || row.sentimentLabel === undefined) return null;
      const mentions = JSON.parse(row.mentions ?? '[]') as Mention[];
      return {
        language: row.language ?? null,
        sentiment: row.sentiment ?? 0,
        sentimentLabel: row.sentimentLabel,
        intents: row.intents ?? [],
        topics: row.topics ?? [],
        mentions: mentions.map((mention) => {
          const link = mention.key === null ? undefined : row.links.find((candidate) => candidate.key === mention.key);
          return {
            ...mention,
            person: link?.personId ? { __typename: 'Person', id: link.personId } : null,
            organization: link?.organizationId ? { __typename: 'Organization', id: link.organizationId } : null,
          };
        }),
      };
    },
  },
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    interactions: async (person: { id: string }, args: TimelineFieldArgs, ctx: Context) => {
      const first = pageSize(args.first, DEFAULT_PAGE, MAX_PAGE);
      const rows = await ctx.loaders
        .timeline({
          first,
          after: args.after ?? null,
          channels: args.channels ?? null,
          types: args.types ?? null,
          since: args.since ?? null,
          until: args.until ?? null,
        })
        .load(person.id);
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
    engagement: async (person: { id: string }, _: unknown, ctx: Context) => engagementOf(await ctx.loaders.engagement.load(person.id)),
  },
};
