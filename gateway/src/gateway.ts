import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGatewayRuntime, createLoggerFromLogging, type GatewayRuntime, type Logger } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { CLAIMS_HEADER, SCHEMA_DIR, sendJson, signClaims, type Env } from '@cdp/shared';
import { createAuth, type Auth } from './auth.js';
import { readGatewayConfig, type GatewayConfig } from './config.js';
import { maskUnlessFromSubgraph, variableErrorCodes } from './error-codes.js';
import { createExplorerHandler } from './explorer.js';
import { limitsPlugins } from './limits.js';
import { createTrackingHandler } from './tracking/index.js';
import { attachWebSocket } from './websocket.js';

export interface RunningGateway extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly config: GatewayConfig;
  close(): Promise<void>;
}

function logging(level: string): false | 'debug' | 'info' | 'warn' | 'error' {
  switch (level) {
    case 'silent':
      return false;
    case 'debug':
    case 'info':
    case 'warn':
    case 'error':
      return level;
    default:
      return 'info';
  }
}

/**
 * The Hive Gateway runtime over the locally composed supergraph. Subgraph URLs come from config;
 * every subgraph request carries the caller's verified claims, signed, in `x-cdp-claims`
 * (interpolated from the context the auth plugin builds); subscriptions reach the profile
 * subgraph over graphql-ws with the same claims in connection_init.
 */
export function createGateway(config: GatewayConfig, auth: Auth, log: Logger): GatewayRuntime {
  const claimsHeader: [string, string] = ['x-cdp-claims', '{context.cdpClaims}'];
  return createGatewayRuntime({
    supergraph: config.supergraphPath,
    ...(config.queryPlanner === 'rust' ? { unifiedGraphHandler } : {}),
    transportEntries: Object.fromEntries(
      Object.entries(config.subgraphUrls).map(([name, location]) => [
        name,
        {
          location,
          headers: [claimsHeader],
          options: { subscriptions: { kind: 'ws', location, options: { connectionParams: { 'x-cdp-claims': '{context.cdpClaims}' } } } },
        },
      ]),
    ),
    maskedErrors: { maskError: maskUnlessFromSubgraph },
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    readinessCheckEndpoint: '/ready',
    graphiql: config.production ? false : { title: 'Customer graph' },
    landingPage: false,
    logging: log,
    ...(config.production ? { disableIntrospection: { disableIf: () => true } } : {}),
    plugins: () => [auth.plugin, variableErrorCodes, ...limitsPlugins(config.limits)],
  });
}

export async function startGateway(env: Env = process.env): Promise<RunningGateway> {
  const config = readGatewayConfig(env, join(SCHEMA_DIR, 'supergraph.graphql'));
  const auth = createAuth(config.auth);
  // One logger for the runtime and the WebSocket layer, so both honour LOG_LEVEL alike.
  const log = createLoggerFromLogging(logging(config.logLevel));
  const runtime = createGateway(config, auth, log);
  // Load the supergraph before accepting anyone: the runtime loads it lazily on the first HTTP
  // request, and a WebSocket operation arriving first would otherwise find no schema.
  await runtime.getSchema();
  // The Segment-compatible tracking API: its own write-key auth, then signed calls to subgraphs
  // with just the scopes ingestion needs.
  const tracking = createTrackingHandler({
    profileUrl: config.subgraphUrls.profile,
    interactionUrl: config.subgraphUrls.interaction,
    writeKeys: config.writeKeys,
    signHeaders: () => ({
      [CLAIMS_HEADER]: signClaims(
        { sub: 'tracking-api', scopes: ['profile:read', 'profile:write'], exp: Math.floor(Date.now() / 1000) + 60 },
        config.auth.signingSecret,
      ),
    }),
  });
  // The Customer 360 explorer's static files under /explorer (built by `npm run build`).
  const explorer = createExplorerHandler();
  const server: Server = createServer((req, res) => {
    const contentLength = Number(req.headers['content-length'] ?? '0');
    if (contentLength > config.limits.maxBodyBytes) {
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `Request body exceeds the limit of ${config.limits.maxBodyBytes} bytes.`, extensions: { code: 'BAD_USER_INPUT' } }] }));
      return;
    }
    // Yoga answers errors itself; the promise only settles when the response is written.
    explorer(req, res)
      .then((handled) => handled || tracking(req, res))
      .then(
        (handled) => (handled ? undefined : runtime(req, res)),
        () => {
          if (!res.headersSent) sendJson(res, 500, { success: false, message: 'Internal server error' });
          else res.end();
        },
      );
  });
  const sockets = attachWebSocket(server, runtime, {
    maxSubscriptionsPerConnection: config.limits.maxSubscriptionsPerConnection,
    maxBufferedBytes: config.limits.maxWsBufferedBytes,
    maxPayloadBytes: config.limits.maxBodyBytes,
    authenticate: (params) => auth.authenticateConnection(params),
    onSlowConsumer: (detail) => log.warn({ ...detail }, 'Closed a WebSocket consumer as too slow (4408)'),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await sockets.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await runtime[Symbol.asyncDispose]();
    })();
    return closing;
  };
  return { url: `http://${config.host}:${port}/graphql`, port, config, close, [Symbol.asyncDispose]: close };
}
