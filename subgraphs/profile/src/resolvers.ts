import {
  DateTimeScalar,
  JSONScalar,
  asJsonObject,
  mergePeople,
  selects,
  normalizeIdentifier,
  identityConfig,
  identifyBatcherFor,
  unmergePerson,
  type IdentifierInput,
  type SelectionInfo,
  type SubgraphContext,
} from '@cdp/shared';
import { setConsent } from './consent.js';
import * as cypher from './cypher.js';
import { erasePerson } from './erasure.js';
import type { PersonRow, ProfileLoaders } from './loaders.js';
import { personFields } from './person-fields.js';
import { searchPeople } from './search.js';
import { changeLogFor } from './change-log.js';
import { profileChangeFields, subscriptionResolvers } from './subscriptions.js';

type Context = SubgraphContext<ProfileLoaders>;

interface IdentifyArgs {
  readonly input: {
    readonly identifiers: IdentifierInput[];
    readonly traits?: unknown;
    readonly source: string;
    readonly messageId?: string | null;
    readonly observedAt?: string | null;
  };
}

/** After a write: drop what this request's loaders cached before it, then read the person fresh. */
async function loadPerson(ctx: Context, id: string): Promise<PersonRow> {
  ctx.loaders.person.clear(id);
  const person = await ctx.loaders.person.load(id);
  if (person === null) throw new Error(`person ${id} vanished after it was written`);
  return person;
}

export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    person: (_: unknown, args: { id: string }, ctx: Context, info: SelectionInfo) =>
      (selects(info, ['identifiers']) || selects(info, ['consents']) ? ctx.loaders.personWithIdentifiersAndConsents : ctx.loaders.person).load(args.id),
    changeCursor: async (_: unknown, __: unknown, ctx: Context) => String(await changeLogFor(ctx.db).feed.latestCommitted()),
    personByIdentifier: async (_: unknown, args: IdentifierInput, ctx: Context) => {
      // Normalised exactly as on input, so "Ada@Example.com " finds what "ada@example.com" stored.
      const { key } = normalizeIdentifier(args, '', { phoneRegion: identityConfig().phoneRegion });
      const [row] = await ctx.db.readRows({ text: cypher.PERSON_ID_BY_IDENTIFIER_KEY, params: { key } });
      return row ? ctx.loaders.person.load(String(row['id'])) : null;
    },
    searchPeople: async (_: unknown, args: { query: string; first?: number | null; after?: string | null }, ctx: Context) => {
      const page = await searchPeople(ctx.db, args.query, args.first, args.after);
      const people = await Promise.all(page.hits.map((hit) => ctx.loaders.person.load(hit.id)));
      const edges = page.hits.flatMap((hit, index) => {
        const node = people[index];
        return node ? [{ cursor: hit.cursor, score: hit.score, node }] : [];
      });
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: Boolean(args.after),
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  },
  Mutation: {
    identify: async (_: unknown, { input }: IdentifyArgs, ctx: Context) => {
      const outcome = await identifyBatcherFor(ctx.db).identify({
        identifiers: input.identifiers,
        traits: asJsonObject(input.traits, 'traits'),
        source: input.source,
        messageId: input.messageId ?? null,
        observedAt: input.observedAt ?? null,
      });
      // The write returned the person as it is now: no second round trip to read it back.
      if (outcome.person) ctx.loaders.person.clear(outcome.personId).prime(outcome.personId, outcome.person as unknown as PersonRow);
      return {
        person: outcome.person ? outcome.person : await loadPerson(ctx, outcome.personId),
        created: outcome.created,
        mergedIds: outcome.mergedIds,
        blocked: outcome.blocked,
        ignored: outcome.ignored.map((identifier) => `${identifier.type}:${identifier.value}`),
      };
    },
    mergePeople: async (_: unknown, args: { survivorId: string; mergedId: string; reason: string }, ctx: Context) => {
      const outcome = await mergePeople(ctx.db, args.survivorId, args.mergedId, args.reason);
      return { survivor: await loadPerson(ctx, outcome.survivorId), mergedId: outcome.mergedId };
    },
    unmergePerson: async (_: unknown, args: { mergedId: string }, ctx: Context) => {
      const outcome = await unmergePerson(ctx.db, args.mergedId);
      return { person: await loadPerson(ctx, outcome.mergedId), survivor: await loadPerson(ctx, outcome.survivorId) };
    },
    setConsent: (_: unknown, args: { personId: string; purpose: string; granted: boolean; source: string }, ctx: Context) =>
      setConsent(ctx.db, args.personId, args.purpose, args.granted, args.source),
    erasePerson: (_: unknown, args: { id: string }, ctx: Context) => erasePerson(ctx.db, args.id),
  },
  Subscription: subscriptionResolvers,
  ProfileChange: profileChangeFields,
  Person: personFields,
};
