import { DEFAULT_PORTS, SUBGRAPH_NAMES, readInt, readString, readUrl, type Env, type SubgraphName } from '@cdp/shared';

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
}

export function readGatewayConfig(env: Env, supergraphPath: string): GatewayConfig {
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      readUrl(env, `${name.toUpperCase()}_URL`, `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`),
    ]),
  ) as Record<SubgraphName, string>;
  return {
    host: readString(env, 'HOST', '127.0.0.1'),
    port: readInt(env, 'GATEWAY_PORT', DEFAULT_PORTS.gateway, 0, 65535),
    subgraphUrls,
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', supergraphPath),
    logLevel: readString(env, 'LOG_LEVEL', 'info'),
  };
}
