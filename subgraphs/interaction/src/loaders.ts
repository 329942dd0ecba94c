import type DataLoader from 'dataloader';
import neo4j from 'neo4j-driver';
import { decodeCursor, keyedLoader, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';

export interface InteractionRow {
  readonly id: string;
  readonly channel: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** JSON text as stored. */
  readonly properties: string;
  readonly content: string | null;
  readonly messageId: string | null;
  readonly personId: string;
}

export interface TimelineArgs {
  readonly first: number;
  readonly after: string | null;
}

/**
 * Timeline pages are batched per distinct (first, after): the gateway asks for many people's
 * first page at once, and they share one statement, since Cypher's LIMIT cannot vary per row.
 */
function timelineLoaders(db: Database) {
  const byArgs = new Map<string, DataLoader<string, InteractionRow[]>>();
  return (args: TimelineArgs): DataLoader<string, InteractionRow[]> => {
    const signature = `${args.first}:${args.after ?? ''}`;
    let loader = byArgs.get(signature);
    if (loader === undefined) {
      const [afterAt, afterId] = args.after === null ? [null, null] : decodeCursor(args.after, 2);
      loader = keyedLoader<string, InteractionRow[]>(async (personIds) => {
        const rows = await db.readRows({
          text: cypher.TIMELINE_PAGES,
          params: { personIds, afterAt, afterId, limit: neo4j.int(args.first + 1) },
        });
        return new Map(rows.map((row) => [String(row['personId']), row['interactions'] as InteractionRow[]]));
      }, []);
      byArgs.set(signature, loader);
    }
    return loader;
  };
}

export function createInteractionLoaders(db: Database) {
  return {
    interaction: keyedLoader<string, InteractionRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.INTERACTIONS_BY_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['id']), row['interaction'] as InteractionRow]));
    }, null),
    timeline: timelineLoaders(db),
  };
}

export type InteractionLoaders = ReturnType<typeof createInteractionLoaders>;
