/**
 * Configuration read from the environment, validated once at start so a typo fails loudly
 * with the variable's name instead of surfacing later as a confusing connection error.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface Neo4jConfig {
  /** Bolt URI. @default "bolt://127.0.0.1:7687" */
  readonly uri: string;
  /** @default "neo4j" */
  readonly user: string;
  /** Empty for the local launcher, which runs with authentication off on loopback. @default "" */
  readonly password: string;
  /** @default "neo4j" */
  readonly database: string;
  /** Connections per process. @default 50 */
  readonly maxPoolSize: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readInt(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, but is ${JSON.stringify(raw)}`);
  }
  return value;
}

export function readString(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

export function readUrl(env: Env, name: string, fallback: string): string {
  const value = readString(env, name, fallback);
  try {
    return new URL(value).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, but is ${JSON.stringify(value)}`);
  }
}

export function readNeo4jConfig(env: Env): Neo4jConfig {
  const uri = readString(env, 'NEO4J_URI', 'bolt://127.0.0.1:7687');
  if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(uri)) {
    throw new ConfigError(`NEO4J_URI must start with bolt:// or neo4j:// (optionally +s or +ssc), but is ${JSON.stringify(uri)}`);
  }
  return {
    uri,
    user: readString(env, 'NEO4J_USER', 'neo4j'),
    password: env['NEO4J_PASSWORD'] ?? '',
    database: readString(env, 'NEO4J_DATABASE', 'neo4j'),
    maxPoolSize: readInt(env, 'NEO4J_MAX_POOL_SIZE', 50, 1, 1000),
  };
}

/** Default ports, one place: gateway 4000, subgraphs 4001-4003. */
export const DEFAULT_PORTS = {
  gateway: 4000,
  profile: 4001,
  relationship: 4002,
  interaction: 4003,
} as const;

export type SubgraphName = 'profile' | 'relationship' | 'interaction';

export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['profile', 'relationship', 'interaction'];

export interface SubgraphConfig {
  readonly name: SubgraphName;
  /** @default 127.0.0.1 */
  readonly host: string;
  /** @default DEFAULT_PORTS[name] */
  readonly port: number;
  /** Largest accepted request body in bytes. @default 1048576 */
  readonly maxBodyBytes: number;
  readonly neo4j: Neo4jConfig;
}

export function readSubgraphConfig(name: SubgraphName, env: Env): SubgraphConfig {
  return {
    name,
    host: readString(env, 'HOST', '127.0.0.1'),
    port: readInt(env, `${name.toUpperCase()}_PORT`, DEFAULT_PORTS[name], 0, 65535),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024),
    neo4j: readNeo4jConfig(env),
  };
}
