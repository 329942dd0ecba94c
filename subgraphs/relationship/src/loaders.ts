import { groupBy, keyedLoader, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';

export interface HouseholdRow {
  readonly id: string;
  readonly name: string;
  /** JSON text as stored. */
  readonly address: string | null;
  readonly createdAt: string;
}

export interface MemberRow {
  readonly personId: string;
  readonly role: string;
  readonly since: string;
}

export function createRelationshipLoaders(db: Database) {
  return {
    household: keyedLoader<string, HouseholdRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.HOUSEHOLDS_BY_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['id']), row['household'] as HouseholdRow]));
    }, null),
    members: keyedLoader<string, MemberRow[]>(async (ids) => {
      const rows = await db.readRows({ text: cypher.MEMBERS_BY_HOUSEHOLD_IDS, params: { ids } });
      const groups = groupBy(rows, (row) => String(row['id']));
      return new Map([...groups].map(([id, group]) => [id, group.map((row) => row['member'] as MemberRow)]));
    }, []),
    householdIdOfPerson: keyedLoader<string, string | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.HOUSEHOLD_ID_BY_PERSON_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['id']), String(row['householdId'])]));
    }, null),
  };
}

export type RelationshipLoaders = ReturnType<typeof createRelationshipLoaders>;
