import {
  DateTimeScalar,
  JSONScalar,
  asJsonObject,
  resolveIdentity,
  type IdentifierInput,
  type SubgraphContext,
} from '@cdp/shared';
import type { PersonRow, ProfileLoaders } from './loaders.js';

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

async function loadPerson(ctx: Context, id: string): Promise<PersonRow> {
  const person = await ctx.loaders.person.load(id);
  if (person === null) throw new Error(`person ${id} vanished after it was written`);
  return person;
}

export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    person: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.person.load(args.id),
  },
  Mutation: {
    identify: async (_: unknown, { input }: IdentifyArgs, ctx: Context) => {
      const outcome = await resolveIdentity(ctx.db, {
        identifiers: input.identifiers,
        traits: asJsonObject(input.traits, 'traits'),
        source: input.source,
        messageId: input.messageId ?? null,
        observedAt: input.observedAt ?? null,
      });
      return {
        person: await loadPerson(ctx, outcome.personId),
        created: outcome.created,
        mergedIds: outcome.mergedIds,
        blocked: outcome.blocked,
      };
    },
  },
  Person: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.person.load(ref.id),
    traits: (person: PersonRow) => JSON.parse(person.traits) as unknown,
    identifiers: (person: PersonRow, _: unknown, ctx: Context) => ctx.loaders.identifiers.load(person.id),
  },
};
