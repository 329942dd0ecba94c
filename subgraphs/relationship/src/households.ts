import { randomUUID } from 'node:crypto';
import { asJsonObject, badInput, notFound, runQuery, show, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';

export const HOUSEHOLD_ROLES = ['HEAD', 'PARTNER', 'CHILD', 'DEPENDANT', 'OTHER'] as const;
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];

const MAX_NAME_LENGTH = 200;

export async function createHousehold(db: Database, input: { name: string; address?: unknown }): Promise<string> {
  const name = input.name.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH) {
    throw badInput(`name expects 1 to ${MAX_NAME_LENGTH} characters, but got ${show(input.name)}.`, { field: 'name' });
  }
  const address = input.address === undefined || input.address === null ? null : asJsonObject(input.address, 'address');
  const id = randomUUID();
  await db.writeRows({
    text: cypher.CREATE_HOUSEHOLD,
    params: { id, name, address: address === null ? null : JSON.stringify(address), now: new Date().toISOString() },
  });
  return id;
}

/** Adds (or moves) a member; an unknown household or person is NOT_FOUND and nothing is written. */
export async function addHouseholdMember(
  db: Database,
  householdId: string,
  personId: string,
  role: HouseholdRole,
): Promise<string> {
  return db.write(async (tx) => {
    const rows = await db.count(
      runQuery(tx, { text: cypher.ADD_HOUSEHOLD_MEMBER, params: { householdId, personId, role, now: new Date().toISOString() } }),
    );
    if (rows.length > 0) return householdId;
    const [household] = await db.count(runQuery(tx, { text: cypher.HOUSEHOLD_EXISTS, params: { householdId } }));
    if (!household) throw notFound('household', householdId);
    throw notFound('person', personId);
  });
}
