import { groupBy, keyedLoader, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';

export interface PersonRow {
  readonly id: string;
  readonly status: 'ACTIVE' | 'MERGED' | 'ERASED';
  readonly known: boolean;
  readonly displayName: string | null;
  /** JSON text as stored; parsed by the `traits` resolver. */
  readonly traits: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface IdentifierRow {
  readonly type: string;
  readonly value: string;
  readonly source: string;
  readonly firstSeenAt: string;
}

export function createProfileLoaders(db: Database) {
  return {
    /** By id, merged ids resolving to their survivor; null when no such person. */
    person: keyedLoader<string, PersonRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.PEOPLE_BY_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['requestedId']), row['person'] as PersonRow]));
    }, null),
    identifiers: keyedLoader<string, IdentifierRow[]>(async (ids) => {
      const rows = await db.readRows({ text: cypher.IDENTIFIERS_BY_PERSON_IDS, params: { ids } });
      const groups = groupBy(rows, (row) => String(row['personId']));
      return new Map([...groups].map(([id, group]) => [id, group.map((row) => row['identifier'] as IdentifierRow)]));
    }, []),
  };
}

export type ProfileLoaders = ReturnType<typeof createProfileLoaders>;
