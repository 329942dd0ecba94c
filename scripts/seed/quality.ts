import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { normalizeIdentifier, type Database, type IdentifierInput } from '@cdp/shared';
import { RESOLVED_RECORDS } from './cypher.js';

/**
 * Identity-resolution quality against the generator's ground truth, over pairs of source records:
 * - precision: of the pairs the graph put in one person, how many are one real person;
 * - recall (resolvable): of the pairs of one real person linked by a chain of records sharing an
 *   exact identifier after normalisation, how many the graph put in one person;
 * - recall (all): of every pair of one real person, typos included, how many are in one person.
 */
export interface Quality {
  readonly records: number;
  readonly unresolved: number;
  readonly predictedPairs: number;
  readonly truePairs: number;
  readonly resolvablePairs: number;
  readonly correctPairs: number;
  readonly correctResolvablePairs: number;
  readonly precision: number;
  readonly recallResolvable: number;
  readonly recallAll: number;
}

interface TruthLine {
  readonly messageId: string;
  readonly person: number;
  readonly source: string;
  readonly identifiers: IdentifierInput[];
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

function countPairs(keys: Iterable<string>): number {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let total = 0;
  for (const n of counts.values()) total += pairs(n);
  return total;
}

/** Per real person: records joined when they share a normalised identifier (union-find). */
function components(lines: readonly TruthLine[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const owner = new Map<string, string>();
  for (const line of lines) {
    parent.set(line.messageId, line.messageId);
    for (const identifier of line.identifiers) {
      let key: string;
      try {
        key = `${line.person}|${normalizeIdentifier(identifier, line.source).key}`;
      } catch {
        continue;
      }
      const other = owner.get(key);
      if (other === undefined) owner.set(key, line.messageId);
      else parent.set(find(line.messageId), find(other));
    }
  }
  const result = new Map<string, string>();
  for (const line of lines) result.set(line.messageId, find(line.messageId));
  return result;
}

export async function measureQuality(db: Database, groundTruthPath: string): Promise<Quality> {
  const lines: TruthLine[] = [];
  const input = createInterface({ input: createReadStream(groundTruthPath), crlfDelay: Infinity });
  for await (const line of input) if (line.trim() !== '') lines.push(JSON.parse(line) as TruthLine);
  const resolved = new Map<string, string>();
  for (let i = 0; i < lines.length; i += 5000) {
    const rows = await db.readRows({ text: RESOLVED_RECORDS, params: { messageIds: lines.slice(i, i + 5000).map((l) => l.messageId) } });
    for (const row of rows) resolved.set(String(row['messageId']), String(row['personId']));
  }
  const component = components(lines);
  const found = lines.filter((line) => resolved.has(line.messageId));
  const of = (line: TruthLine): string => resolved.get(line.messageId) ?? '';
  const predictedPairs = countPairs(found.map(of));
  const truePairs = countPairs(found.map((l) => String(l.person)));
  const resolvablePairs = countPairs(found.map((l) => `${l.person}|${component.get(l.messageId)}`));
  const correctPairs = countPairs(found.map((l) => `${l.person}|${of(l)}`));
  const correctResolvablePairs = countPairs(found.map((l) => `${l.person}|${component.get(l.messageId)}|${of(l)}`));
  return {
    records: lines.length,
    unresolved: lines.length - found.length,
    predictedPairs,
    truePairs,
    resolvablePairs,
    correctPairs,
    correctResolvablePairs,
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    recallResolvable: resolvablePairs === 0 ? 1 : correctResolvablePairs / resolvablePairs,
    recallAll: truePairs === 0 ? 1 : correctPairs / truePairs,
  };
}

export function formatQuality(q: Quality): string {
  return [
    `identity resolution quality over ${q.records} source records (${q.unresolved} not found in the graph)`,
    `  precision            ${q.precision.toFixed(4)}  (${q.correctPairs} of ${q.predictedPairs} merged pairs are one real person; target >= 0.999)`,
    `  recall (resolvable)  ${q.recallResolvable.toFixed(4)}  (${q.correctResolvablePairs} of ${q.resolvablePairs} pairs linked by an exact identifier after normalisation; target >= 0.95)`,
    `  recall (all)         ${q.recallAll.toFixed(4)}  (${q.correctPairs} of ${q.truePairs} pairs of one real person, typo-only records included)`,
  ].join('\n');
}
