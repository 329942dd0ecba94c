import type DataLoader from 'dataloader';
import neo4j from 'neo4j-driver';
import { decodeCursor, keyedLoader, listsBy, parseObservations, type Database, type Observations } from '@cdp/shared';
import type { ConsentRow } from './consent.js';
import * as cypher from './cypher.js';

export interface PersonRow {
  readonly id: string;
  readonly status: 'ACTIVE' | 'MERGED' | 'ERASED';
  readonly known: boolean;
  readonly displayName: string | null;
  /** JSON text as stored; parsed by the `traits` resolver. */
  readonly traits: string | null;
  /** JSON text: trait name to the chosen observation and rule. */
  readonly traitSources: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface IdentifierRow {
  readonly type: string;
  readonly value: string;
  readonly source: string;
  readonly firstSeenAt: string;
  readonly rule: string;
  readonly mergedFrom: string | null;
}

export interface SourceRecordRow {
  readonly id: string;
  readonly source: string;
  readonly messageId: string | null;
  readonly payload: string;
  readonly receivedAt: string;
  readonly observedAt: string;
}

export interface MergeEventRow {
  readonly survivorId: string;
  readonly mergedId: string;
  readonly at: string;
  readonly rule: string;
  readonly reason: string;
  readonly unmergedAt: string | null;
}

export interface IdentityGraphRow {
  readonly identifiers: { id: string; type: string; value: string; rule: string; mergedFrom: string | null; at: string }[];
  readonly records: { id: string; source: string; at: string }[];
  readonly merges: { id: string; into: string; rule: string; at: string }[];
}

export interface PageArgs {
  readonly first: number;
  readonly after: string | null;
}

function byPersonId<V>(rows: readonly Record<string, unknown>[], column: string): Map<string, V> {
  return new Map(rows.map((row) => [String(row['personId']), row[column] as V]));
}

/** Per distinct (first, after): many people's first pages share one statement. */
function sourceRecordPages(db: Database) {
  const byArgs = new Map<string, DataLoader<string, SourceRecordRow[]>>();
  return (args: PageArgs): DataLoader<string, SourceRecordRow[]> => {
    const signature = `${args.first}:${args.after ?? ''}`;
    let loader = byArgs.get(signature);
    if (!loader) {
      const [afterAt, afterId] = args.after === null ? [null, null] : decodeCursor(args.after, 2);
      loader = keyedLoader<string, SourceRecordRow[]>(async (personIds) => {
        const rows = await db.readRows({
          text: cypher.SOURCE_RECORD_PAGES,
          params: { personIds, afterAt, afterId, limit: neo4j.int(args.first + 1) },
        });
        return byPersonId(rows, 'records');
      }, []);
      byArgs.set(signature, loader);
    }
    return loader;
  };
}

export function createProfileLoaders(db: Database) {
  /** By id, merged ids resolving to their survivor; null when no such person. */
  const person = keyedLoader<string, PersonRow | null>(async (ids) => {
    const rows = await db.readRows({ text: cypher.PEOPLE_BY_IDS, params: { ids } });
    return new Map(rows.map((row) => [String(row['requestedId']), row['person'] as PersonRow]));
  }, null);
  const identifiers = keyedLoader<string, IdentifierRow[]>(async (ids) => {
    const rows = await db.readRows({ text: cypher.IDENTIFIERS_BY_PERSON_IDS, params: { ids } });
    return listsBy<IdentifierRow>(rows, 'personId', 'identifier');
  }, []);
  const consentHistory = keyedLoader<string, ConsentRow[]>(async (ids) => {
    const rows = await db.readRows({ text: cypher.CONSENTS_BY_PERSON_IDS, params: { ids } });
    return listsBy<ConsentRow>(rows, 'personId', 'consent');
  }, []);
  return {
    person,
    /** The same, reading identifiers and consents along and priming their loaders with them. */
    personWithIdentifiersAndConsents: keyedLoader<string, PersonRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.PEOPLE_WITH_IDENTIFIERS_AND_CONSENTS_BY_IDS, params: { ids } });
      return new Map(
        rows.map((row) => {
          const found = row['person'] as PersonRow;
          person.prime(String(row['requestedId']), found);
          identifiers.prime(found.id, row['identifiers'] as IdentifierRow[]);
          consentHistory.prime(found.id, row['consents'] as ConsentRow[]);
          return [String(row['requestedId']), found];
        }),
      );
    }, null),
    identifiers,
    observations: keyedLoader<string, Observations>(async (ids) => {
      const rows = await db.readRows({ text: cypher.OBSERVATIONS_BY_PERSON_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['personId']), parseObservations(row['observations'])]));
    }, {}),
    sourceRecords: sourceRecordPages(db),
    mergeHistory: keyedLoader<string, MergeEventRow[]>(async (ids) => {
      const rows = await db.readRows({ text: cypher.MERGE_HISTORY_BY_PERSON_IDS, params: { ids } });
      return byPersonId(rows, 'events');
    }, []),
    identityGraph: keyedLoader<string, IdentityGraphRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.IDENTITY_GRAPHS_BY_PERSON_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['personId']), row as unknown as IdentityGraphRow]));
    }, null),
    consentHistory,
  };
}

export type ProfileLoaders = ReturnType<typeof createProfileLoaders>;
