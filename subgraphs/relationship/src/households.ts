import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError, ErrorCode, asJsonObject, badInput, notFound, runQuery, show, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';
import { nameArg } from './limits.js';
import { reportChanged, resolveAndLockPeople } from './people.js';

export const HOUSEHOLD_ROLES = ['HEAD', 'PARTNER', 'CHILD', 'DEPENDANT', 'OTHER'] as const;
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];

/** Person fields a membership change can change. */
export const HOUSEHOLD_FIELDS: readonly string[] = ['household', 'householdHistory'];

export interface CreateHouseholdInput {
  readonly name: string;
  /** A JSON object (street, city, ...); stored as JSON text. */
  readonly address?: unknown;
}

function addressText(address: unknown): string | null {
  return address === undefined || address === null ? null : JSON.stringify(asJsonObject(address, 'address'));
}

/** Creates a household inside the caller's transaction, so a suggestion's members can join it atomically. */
export async function createHouseholdInTx(tx: ManagedTransaction, db: Database, input: CreateHouseholdInput): Promise<string> {
  const name = nameArg('name', input.name);
  const address = addressText(input.address);
  const id = randomUUID();
  await db.count(runQuery(tx, { text: cypher.CREATE_HOUSEHOLD, params: { id, name, address, now: new Date().toISOString() } }));
  return id;
}

export async function createHousehold(db: Database, input: CreateHouseholdInput): Promise<string> {
  nameArg('name', input.name);
  addressText(input.address);
  return db.write((tx) => createHouseholdInTx(tx, db, input));
}

export async function renameHousehold(db: Database, id: string, name: string): Promise<string> {
  const newName = nameArg('name', name);
  return db.write(async (tx, changes) => {
    const [row] = await db.count(runQuery(tx, { text: cypher.RENAME_HOUSEHOLD, params: { id, name: newName } }));
    if (!row) throw notFound('household', id);
    reportChanged(changes, row['memberIds'] as string[], 'HOUSEHOLD_CHANGED', ['household']);
    return id;
  });
}

async function requireHousehold(tx: ManagedTransaction, db: Database, householdId: string): Promise<void> {
  const [household] = await db.count(runQuery(tx, { text: cypher.HOUSEHOLD_EXISTS, params: { householdId } }));
  if (!household) throw notFound('household', householdId);
}

async function join(tx: ManagedTransaction, db: Database, householdId: string, personId: string, role: HouseholdRole): Promise<void> {
  await db.count(
    runQuery(tx, { text: cypher.ADD_HOUSEHOLD_MEMBER, params: { householdId, personId, role, now: new Date().toISOString() } }),
  );
}

/**
 * Adds (or moves) a member: a person in another household leaves it (kept as history). The
 * household is checked before the person, so an unknown household is reported as such.
 */
export async function addHouseholdMember(db: Database, householdId: string, personId: string, role: HouseholdRole): Promise<string> {
  return db.write(async (tx, changes) => {
    await requireHousehold(tx, db, householdId);
    const [survivorId] = await resolveAndLockPeople(tx, db, [personId]);
    await join(tx, db, householdId, survivorId!, role);
    reportChanged(changes, [survivorId!], 'HOUSEHOLD_CHANGED', HOUSEHOLD_FIELDS);
    return householdId;
  });
}

/** Moves a current member to another household, keeping their role unless one is given. */
export async function moveHouseholdMember(
  db: Database,
  personId: string,
  toHouseholdId: string,
  role: HouseholdRole | null,
): Promise<string> {
  return db.write(async (tx, changes) => {
    await requireHousehold(tx, db, toHouseholdId);
    const [survivorId] = await resolveAndLockPeople(tx, db, [personId]);
    const [current] = await db.count(runQuery(tx, { text: cypher.CURRENT_MEMBERSHIP, params: { personId: survivorId } }));
    if (!current) {
      throw badInput(
        `personId expects a person who is a member of a household, but person ${show(personId)} is in none; use addHouseholdMember.`,
        { field: 'personId', personId },
      );
    }
    if (current['householdId'] === toHouseholdId) {
      throw badInput(
        `toHouseholdId expects a household other than the person's own, but person ${show(personId)} is already in ${show(toHouseholdId)}.`,
        { field: 'toHouseholdId', personId, householdId: toHouseholdId },
      );
    }
    await join(tx, db, toHouseholdId, survivorId!, role ?? (String(current['role']) as HouseholdRole));
    reportChanged(changes, [survivorId!], 'HOUSEHOLD_CHANGED', HOUSEHOLD_FIELDS);
    return toHouseholdId;
  });
}

/** Ends a membership (kept as history). A person who is not a member is NOT_FOUND, saying so. */
export async function removeHouseholdMember(db: Database, householdId: string, personId: string): Promise<string> {
  return db.write(async (tx, changes) => {
    await requireHousehold(tx, db, householdId);
    const [survivorId] = await resolveAndLockPeople(tx, db, [personId]);
    const [ended] = await db.count(
      runQuery(tx, {
        text: cypher.END_HOUSEHOLD_MEMBERSHIP,
        params: { householdId, personId: survivorId, now: new Date().toISOString() },
      }),
    );
    if (!ended) {
      throw new ApiError(
        ErrorCode.NOT_FOUND,
        `Expected a current member of household ${show(householdId)}, but person ${show(personId)} is not one.`,
        { kind: 'household member', householdId, personId },
      );
    }
    reportChanged(changes, [survivorId!], 'HOUSEHOLD_CHANGED', HOUSEHOLD_FIELDS);
    return householdId;
  });
}
