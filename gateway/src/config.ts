import {
  ConfigError,
  DEFAULT_PORTS,
  SCOPES,
  SUBGRAPH_NAMES,
  readInt,
  readSigningSecret,
  readString,
  readUrl,
  type Env,
  type SubgraphName,
} from '@cdp/shared';

export interface AuthConfig {
  /**
   * "jwt": every request needs a valid bearer token. "dev": no token needed, every caller gets
   * `devScopes`; only when explicitly set with AUTH_MODE=dev. @default "jwt"
   */
  readonly mode: 'jwt' | 'dev';
  /** HS256 shared secret for tokens. Env JWT_SECRET. */
  readonly jwtSecret?: string;
  /** JWKS URL for RS/ES-signed tokens. Env JWT_JWKS_URL. */
  readonly jwksUrl?: string;
  /** Required `iss`. Env JWT_ISSUER. */
  readonly issuer?: string;
  /** Required `aud`. Env JWT_AUDIENCE. */
  readonly audience?: string;
  /** Shared with the subgraphs to sign forwarded claims. Env INTERNAL_SIGNING_SECRET. */
  readonly signingSecret: string;
  /** Scopes a dev-mode caller gets. Env DEV_SCOPES. @default all scopes */
  readonly devScopes: readonly string[];
}

/** Operation limits, the same on HTTP and WebSocket. */
export interface LimitsConfig {
  /** Env MAX_DEPTH. @default 12 */
  readonly maxDepth: number;
  /** Env MAX_ALIASES. @default 15 */
  readonly maxAliases: number;
  /** Env MAX_TOKENS. @default 2000 */
  readonly maxTokens: number;
  /** Env MAX_COST. @default 5000 */
  readonly maxCost: number;
  /** Env MAX_BODY_BYTES. @default 1048576 */
  readonly maxBodyBytes: number;
  /** Env MAX_SUBSCRIPTIONS_PER_CONNECTION. @default 20 */
  readonly maxSubscriptionsPerConnection: number;
  /** Env MAX_WS_BUFFERED_BYTES. @default 4194304 */
  readonly maxWsBufferedBytes: number;
}

export interface GatewayConfig {
  /** @default "127.0.0.1" */
  readonly host: string;
  /** @default 4000 */
  readonly port: number;
  /** Where each subgraph's /graphql lives. @default http://127.0.0.1:400{1,2,3}/graphql */
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  /** Path of the composed supergraph SDL. @default schema/supergraph.graphql */
  readonly supergraphPath: string;
  /** Hive Gateway log level: debug, info, warn, error, or silent. @default "info" */
  readonly logLevel: string;
  /**
   * Who plans and runs federated operations. "rust": Hive Router's query planner and executor
   * (a native addon; measured here at about 40% less gateway CPU per customer-360 request);
   * "js": Hive Gateway's own stitching runtime, a fallback. Env GATEWAY_QUERY_PLANNER.
   * @default "rust"
   */
  readonly queryPlanner: 'rust' | 'js';
  /** NODE_ENV=production: no introspection, no GraphiQL, no field suggestions. */
  readonly production: boolean;
  /** Segment write keys accepted by the tracking API. Env TRACKING_WRITE_KEYS (comma-separated). */
  readonly writeKeys: ReadonlySet<string>;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
}

function readAuth(env: Env): AuthConfig {
  const mode = readString(env, 'AUTH_MODE', 'jwt');
  if (mode !== 'jwt' && mode !== 'dev') throw new ConfigError(`AUTH_MODE must be "jwt" or "dev", but is ${JSON.stringify(mode)}`);
  const jwtSecret = env['JWT_SECRET'];
  const jwksUrl = env['JWT_JWKS_URL'];
  if (mode === 'jwt' && !jwtSecret && !jwksUrl) {
    throw new ConfigError('AUTH_MODE=jwt needs JWT_SECRET or JWT_JWKS_URL; set AUTH_MODE=dev to run without authentication on purpose.');
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) throw new ConfigError(`JWT_SECRET must have at least 32 characters, but has ${jwtSecret.length}.`);
  const devScopes = (env['DEV_SCOPES'] ?? SCOPES.join(',')).split(',').map((scope) => scope.trim()).filter((scope) => scope !== '');
  return {
    mode,
    ...(jwtSecret ? { jwtSecret } : {}),
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(env['JWT_ISSUER'] ? { issuer: env['JWT_ISSUER'] } : {}),
    ...(env['JWT_AUDIENCE'] ? { audience: env['JWT_AUDIENCE'] } : {}),
    signingSecret: readSigningSecret(env),
    devScopes,
  };
}

export function readGatewayConfig(env: Env, supergraphPath: string): GatewayConfig {
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, readUrl(env, `${name.toUpperCase()}_URL`, `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`)]),
  ) as Record<SubgraphName, string>;
  const queryPlanner = readString(env, 'GATEWAY_QUERY_PLANNER', 'rust');
  if (queryPlanner !== 'rust' && queryPlanner !== 'js') {
    throw new ConfigError(`GATEWAY_QUERY_PLANNER must be "rust" or "js", but is ${JSON.stringify(queryPlanner)}`);
  }
  return {
    queryPlanner,
    host: readString(env, 'HOST', '127.0.0.1'),
    port: readInt(env, 'GATEWAY_PORT', DEFAULT_PORTS.gateway, 0, 65535),
    subgraphUrls,
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', supergraphPath),
    logLevel: readString(env, 'LOG_LEVEL', 'info'),
    production: env['NODE_ENV'] === 'production',
    writeKeys: new Set((env['TRACKING_WRITE_KEYS'] ?? '').split(',').map((key) => key.trim()).filter((key) => key !== '')),
    auth: readAuth(env),
    limits: {
      maxDepth: readInt(env, 'MAX_DEPTH', 12, 1, 100),
      maxAliases: readInt(env, 'MAX_ALIASES', 15, 0, 1000),
      maxTokens: readInt(env, 'MAX_TOKENS', 2000, 10, 100_000),
      maxCost: readInt(env, 'MAX_COST', 5000, 1, 10_000_000),
      maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024),
      maxSubscriptionsPerConnection: readInt(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
      maxWsBufferedBytes: readInt(env, 'MAX_WS_BUFFERED_BYTES', 4 * 1024 * 1024, 1024),
    },
  };
}
