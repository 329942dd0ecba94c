import { getNamedType, isObjectType } from 'graphql';
import { DateTimeScalar, JSONScalar, childArguments, encodeCursor, selects, type ArgumentsInfo, type SubgraphContext } from '@cdp/shared';
import type { Mention } from './context/types.js';
import { engagementOf } from './engagement/rules.js';
import type { BatchIdentifyInput } from './identities.js';
import { ingest, type IngestOutcome } from './ingest.js';
import type { InteractionLoaders, InteractionRow } from './loaders.js';
import { pageToReadAlong, timelineArgs, type TimelineFieldArgs } from './timeline.js';
import type { InteractionInput } from './validate.js';

type Context = SubgraphContext<InteractionLoaders>;

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

/** Whether a field returning interactions asks any of their fields but `id`: else their ids answer it. */
function selectsBeyondId(info: ArgumentsInfo): boolean {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return true;
  return Object.keys(type.getFields()).some((name) => name !== 'id' && selects(info, [name]));
}

export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    interaction: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.interaction.load(args.id),
    /** Served here too (see PEOPLE_BY_REQUESTED_ID); reads the engagement and a page of interactions along. */
    person: (_: unknown, args: { id: string }, ctx: Context, info: ArgumentsInfo) => {
      const page = pageToReadAlong(childArguments(info, 'interactions'));
      if (page !== undefined) return ctx.loaders.personWithEngagementAndTimeline(page).load(args.id);
      return (selects(info, ['engagement']) ? ctx.loaders.personWithEngagement : ctx.loaders.person).load(args.id);
    },
  },
  Mutation: {
    recordInteraction: async (_: unknown, args: { input: InteractionInput }, ctx: Context) => {
      const outcome = await ingest(ctx.db, [], [args.input], { indexed: false });
      const [row] = await loadAll(ctx, outcome);
      return row;
    },
    recordInteractions: async (_: unknown, args: { inputs: InteractionInput[] }, ctx: Context, info: ArgumentsInfo) => {
      const withRows = selectsBeyondId(info);
      const outcome = await ingest(ctx.db, [], args.inputs, { returnRows: withRows });
      return withRows ? loadAll(ctx, outcome) : outcome.interactionIds.map((id) => ({ id }));
    },
    ingestBatch: async (_: unknown, args: { identities: BatchIdentifyInput[]; interactions: InteractionInput[] }, ctx: Context, info: ArgumentsInfo) => {
      const withRows = selects(info, ['interactions']);
      const outcome = await ingest(ctx.db, args.identities, args.interactions, { returnRows: withRows });
      return { personIds: outcome.personIds, interactions: withRows ? await loadAll(ctx, outcome) : [] };
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
      const page = timelineArgs(args);
      const { first } = page;
      const rows = await ctx.loaders.timeline(page).load(person.id);
      const shown = rows.slice(0, first);
      const edges = shown.map((node) => ({ cursor: cursorOf(node), node }));
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
