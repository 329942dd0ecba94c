import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { ChangeSink } from '../changes.js';
import { RetryableConflict } from '../errors.js';
import { runQuery, type Database } from '../neo4j.js';
import { identityConfig, type IdentityConfig } from './config.js';
import * as cypher from './cypher.js';
import type { IdentifierInput, NormalizedIdentifier } from './identifiers.js';
import { limitViolation, lockedPerson, planMerge, runMerges, type LockedPerson, type MergeBlock, type PlannedMerge } from './merge.js';
import type { PreparedIdentify } from './prepare.js';
import { profileParams } from './profile.js';
import { addObservations, observationsOf } from './traits.js';
import { planWave } from './waves.js';

export type { MergeBlock } from './merge.js';
export type { IdentifyCommand, PreparedIdentify } from './prepare.js';

export interface IdentifyOutcome {
  readonly personId: string;
  readonly created: boolean;
  /** True when the messageId was seen before and nothing was written. */
  readonly duplicate: boolean;
  /** People merged into `personId` by this call. */
  readonly mergedIds: string[];
  readonly blocked: MergeBlock[];
  /** The person as written, in the shape of the profile subgraph's person rows (absent for duplicates). */
  readonly person?: Record<string, unknown>;
  /** Identifiers dropped because their value is a known placeholder ("test@test.com", "unknown"). */
  readonly ignored: IdentifierInput[];
}

/** Survivor first: the person holding the highest-priority identifier type, then the oldest. */
function bySurvivorship(priority: IdentityConfig['priority']) {
  const rank = (person: LockedPerson): number =>
    Math.min(priority.length, ...person.identifiers.map((identifier) => priority.indexOf(identifier.type)).filter((i) => i >= 0));
  return (a: LockedPerson, b: LockedPerson): number =>
    rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** One call of a wave, with what the wave's lookup found for it. */
interface Found {
  readonly call: PreparedIdentify;
  readonly index: number;
  readonly claims: string[];
  seenPersonId: string | null;
  holders: LockedPerson[];
}

/** What a call decided before the wave's writes, and the outcome it will report. */
interface Decided {
  readonly index: number;
  readonly outcome: Omit<IdentifyOutcome, 'person'>;
  /** The call's merges into its survivor, in the order decided. */
  readonly merges: PlannedMerge[];
  readonly write: Record<string, unknown>;
}

/**
 * Identity resolution inside a caller's transaction, so every ingestion path (identify,
 * interactions, tracking API, bulk import, seed) shares one implementation and one atomic unit
 * of work. Calls are resolved as if one by one, in order, but in waves (waves.ts): a wave's
 * lookups are one statement, its merges one more (one per round when a call merges several
 * people), and its writes another, so a batch of unrelated calls costs two or three round trips
 * instead of two or three per call.
 *
 * No identifier known: a new person. One person: new identifiers attach to it. Several: they
 * merge into one survivor, except where a merge would break an identifier limit; those people
 * stay apart and the call reports why (MergeBlock). Placeholder values are ignored.
 */
export async function resolveIdentitiesInTx(
  tx: ManagedTransaction,
  db: Database,
  calls: readonly PreparedIdentify[],
  changes?: ChangeSink,
  now = new Date().toISOString(),
  config: IdentityConfig = identityConfig(),
): Promise<IdentifyOutcome[]> {
  const outcomes: IdentifyOutcome[] = new Array<IdentifyOutcome>(calls.length);
  let pending = calls.map((call, index) => ({
    call,
    index,
    claims: [...call.identifiers.map((identifier) => identifier.key), ...(call.messageId === null ? [] : [`messageId:${call.messageId}`])],
  }));
  while (pending.length > 0) {
    const found = await findAndLock(tx, db, pending, now);
    const { wave, rest } = planWave(found, (entry) => [...(entry.seenPersonId === null ? [] : [entry.seenPersonId]), ...entry.holders.map((p) => p.id)]);
    const decided: Decided[] = [];
    for (const entry of wave) {
      if (entry.seenPersonId !== null) {
        outcomes[entry.index] = { personId: entry.seenPersonId, created: false, duplicate: true, mergedIds: [], blocked: [], ignored: entry.call.ignored };
        continue;
      }
      decided.push(decide(entry, changes, now, config));
    }
    // The wave's merges in rounds, one statement each: the first merge of every call, then the
    // second, and so on. A round's merges concern different people (a wave's calls share none),
    // and a call's own merges into one survivor stay in the order it decided them.
    for (let round = 0; decided.some((d) => d.merges.length > round); round++) {
      await runMerges(tx, db, decided.flatMap((d) => d.merges.slice(round, round + 1)), now);
    }
    if (decided.length > 0) {
      // The wave's changes (decided above) go with its write: a round trip less.
      const writes = { writes: decided.map((d) => d.write), now };
      const query = changes
        ? { text: cypher.WRITE_IDENTIFY_APPENDING_CHANGES, params: { ...writes, ...changes.take(new Date().toISOString()) } }
        : { text: cypher.WRITE_IDENTIFY, params: writes };
      const rows = await db.count(runQuery(tx, query));
      const people = new Map(rows.map((row) => [Number(row['index']), row['person'] as Record<string, unknown>]));
      for (const d of decided) outcomes[d.index] = { ...d.outcome, person: people.get(d.index) ?? {} };
    }
    pending = rest;
  }
  return outcomes;
}

async function findAndLock(tx: ManagedTransaction, db: Database, pending: readonly Omit<Found, 'seenPersonId' | 'holders'>[], now: string): Promise<Found[]> {
  const rows = await db.count(
    runQuery(tx, {
      text: cypher.FIND_AND_LOCK_BY_KEYS,
      params: { calls: pending.map((p) => ({ index: p.index, messageId: p.call.messageId, keys: p.call.identifiers.map((i) => i.key) })), now },
    }),
  );
  const byIndex = new Map(rows.map((row) => [Number(row['index']), row]));
  return pending.map((p) => {
    const row = byIndex.get(p.index);
    const seen = row?.['seenPersonId'];
    return { ...p, seenPersonId: typeof seen === 'string' ? seen : null, holders: ((row?.['holders'] ?? []) as Record<string, unknown>[]).map(lockedPerson) };
  });
}

/** One call's decision: its merges and its write, both sent with the wave's. */
function decide(entry: Found, changes: ChangeSink | undefined, now: string, config: IdentityConfig): Decided {
  const { call, holders } = entry;
  const { source, command, identifiers } = call;
  // Found before locking: someone merged one of them meanwhile. Start again from the new state.
  if (holders.some((person) => person.status !== 'ACTIVE')) {
    throw new RetryableConflict('an identified person changed before it could be locked');
  }
  const mergedIds: string[] = [];
  const merges: PlannedMerge[] = [];
  const blocked: MergeBlock[] = [];
  let survivor: LockedPerson;
  const created = holders.length === 0;
  if (created) {
    survivor = { id: randomUUID(), status: 'ACTIVE', createdAt: now, identifiers: [], observations: {} };
  } else {
    const [first, ...others] = [...holders].sort(bySurvivorship(config.priority));
    survivor = first!;
    for (const other of others) {
      const block = limitViolation(survivor.identifiers, other.identifiers, [survivor.id, other.id], config);
      if (block) {
        blocked.push(block);
        continue;
      }
      merges.push(planMerge(survivor, other, 'identify:shared-identifier', `identify from ${source} named identifiers of both`));
      mergedIds.push(other.id);
      changes?.add({ personId: other.id, kind: 'MERGED_AWAY', changedFields: ['status'], survivorId: survivor.id });
    }
  }

  // New identifiers attach to the survivor one by one, each within the limits; those held by a
  // person left apart stay with that person.
  const taken = new Set(holders.flatMap((person) => person.identifiers.map((identifier) => identifier.key)));
  const attach: NormalizedIdentifier[] = [];
  for (const identifier of identifiers.filter((candidate) => !taken.has(candidate.key))) {
    const block = limitViolation([...survivor.identifiers, ...attach], [identifier], [survivor.id], config);
    if (block) blocked.push({ ...block, identifierKeys: [identifier.key] });
    else attach.push(identifier);
  }
  const observedAt = command.observedAt ?? now;
  const observations = addObservations(survivor.observations, observationsOf(command.traits ?? {}, source, observedAt));
  const changedFields = [
    ...(attach.length > 0 || mergedIds.length > 0 ? ['identifiers', 'known'] : []),
    ...(Object.keys(command.traits ?? {}).length > 0 || mergedIds.length > 0 ? ['traits', 'displayName'] : []),
    'sourceRecords',
  ];
  changes?.add({ personId: survivor.id, kind: created ? 'CREATED' : mergedIds.length > 0 ? 'MERGED' : 'IDENTIFIED', changedFields });
  return {
    index: entry.index,
    outcome: { personId: survivor.id, created, duplicate: false, mergedIds, blocked, ignored: call.ignored },
    merges,
    write: {
      index: entry.index,
      personId: survivor.id,
      ...profileParams(observations, [...survivor.identifiers, ...attach], config),
      identifiers: attach,
      rule: created ? 'identify:new' : 'identify:attach',
      recordId: randomUUID(),
      source,
      messageId: call.messageId,
      observedAt,
      payload: JSON.stringify({ identifiers: command.identifiers, traits: command.traits ?? null }),
    },
  };
}
