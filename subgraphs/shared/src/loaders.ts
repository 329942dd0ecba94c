import DataLoader from 'dataloader';

/**
 * A per-request loader for "rows by key": one statement for all keys asked for in the same tick.
 * `load` must return a map from key to value; missing keys resolve to `missing`.
 */
export function keyedLoader<K extends string, V>(
  load: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
  missing: V,
): DataLoader<K, V> {
  return new DataLoader<K, V>(
    async (keys) => {
      const found = await load(keys);
      return keys.map((key) => found.get(key) ?? missing);
    },
    { maxBatchSize: 1000 },
  );
}

/** Groups rows by a string column, keeping their order: for one-to-many loaders. */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Rows grouped by a key column, each group as its value column, in row order: what a one-to-many loader returns. */
export function listsBy<V>(rows: readonly Record<string, unknown>[], keyColumn: string, valueColumn: string): Map<string, V[]> {
  const groups = groupBy(rows, (row) => String(row[keyColumn]));
  return new Map([...groups].map(([key, group]) => [key, group.map((row) => row[valueColumn] as V)]));
}

/**
 * One DataLoader per distinct set of field arguments: Cypher's LIMIT and depth cannot vary per
 * row of one statement, so the entities asking with the same arguments share a statement.
 */
export function perArguments<A, L>(signature: (args: A) => string, make: (args: A) => L): (args: A) => L {
  const made = new Map<string, L>();
  return (args) => {
    const key = signature(args);
    let loader = made.get(key);
    if (loader === undefined) {
      loader = make(args);
      made.set(key, loader);
    }
    return loader;
  };
}
