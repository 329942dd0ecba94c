import { join } from 'node:path';
import { REPO_ROOT, applyMigrations, createDriver, readNeo4jConfig, type Env } from '@cdp/shared';
import { DEFAULT_HEAP_MB, DEFAULT_PAGECACHE_MB, startLocalNeo4j } from '../neo4j/launcher.js';
import type { Neo4jConnection } from './stack.js';

export interface OpenDatabase extends AsyncDisposable {
  readonly connection: Neo4jConnection;
  /** True when this process started Neo4j itself (no NEO4J_URI was given). */
  readonly local: boolean;
  stop(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Data folder for the local Neo4j. @default data/neo4j (env NEO4J_HOME) */
  readonly home?: string;
  /** Bolt port for the local Neo4j. @default 7687 (env NEO4J_PORT) */
  readonly port?: number;
  /**
   * Page cache of the local Neo4j, in MiB. Neo4j reads fastest when its store fits: a store bigger
   * than the cache reads pages back from the file system on every miss.
   * @default 256 (env NEO4J_PAGECACHE_MB)
   */
  readonly pageCacheMb?: number;
  /** JVM heap of the local Neo4j, in MiB. @default 1024 (env NEO4J_HEAP_MB) */
  readonly heapMb?: number;
  /** Our own progress messages. */
  readonly log?: (line: string) => void;
  /** Every line the Neo4j JVM prints. @default discarded */
  readonly neo4jOutput?: (line: string) => void;
}

function megabytes(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 64) throw new Error(`${name} expects a whole number of MiB, at least 64, but got ${JSON.stringify(text)}`);
  return value;
}

/**
 * The local Neo4j's memory: what `given` sets wins; only what it leaves out is read (and checked)
 * from NEO4J_PAGECACHE_MB and NEO4J_HEAP_MB.
 */
export function localNeo4jMemory(
  env: Env,
  given: Pick<OpenDatabaseOptions, 'pageCacheMb' | 'heapMb'> = {},
): { readonly pageCacheMb: number; readonly heapMb: number } {
  return {
    pageCacheMb: given.pageCacheMb ?? megabytes(env, 'NEO4J_PAGECACHE_MB', DEFAULT_PAGECACHE_MB),
    heapMb: given.heapMb ?? megabytes(env, 'NEO4J_HEAP_MB', DEFAULT_HEAP_MB),
  };
}

/**
 * NEO4J_URI set: use that server. Unset: start the local Neo4j from Maven Central artifacts.
 * Either way, apply the schema migrations before anyone queries.
 */
export async function openDatabase(env: Env, options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  let connection: Neo4jConnection;
  let stop = async (): Promise<void> => {};
  const local = env['NEO4J_URI'] === undefined || env['NEO4J_URI'] === '';
  if (local) {
    const home = options.home ?? env['NEO4J_HOME'] ?? join(REPO_ROOT, 'data/neo4j');
    const port = options.port ?? Number(env['NEO4J_PORT'] ?? 7687);
    const { pageCacheMb, heapMb } = localNeo4jMemory(env, options);
    const neo4j = await startLocalNeo4j({ home, port, pageCacheMb, heapMb, ...(options.neo4jOutput ? { onOutput: options.neo4jOutput } : {}) });
    options.log?.(`Neo4j ready on ${neo4j.uri} in ${neo4j.startupMs} ms (data in ${home}; heap ${heapMb} MiB, page cache ${pageCacheMb} MiB)`);
    connection = { uri: neo4j.uri };
    stop = () => neo4j.stop();
  } else {
    const config = readNeo4jConfig(env);
    connection = { uri: config.uri, user: config.user, password: config.password };
  }
  try {
    const config = readNeo4jConfig({ ...env, NEO4J_URI: connection.uri });
    const driver = createDriver(config);
    try {
      const count = await applyMigrations(driver, config.database);
      options.log?.(`applied ${count} schema migrations`);
    } finally {
      await driver.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { connection, local, stop, [Symbol.asyncDispose]: stop };
}
