import { badInput, decodeCursor, encodeCursor, pageSize, runQuery, show, type Database } from '@cdp/shared';
import neo4j from 'neo4j-driver';
import * as cypher from './cypher.js';

const MAX_QUERY_LENGTH = 200;
/** Search pages by offset: relevance scores are not a stable sort key, and results are capped. */
const MAX_RESULTS = 1000;
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * Turns what a person types into a Lucene query: every word must match; plain words match as
 * prefixes ("lov" finds Lovelace), words with punctuation (e-mail, phone) as exact phrases.
 */
export function luceneQuery(text: string): string {
  const words = text.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return words
    .map((word) => (/^[\p{L}\p{N}]+$/u.test(word) ? `${word}*` : `"${word.replace(LUCENE_SPECIAL, '\\$&')}"`))
    .join(' AND ');
}

export interface SearchPage {
  readonly hits: { id: string; score: number; cursor: string }[];
  readonly hasNextPage: boolean;
}

export async function searchPeople(db: Database, query: string, first: number | null | undefined, after: string | null | undefined): Promise<SearchPage> {
  const trimmed = query.trim();
  if (trimmed === '' || trimmed.length > MAX_QUERY_LENGTH) {
    throw badInput(`query expects 1 to ${MAX_QUERY_LENGTH} characters, but got ${show(query)}.`, { field: 'query' });
  }
  const size = pageSize(first, 20, 100);
  const skip = after ? Number(decodeCursor(after, 1)[0]) : 0;
  if (!Number.isInteger(skip) || skip < 0 || skip >= MAX_RESULTS) {
    throw badInput(`after expects a cursor returned by this API, but got ${show(after)}.`, { argument: 'after' });
  }
  const rows = await db.read(async (tx) => {
    await db.count(runQuery(tx, { text: cypher.AWAIT_SEARCH_INDEX, params: {} }));
    return db.count(
      runQuery(tx, {
        text: cypher.SEARCH_PEOPLE,
        params: { query: luceneQuery(trimmed), skip: neo4j.int(skip), limit: neo4j.int(Math.min(size + 1, MAX_RESULTS - skip)) },
      }),
    );
  });
  const hits = rows.slice(0, size).map((row, index) => ({
    id: String(row['id']),
    score: Number(row['score']),
    cursor: encodeCursor([skip + index + 1]),
  }));
  return { hits, hasNextPage: rows.length > size };
}
