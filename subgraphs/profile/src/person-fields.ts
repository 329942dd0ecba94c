import { encodeCursor, pageSize, type SubgraphContext, type TraitValue } from '@cdp/shared';
import { currentConsents } from './consent.js';
import type { IdentityGraphRow, PersonRow, ProfileLoaders, SourceRecordRow } from './loaders.js';

type Context = SubgraphContext<ProfileLoaders>;

/** 'most-recent' -> 'MOST_RECENT', the SDL's enum spelling. */
const ruleName = (rule: string | undefined): string | null => (rule ? rule.toUpperCase().replace(/-/g, '_') : null);

function parseObject(text: string | null): Record<string, unknown> {
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function identityGraph(person: PersonRow, row: IdentityGraphRow | null) {
  const nodes = [{ id: person.id, kind: 'PERSON', label: person.displayName ?? person.id }];
  const edges: { from: string; to: string; kind: string; rule: string | null; at: string | null }[] = [];
  if (row === null) return { nodes, edges };
  for (const identifier of row.identifiers) {
    nodes.push({ id: identifier.id, kind: 'IDENTIFIER', label: `${identifier.type}: ${identifier.value}` });
    edges.push({
      from: identifier.id,
      to: person.id,
      kind: 'IDENTIFIES',
      rule: identifier.mergedFrom ? `${identifier.rule}, then merged from ${identifier.mergedFrom}` : identifier.rule,
      at: identifier.at,
    });
  }
  for (const record of row.records) {
    nodes.push({ id: record.id, kind: 'SOURCE_RECORD', label: `${record.source} at ${record.at}` });
    edges.push({ from: record.id, to: person.id, kind: 'DESCRIBES', rule: null, at: record.at });
  }
  for (const merge of row.merges) {
    nodes.push({ id: merge.id, kind: 'PERSON', label: `merged person ${merge.id}` });
    edges.push({ from: merge.id, to: merge.into, kind: 'MERGED_INTO', rule: merge.rule, at: merge.at });
  }
  return { nodes, edges };
}

export const personFields = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.person.load(ref.id),
  known: (person: PersonRow) => person.known === true,
  traits: (person: PersonRow) => parseObject(person.traits),
  trait: (person: PersonRow, args: { name: string }) => {
    const trait = (parseObject(person.traitSources) as Record<string, TraitValue>)[args.name];
    return trait ? { ...trait, rule: ruleName(trait.rule) } : null;
  },
  traitHistory: async (person: PersonRow, args: { name: string }, ctx: Context) => {
    const observations = await ctx.loaders.observations.load(person.id);
    return (observations[args.name] ?? []).map((observation) => ({ ...observation, name: args.name, rule: null }));
  },
  identifiers: (person: PersonRow, _: unknown, ctx: Context) => ctx.loaders.identifiers.load(person.id),
  sourceRecords: async (person: PersonRow, args: { first?: number | null; after?: string | null }, ctx: Context) => {
    const first = pageSize(args.first, 20, 100);
    const rows = await ctx.loaders.sourceRecords({ first, after: args.after ?? null }).load(person.id);
    const edges = rows.slice(0, first).map((node: SourceRecordRow) => ({
      cursor: encodeCursor([node.receivedAt, node.id]),
      node: { ...node, payload: JSON.parse(node.payload) as unknown },
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(args.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  },
  mergeHistory: async (person: PersonRow, _: unknown, ctx: Context) =>
    // Newest first, by instant: Neo4j's text of a time drops trailing zeros, so text order is not time order.
    [...(await ctx.loaders.mergeHistory.load(person.id))].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)),
  identityGraph: async (person: PersonRow, _: unknown, ctx: Context) => identityGraph(person, await ctx.loaders.identityGraph.load(person.id)),
  consents: async (person: PersonRow, _: unknown, ctx: Context) => currentConsents(await ctx.loaders.consentHistory.load(person.id)),
  consentHistory: async (person: PersonRow, args: { purpose?: string | null }, ctx: Context) => {
    const history = await ctx.loaders.consentHistory.load(person.id);
    return args.purpose ? history.filter((row) => row.purpose === args.purpose) : history;
  },
};
