import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { notFound, prepareIdentify, resolveIdentitiesInTx, runQuery, type ChangeSink, type Database, type PreparedIdentify } from '@cdp/shared';
import * as cypher from './cypher.js';
import type { EngagementFact } from './engagement/aggregate.js';
import { engagementWrites, type LockedRow } from './engagement/update.js';
import { applyIdentities, type BatchIdentifyInput } from './identities.js';
import type { InteractionRow } from './loaders.js';
import { at, checkBatchSize, prepare, type InteractionInput, type PreparedInteraction } from './validate.js';

export interface IngestOutcome {
  readonly personIds: string[];
  /** One per interaction input, in order: the new id, or the stored one for a repeated messageId. */
  readonly interactionIds: string[];
  /** The interactions this call created, as stored (repeats are not among them). */
  readonly created: InteractionRow[];
}

interface Lookups {
  readonly seen: Map<string, string>;
  readonly people: Map<string, string>;
  readonly holders: Map<string, string>;
  readonly organizations: Map<string, string>;
  /** The people the inputs name, write-locked, with their engagement as read after the lock. */
  readonly locked: LockedRow[];
}

function pairs(rows: unknown, key: string, value: string): Map<string, string> {
  return new Map((rows as Record<string, unknown>[]).map((row) => [String(row[key]), String(row[value])]));
}

async function lookups(tx: ManagedTransaction, db: Database, prepared: readonly PreparedInteraction[], now: string): Promise<Lookups> {
  const mentionKeys = prepared.flatMap((p) => p.context?.mentions.map((m) => m.key) ?? []).filter((k): k is string => k !== null);
  const refKeys = [...new Set(prepared.flatMap((p) => (p.ref.kind === 'identifier' ? [p.ref.key] : [])))];
  const params = {
    messageIds: [...new Set(prepared.map((p) => p.messageId).filter((m): m is string => m !== null))],
    ids: [...new Set(prepared.flatMap((p) => (p.ref.kind === 'id' ? [p.ref.id] : [])))],
    keys: [...new Set([...refKeys, ...mentionKeys.filter((k) => !k.startsWith('DOMAIN:') && !k.startsWith('ORDER:'))])],
    refKeys,
    domains: [...new Set(mentionKeys.filter((k) => k.startsWith('DOMAIN:')).map((k) => k.slice('DOMAIN:'.length)))],
    now,
  };
  const [row] = await db.count(runQuery(tx, { text: cypher.BATCH_LOOKUPS, params }));
  return {
    seen: pairs(row?.['seen'] ?? [], 'messageId', 'id'),
    people: pairs(row?.['people'] ?? [], 'id', 'personId'),
    holders: pairs(row?.['holders'] ?? [], 'key', 'personId'),
    organizations: pairs(row?.['organizations'] ?? [], 'domain', 'organizationId'),
    locked: (row?.['locked'] ?? []) as LockedRow[],
  };
}

/**
 * The person of every new input. Known ids and identifier keys come from the batch lookup;
 * identifiers nobody holds yet go through the shared identity resolution together, once per
 * distinct identifier, exactly as identify would resolve each (new unknown visitors).
 */
async function personsOf(
  tx: ManagedTransaction,
  db: Database,
  fresh: readonly PreparedInteraction[],
  found: Lookups,
  prefix: (index: number) => string,
  changes: ChangeSink,
  now: string,
): Promise<Map<number, string>> {
  const byIndex = new Map<number, string>();
  const resolved = new Map(found.holders);
  const unknown = new Map<string, PreparedIdentify>();
  for (const input of fresh) {
    if (input.ref.kind === 'id') {
      const personId = found.people.get(input.ref.id);
      if (personId === undefined) throw at(prefix(input.index) === '' ? '' : `${prefix(input.index)}.person.id`, notFound('person', input.ref.id));
      byIndex.set(input.index, personId);
    } else if (!resolved.has(input.ref.key) && !unknown.has(input.ref.key)) {
      try {
        unknown.set(input.ref.key, prepareIdentify({ identifiers: [input.ref.identifier], source: input.ref.source }));
      } catch (error) {
        throw at(prefix(input.index) === '' ? '' : `${prefix(input.index)}.person.identifier`, error);
      }
    }
  }
  const outcomes = await resolveIdentitiesInTx(tx, db, [...unknown.values()], changes, now);
  [...unknown.keys()].forEach((key, i) => resolved.set(key, outcomes[i]?.personId ?? ''));
  for (const input of fresh) if (input.ref.kind === 'identifier') byIndex.set(input.index, resolved.get(input.ref.key) ?? '');
  return byIndex;
}

export interface IngestOptions {
  /** Name inputs in errors by index (batches), or not (recordInteraction). @default true */
  readonly indexed?: boolean;
  /**
   * Answer the created interactions as stored (`IngestOutcome.created`); callers that need only
   * their ids (the tracking API) leave them in the database: a hundred rows a batch to read back
   * and decode were a tenth of the interaction subgraph's CPU. @default true
   */
  readonly returnRows?: boolean;
}

/**
 * Records identities and interactions in ONE transaction: all validated before anything is
 * written (an invalid input names its index and writes nothing), identify calls first, then the
 * interactions, each person's engagement aggregate, and one change event per person.
 * Idempotent by messageId: a repeat, in an earlier call or earlier in the same batch, returns
 * the stored interaction and writes nothing.
 */
export async function ingest(
  db: Database,
  identities: readonly BatchIdentifyInput[],
  interactions: readonly InteractionInput[],
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const indexed = options.indexed ?? true;
  checkBatchSize(identities.length + interactions.length, indexed ? 'inputs' : 'input');
  const prefix = (index: number): string => (indexed ? `inputs[${index}]` : '');
  const now = new Date().toISOString();
  const prepared = interactions.map((input, index) => prepare(input, index, prefix(index), now));

  return db.write(async (tx, changes) => {
    const personIds = await applyIdentities(tx, db, identities, changes, now);
    // A batch of identify and alias events only (a tracking API batch can be) looks nothing up.
    if (prepared.length === 0) return { personIds, interactionIds: [], created: [] };
    const found = await lookups(tx, db, prepared, now);
    const ids: string[] = [];
    const firstOfMessage = new Map<string, number>();
    const fresh: PreparedInteraction[] = [];
    for (const input of prepared) {
      const stored = input.messageId === null ? undefined : found.seen.get(input.messageId);
      const earlier = input.messageId === null ? undefined : firstOfMessage.get(input.messageId);
      if (stored !== undefined) ids.push(stored);
      else if (earlier !== undefined) ids.push(ids[earlier] ?? '');
      else {
        ids.push(randomUUID());
        fresh.push(input);
        if (input.messageId !== null) firstOfMessage.set(input.messageId, input.index);
      }
    }
    if (fresh.length === 0) return { personIds, interactionIds: ids, created: [] };

    const persons = await personsOf(tx, db, fresh, found, prefix, changes, now);
    const factsByPerson = new Map<string, EngagementFact[]>();
    for (const input of fresh) {
      const personId = persons.get(input.index) ?? '';
      const facts = factsByPerson.get(personId) ?? [];
      facts.push({ ...input.fact, occurredAt: input.occurredAt });
      factsByPerson.set(personId, facts);
    }
    const engagements = await engagementWrites(tx, db, factsByPerson, found.locked, now);
    recordChanges(changes, factsByPerson.keys());
    const [written] = await db.count(
      runQuery(tx, {
        text: cypher.CREATE_INTERACTIONS_APPENDING_CHANGES,
        params: {
          people: cypher.interactionsByPerson(
            fresh.map((input) => row(input, ids, persons, found)),
            engagements,
          ),
          now,
          returnRows: options.returnRows ?? true,
          ...changes.take(new Date().toISOString()),
        },
      }),
    );
    return { personIds, interactionIds: ids, created: (written?.['created'] ?? []) as InteractionRow[] };
  });
}

function row(input: PreparedInteraction, ids: readonly string[], persons: ReadonlyMap<number, string>, found: Lookups): cypher.InteractionWrite {
  const context = input.context;
  const links = (context?.mentions ?? []).flatMap((mention) => {
    if (mention.key === null) return [];
    const personId = found.holders.get(mention.key) ?? null;
    const organizationId = mention.key.startsWith('DOMAIN:') ? (found.organizations.get(mention.key.slice('DOMAIN:'.length)) ?? null) : null;
    return personId === null && organizationId === null ? [] : [{ kind: mention.kind, text: mention.text, key: mention.key, personId, organizationId }];
  });
  const id = ids[input.index];
  const personId = persons.get(input.index);
  if (id === undefined || personId === undefined) throw new Error(`input ${input.index} has no id or person after resolution`);
  return {
    id,
    personId,
    channel: input.channel,
    type: input.type,
    occurredAt: input.occurredAt,
    properties: input.properties,
    content: input.content,
    messageId: input.messageId,
    language: context?.language ?? null,
    sentiment: context?.sentiment ?? null,
    sentimentLabel: context?.sentimentLabel ?? null,
    intents: context?.intents ?? null,
    topics: context?.topics ?? null,
    mentions: context === null ? null : JSON.stringify(context.mentions),
    links,
  };
}

function recordChanges(changes: ChangeSink, personIds: Iterable<string>): void {
  for (const personId of personIds) {
    changes.add({ personId, kind: 'INTERACTION_RECORDED', changedFields: ['interactions', 'engagement'] });
  }
}
