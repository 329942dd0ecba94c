import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { SCHEMA_DIR, type Env } from '@cdp/shared';
import { readGatewayConfig, type GatewayConfig } from './config.js';

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

/** The Hive Gateway runtime over the locally composed supergraph, with subgraph URLs from config. */
export function createGateway(config: GatewayConfig): GatewayRuntime {
  return createGatewayRuntime({
    supergraph: config.supergraphPath,
    transportEntries: Object.fromEntries(
      Object.entries(config.subgraphUrls).map(([name, location]) => [name, { location }]),
    ),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    readinessCheckEndpoint: '/ready',
    graphiql: { title: 'Customer graph' },
    landingPage: false,
    logging: logging(config.logLevel),
  });
}

export async function startGateway(env: Env = process.env): Promise<RunningGateway> {
  const config = readGatewayConfig(env, join(SCHEMA_DIR, 'supergraph.graphql'));
  const runtime = createGateway(config);
  const server: Server = createServer((req, res) => {
    // Yoga answers errors itself; the promise only settles when the response is written.
    void runtime(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
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
