import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError, ErrorCode, RetryableConflict, badInput, notFound, show } from '../errors.js';
import { runQuery, type Database } from '../neo4j.js';
import { identityConfig, type IdentityConfig } from './config.js';
import * as cypher from './cypher.js';
import type { IdentifierType } from './identifiers.js';
import { INCOMING_PERSON_TYPES, OUTGOING_PERSON_TYPES } from './merge-types.js';
import { recomputeProfile, writeProfile, type HeldIdentifier } from './profile.js';
import { addObservations, parseObservations, type Observations } from './traits.js';

/** What a merge or unmerge can change on either side. */
const MERGE_FIELDS = ['identifiers', 'traits', 'displayName', 'known', 'sourceRecords', 'household', 'relationships', 'employments', 'interactions', 'consents'];

/** A person read under its write lock. */
export interface LockedPerson {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  identifiers: HeldIdentifier[];
  observations: Observations;
}

export interface MergeBlock {
  readonly code: 'MERGE_BLOCKED';
  readonly rule: string;
  readonly personIds: string[];
  readonly identifierKeys: string[];
  readonly reason: string;
}

/**
 * A row of LOCK_PEOPLE or of FIND_AND_LOCK_BY_KEYS's holders, as a LockedPerson. `createdAt` is
 * made the fixed-width ISO form JavaScript writes: Neo4j's toString drops trailing zeros
 * ("…:01.12Z" for .120), and survivorship compares the text, so ".12Z" sorted after ".123Z" and
 * a younger person could survive an older one created in the same second.
 */
export function lockedPerson(row: Record<string, unknown>): LockedPerson {
  return {
    id: String(row['id']),
    status: String(row['status']),
    createdAt: new Date(String(row['createdAt'])).toISOString(),
    identifiers: row['identifiers'] as HeldIdentifier[],
    observations: parseObservations(row['observations']),
  };
}

export async function lockPeople(tx: ManagedTransaction, db: Database, ids: readonly string[], now: string): Promise<LockedPerson[]> {
  const rows = await db.count(runQuery(tx, { text: cypher.LOCK_PEOPLE, params: { ids, now } }));
  return rows.map(lockedPerson);
}

/**
 * Would one person holding both sets break a per-type limit or the identifier cap? Returns the
 * block to report, or undefined when the union is allowed.
 */
export function limitViolation(
  held: readonly HeldIdentifier[],
  incoming: readonly HeldIdentifier[],
  personIds: string[],
  config: Pick<IdentityConfig, 'limits' | 'maxIdentifiers'>,
): MergeBlock | undefined {
  const union = new Map<string, HeldIdentifier>();
  for (const identifier of [...held, ...incoming]) union.set(identifier.key, identifier);
  for (const [type, limit] of Object.entries(config.limits) as [IdentifierType, number][]) {
    const ofType = [...union.values()].filter((identifier) => identifier.type === type);
    if (ofType.length > limit) {
      return {
        code: 'MERGE_BLOCKED',
        rule: `limit:${type}`,
        personIds,
        identifierKeys: ofType.map((identifier) => identifier.key),
        reason: `One person may hold at most ${limit} ${type} identifier${limit === 1 ? '' : 's'}, but this would give ${ofType.length}: ${ofType.map((identifier) => show(identifier.value)).join(', ')}.`,
      };
    }
  }
  if (union.size > config.maxIdentifiers) {
    return {
      code: 'MERGE_BLOCKED',
      rule: 'max-identifiers',
      personIds,
      identifierKeys: [],
      reason: `One person may hold at most ${config.maxIdentifiers} identifiers, but this would give ${union.size}.`,
    };
  }
  return undefined;
}

/** One merge for MERGE_PEOPLE: both people already locked. */
export interface PlannedMerge {
  readonly survivorId: string;
  readonly mergedId: string;
  readonly mergeId: string;
  readonly rule: string;
  readonly reason: string;
}

/**
 * Decides a merge of `merged` into `survivor` without writing it: mutates `survivor` to hold the
 * union (identifiers, observations), so callers can keep deciding, and returns what `runMerges`
 * writes.
 */
export function planMerge(survivor: LockedPerson, merged: LockedPerson, rule: string, reason: string): PlannedMerge {
  survivor.identifiers = [...survivor.identifiers, ...merged.identifiers];
  survivor.observations = addObservations(survivor.observations, merged.observations);
  return { survivorId: survivor.id, mergedId: merged.id, mergeId: randomUUID(), rule, reason };
}

/**
 * Writes planned merges inside the caller's transaction, in one statement, one after another (a
 * person merged into twice must be merged by two calls, in order: see resolve.ts). Moves every
 * relationship that is each merged person's data and records MERGED_INTO with the rule and the
 * reason.
 */
export async function runMerges(tx: ManagedTransaction, db: Database, merges: readonly PlannedMerge[], now: string): Promise<void> {
  if (merges.length === 0) return;
  await db.count(
    runQuery(tx, {
      text: cypher.MERGE_PEOPLE,
      params: { merges, outgoingTypes: OUTGOING_PERSON_TYPES, incomingTypes: INCOMING_PERSON_TYPES, now },
    }),
  );
}

export interface MergeOutcome {
  readonly survivorId: string;
  readonly mergedId: string;
}

/** An operator's explicit merge: same limits as automatic resolution, refused with MERGE_BLOCKED. */
export function mergePeople(
  db: Database,
  survivorId: string,
  mergedId: string,
  reason: string,
  config: IdentityConfig = identityConfig(),
): Promise<MergeOutcome> {
  if (survivorId === mergedId) {
    throw badInput(`mergePeople expects two different people, but got ${show(survivorId)} twice.`, { field: 'mergedId' });
  }
  if (reason.trim() === '' || reason.length > 500) {
    throw badInput(`reason expects 1 to 500 characters, but got ${show(reason)}.`, { field: 'reason' });
  }
  return db.write(async (tx, changes) => {
    const now = new Date().toISOString();
    const locked = await lockPeople(tx, db, [survivorId, mergedId], now);
    const survivor = locked.find((person) => person.id === survivorId);
    const merged = locked.find((person) => person.id === mergedId);
    if (!survivor) throw notFound('person', survivorId);
    if (!merged) throw notFound('person', mergedId);
    for (const person of [survivor, merged]) {
      if (person.status !== 'ACTIVE') {
        throw badInput(`mergePeople expects active people, but ${show(person.id)} is ${person.status}.`, { personId: person.id });
      }
    }
    const block = limitViolation(survivor.identifiers, merged.identifiers, [survivorId, mergedId], config);
    if (block) throw new ApiError(ErrorCode.MERGE_BLOCKED, `Merge refused: ${block.reason}`, { rule: block.rule, personIds: block.personIds });
    await runMerges(tx, db, [planMerge(survivor, merged, 'manual', reason.trim())], now);
    await writeProfile(tx, db, survivor.id, survivor.observations, survivor.identifiers, config, now);
    changes.add({ personId: survivorId, kind: 'MERGED', changedFields: MERGE_FIELDS });
    changes.add({ personId: mergedId, kind: 'MERGED_AWAY', changedFields: ['status'], survivorId });
    return { survivorId, mergedId };
  });
}

/**
 * Undoes a merge using the lineage: what came from the merged person (and from anyone merged
 * into it before) goes back to it, wherever later merges moved it. Data written to the survivor
 * after the merge stays with the survivor: nothing says it belongs to the other person.
 */
export function unmergePerson(db: Database, mergedId: string, config: IdentityConfig = identityConfig()): Promise<MergeOutcome> {
  return db.write(async (tx, changes) => {
    const now = new Date().toISOString();
    const [lineage] = await db.count(runQuery(tx, { text: cypher.FIND_MERGE_LINEAGE, params: { mergedId } }));
    if (!lineage) {
      throw new ApiError(ErrorCode.NOT_FOUND, `Expected the id of a merged person, but ${show(mergedId)} is not merged into anyone.`, {
        kind: 'person',
        id: mergedId,
      });
    }
    const rootId = String(lineage['rootId']);
    const locked = await lockPeople(tx, db, [rootId, mergedId, String(lineage['parentId'])], now);
    if (locked.find((person) => person.id === rootId)?.status !== 'ACTIVE') throw new RetryableConflict('lineage changed');
    const params = { rootId, mergedId, subtree: lineage['subtree'] };
    await db.count(runQuery(tx, { text: cypher.RESTORE_OUTGOING, params: { ...params, types: OUTGOING_PERSON_TYPES } }));
    await db.count(runQuery(tx, { text: cypher.RESTORE_INCOMING, params: { ...params, types: INCOMING_PERSON_TYPES } }));
    await db.count(runQuery(tx, { text: cypher.UNLINK_MERGE, params: { mergedId, now } }));
    await recomputeProfile(tx, db, mergedId, config, now);
    await recomputeProfile(tx, db, rootId, config, now);
    changes.add({ personId: mergedId, kind: 'UNMERGED', changedFields: ['status', ...MERGE_FIELDS] });
    changes.add({ personId: rootId, kind: 'UNMERGED', changedFields: MERGE_FIELDS });
    return { survivorId: rootId, mergedId };
  });
}
