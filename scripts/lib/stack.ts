import { SUBGRAPH_NAMES, type SubgraphName } from '@cdp/shared';
import { spawnService, type ServiceProcess } from './processes.js';

export interface Neo4jConnection {
  readonly uri: string;
  readonly user?: string;
  readonly password?: string;
}

export interface StackOptions {
  readonly neo4j: Neo4jConnection;
  /** Port per service; 0 picks a free one (what tests use). @default 4000-4003 */
  readonly ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  /** Extra environment for every service. */
  readonly env?: Record<string, string>;
  readonly onOutput?: (name: string, line: string) => void;
}

export interface Stack extends AsyncDisposable {
  readonly gatewayUrl: string;
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  readonly processes: readonly ServiceProcess[];
  stop(): Promise<void>;
}

const ENTRY: Record<SubgraphName, string> = {
  profile: 'subgraphs/profile/src/main.ts',
  relationship: 'subgraphs/relationship/src/main.ts',
  interaction: 'subgraphs/interaction/src/main.ts',
};

/**
 * Starts the three subgraphs (in parallel) and then the gateway pointed at them, each as a real
 * process. Used by `npm start` and by the test suites alike.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const neo4jEnv = {
    NEO4J_URI: options.neo4j.uri,
    ...(options.neo4j.user === undefined ? {} : { NEO4J_USER: options.neo4j.user }),
    ...(options.neo4j.password === undefined ? {} : { NEO4J_PASSWORD: options.neo4j.password }),
  };
  const started: ServiceProcess[] = [];
  const stop = async (): Promise<void> => {
    // Gateway first, so nothing new reaches subgraphs that are going away.
    await Promise.all([...started].reverse().map((service) => service.stop()));
  };
  try {
    const subgraphs = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const service = await spawnService({
          name,
          entry: ENTRY[name],
          env: {
            ...options.env,
            ...neo4jEnv,
            ...(options.ports?.[name] === undefined ? {} : { [`${name.toUpperCase()}_PORT`]: String(options.ports[name]) }),
          },
          readyPrefix: 'SUBGRAPH_READY',
          ...(options.onOutput ? { onOutput: options.onOutput } : {}),
        });
        started.push(service);
        return [name, service.url] as const;
      }),
    );
    const subgraphUrls = Object.fromEntries(subgraphs) as Record<SubgraphName, string>;
    const gateway = await spawnService({
      name: 'gateway',
      entry: 'gateway/src/main.ts',
      env: {
        ...options.env,
        ...(options.ports?.gateway === undefined ? {} : { GATEWAY_PORT: String(options.ports.gateway) }),
        ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, subgraphUrls[name]])),
      },
      readyPrefix: 'GATEWAY_READY',
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
    started.push(gateway);
    return { gatewayUrl: gateway.url, subgraphUrls, processes: started, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
