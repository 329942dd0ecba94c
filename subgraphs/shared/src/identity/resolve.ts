import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { ChangeSink } from '../changes.js';
import { RetryableConflict, badInput, show } from '../errors.js';
import { runQuery, type Database } from '../neo4j.js';
import { identityConfig, type IdentityConfig } from './config.js';
import * as cypher from './cypher.js';
import { normalizeIdentifiers, type IdentifierInput, type NormalizedIdentifier } from './identifiers.js';
import { limitViolation, lockedPerson, mergeLocked, type LockedPerson, type MergeBlock } from './merge.js';
import { profileParams } from './profile.js';
import { addObservations, observationsOf } from './traits.js';

export type { MergeBlock } from './merge.js';

export interface IdentifyCommand {
  readonly identifiers: readonly IdentifierInput[];
  readonly traits?: Record<string, unknown>;
  readonly source: string;
  readonly messageId?: string | null;
  /** When the source observed this; defaults to the time it was received. */
  readonly observedAt?: string | null;
}

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

const MAX_IDENTIFIERS_PER_CALL = 50;
const MAX_SOURCE_LENGTH = 100;

function validate(command: IdentifyCommand): void {
  if (command.identifiers.length === 0 || command.identifiers.length > MAX_IDENTIFIERS_PER_CALL) {
    throw badInput(`identifiers expects 1 to ${MAX_IDENTIFIERS_PER_CALL} identifiers, but got ${command.identifiers.length}.`, {
      field: 'identifiers',
    });
  }
  const source = command.source.trim();
  if (source === '' || source.length > MAX_SOURCE_LENGTH || !/^[\w.:@/-]+$/.test(source)) {
    throw badInput(`source expects 1 to ${MAX_SOURCE_LENGTH} letters, digits or . _ : @ / -, but got ${show(command.source)}.`, {
      field: 'source',
    });
  }
}

/** Survivor first: the person holding the highest-priority identifier type, then the oldest. */
function bySurvivorship(priority: IdentityConfig['priority']) {
  const rank = (person: LockedPerson): number =>
    Math.min(priority.length, ...person.identifiers.map((identifier) => priority.indexOf(identifier.type)).filter((i) => i >= 0));
  return (a: LockedPerson, b: LockedPerson): number =>
    rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * Identity resolution inside a caller's transaction, so every ingestion path (identify,
 * interactions, tracking API) shares one implementation and one atomic unit of work.
 *
 * No identifier known: a new person. One person: new identifiers attach to it. Several: they
 * merge into one survivor, except where a merge would break an identifier limit; those people
 * stay apart and the call reports why (MergeBlock). Placeholder values are ignored.
 */
export async function resolveIdentityInTx(
  tx: ManagedTransaction,
  db: Database,
  command: IdentifyCommand,
  changes?: ChangeSink,
  now = new Date().toISOString(),
  config: IdentityConfig = identityConfig(),
): Promise<IdentifyOutcome> {
  validate(command);
  const source = command.source.trim();
  // Placeholders are dropped before validation: "0000000000" is no phone number, but the form
  // that sent it should not fail the whole call.
  const isPlaceholder = (input: IdentifierInput): boolean => config.blockedValues.has(input.value.trim().toLowerCase());
  const ignored = command.identifiers.filter(isPlaceholder);
  const identifiers = normalizeIdentifiers(
    command.identifiers.filter((input) => !isPlaceholder(input)),
    source,
    { phoneRegion: config.phoneRegion },
  ).filter((identifier) => !config.blockedValues.has(identifier.value.toLowerCase()));
  if (identifiers.length === 0) {
    throw badInput(
      `identifiers expects at least one real identifier, but every value given is a placeholder: ${command.identifiers.map((i) => show(i.value)).join(', ')}.`,
      { field: 'identifiers' },
    );
  }
  const messageId = command.messageId ?? null;
  const [found] = await db.count(
    runQuery(tx, { text: cypher.FIND_AND_LOCK_BY_KEYS, params: { messageId, keys: identifiers.map((i) => i.key), now } }),
  );
  const seenPersonId = found?.['seenPersonId'];
  if (typeof seenPersonId === 'string') {
    return { personId: seenPersonId, created: false, duplicate: true, mergedIds: [], blocked: [], ignored };
  }
  const holders = ((found?.['holders'] ?? []) as Record<string, unknown>[]).map(lockedPerson);
  // Found before locking: someone merged one of them meanwhile. Start again from the new state.
  if (holders.some((person) => person.status !== 'ACTIVE')) {
    throw new RetryableConflict('an identified person changed before it could be locked');
  }

  const mergedIds: string[] = [];
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
      await mergeLocked(tx, db, survivor, other, 'identify:shared-identifier', `identify from ${source} named identifiers of both`, now);
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
  const [written] = await db.count(
    runQuery(tx, {
      text: cypher.WRITE_IDENTIFY,
      params: {
        personId: survivor.id,
        ...profileParams(observations, [...survivor.identifiers, ...attach], config),
        identifiers: attach,
        rule: created ? 'identify:new' : 'identify:attach',
        recordId: randomUUID(),
        source,
        messageId,
        now,
        observedAt,
        payload: JSON.stringify({ identifiers: command.identifiers, traits: command.traits ?? null }),
      },
    }),
  );
  const changedFields = [
    ...(attach.length > 0 || mergedIds.length > 0 ? ['identifiers', 'known'] : []),
    ...(Object.keys(command.traits ?? {}).length > 0 || mergedIds.length > 0 ? ['traits', 'displayName'] : []),
    'sourceRecords',
  ];
  changes?.add({ personId: survivor.id, kind: created ? 'CREATED' : mergedIds.length > 0 ? 'MERGED' : 'IDENTIFIED', changedFields });
  return { personId: survivor.id, created, duplicate: false, mergedIds, blocked, ignored, person: written?.['person'] as Record<string, unknown> };
}

/** identify as its own transaction, re-run when a concurrent writer claimed an identifier first. */
export function resolveIdentity(db: Database, command: IdentifyCommand): Promise<IdentifyOutcome> {
  return db.write((tx, changes) => resolveIdentityInTx(tx, db, command, changes), { conflictRetries: 10 });
}
