import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { BASE_SCOPES, applyFieldScopes, type FieldScopes } from './authorization.js';
import { CLAIMS_HEADER, readSigningSecret, verifyClaims, type Claims } from './claims.js';
import { readSubgraphConfig, type Env, type SubgraphConfig, type SubgraphName } from './config.js';
import { ErrorCode, createErrorFormatter } from './errors.js';
import { connectEventBus, readEventBusConfig, type EventBus } from './event-bus.js';
import { BodyTooLargeError, readBody, sendJson } from './http.js';
import { createLogger, type Logger } from './log.js';
import { Database, createDriver } from './neo4j.js';

/** What every resolver gets: the database, this request's DataLoaders, a logger, and who is asking. */
export interface SubgraphContext<TLoaders> {
  readonly db: Database;
  readonly loaders: TLoaders;
  readonly logger: Logger;
  /** The caller as the gateway verified it. */
  readonly auth: Claims;
}

export interface SubgraphDefinition<TLoaders> {
  readonly name: SubgraphName;
  readonly typeDefs: DocumentNode;
  readonly resolvers: GraphQLResolverMap<SubgraphContext<TLoaders>>;
  /** Called once per request: DataLoaders must never outlive a request, or users see each other's cache. */
  readonly createLoaders: (db: Database) => TLoaders;
  /** Scopes for fields beyond the base rules (profile:read to read, profile:write to change), e.g. PII. */
  readonly fieldScopes?: FieldScopes;
  /**
   * Work the process does in the background for as long as it runs (the profile subgraph
   * sequences the change log). Started once the server listens; stopped before the driver closes.
   */
  readonly background?: (db: Database, bus: EventBus | undefined) => { stop(): Promise<void> };
  /**
   * Whether the subgraph talks to the change bus when EVENT_BUS=nats: only one that sequences the
   * change log or serves its subscriptions does; the others only append to the log in Neo4j.
   * @default false
   */
  readonly usesEventBus?: boolean;
}

export interface RunningSubgraph extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly db: Database;
  /** The NATS bus when EVENT_BUS=nats. */
  readonly bus: EventBus | undefined;
  close(): Promise<void>;
}

/** The event bus of a subgraph's database handle, for its sequencer and change feed. */
export const eventBuses = new WeakMap<Database, EventBus>();

/** Starts one subgraph: Apollo Server on Node's http module, with /graphql and /health. */
export async function startSubgraph<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  env: Env = process.env,
): Promise<RunningSubgraph> {
  const config: SubgraphConfig = readSubgraphConfig(definition.name, env);
  const logger = createLogger(`subgraph-${definition.name}`);
  const db = new Database(createDriver(config.neo4j), config.neo4j.database);
  const busConfig = definition.usesEventBus === true ? readEventBusConfig(env) : undefined;
  const bus = busConfig ? await connectEventBus(busConfig, logger) : undefined;
  if (bus) eventBuses.set(db, bus);
  const signingSecret = readSigningSecret(env);
  const schema = applyFieldScopes(buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers }]), {
    ...BASE_SCOPES,
    ...definition.fieldScopes,
  });
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // Traces are for Apollo's hosted reporting, which this project does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    if (url.pathname === '/health') {
      try {
        await db.ping();
        sendJson(res, 200, { status: 'ok', service: definition.name, neo4j: 'up' });
      } catch {
        sendJson(res, 503, { status: 'unavailable', service: definition.name, neo4j: 'down' });
      }
      return;
    }
    if (url.pathname !== '/graphql') {
      sendJson(res, 404, { errors: [{ message: `No route ${url.pathname}; use /graphql or /health.` }] });
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        const text = await readBody(req, config.maxBodyBytes);
        body = text === '' ? {} : JSON.parse(text);
      } catch (error) {
        const tooLarge = error instanceof BodyTooLargeError;
        sendJson(res, tooLarge ? 413 : 400, {
          errors: [
            {
              message: tooLarge ? error.message : 'Expected a JSON request body, but it could not be parsed.',
              extensions: { code: ErrorCode.BAD_USER_INPUT },
            },
          ],
        });
        return;
      }
    }
    // Only the gateway may call: it authenticated the caller and signed what it found.
    const claimsHeader = req.headers[CLAIMS_HEADER];
    const auth = verifyClaims(typeof claimsHeader === 'string' ? claimsHeader : undefined, signingSecret);
    if (auth === undefined) {
      sendJson(res, 401, {
        errors: [{ message: `Expected a request signed by the gateway (${CLAIMS_HEADER}), but it is missing, invalid or expired.`, extensions: { code: ErrorCode.UNAUTHENTICATED } }],
      });
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => Promise.resolve({ db, loaders: definition.createLoaders(db), logger, auth }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('request failed', { message: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  // Subscriptions speak graphql-ws on the same path; the gateway connects here for them.
  let sockets: { dispose(): Promise<void> | void } | undefined;
  let wss: WebSocketServer | undefined;
  if (schema.getSubscriptionType()) {
    wss = new WebSocketServer({ server, path: '/graphql', maxPayload: config.maxBodyBytes });
    sockets = useServer<Record<string, unknown>, { auth?: Claims }>(
      {
        schema,
        onConnect: (ctx) => {
          const header = ctx.connectionParams?.[CLAIMS_HEADER];
          const verified = verifyClaims(typeof header === 'string' ? header : undefined, signingSecret);
          if (verified === undefined) return false;
          ctx.extra.auth = verified;
          return true;
        },
        context: (ctx) => ({ db, loaders: definition.createLoaders(db), logger, auth: ctx.extra.auth }),
      },
      wss,
    );
  }

  const background = definition.background?.(db, bus);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await sockets?.dispose();
      await background?.stop();
      wss?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await bus?.close();
      await db.close();
    })();
    return closing;
  };
  return { url: `http://${config.host}:${port}/graphql`, port, db, bus, close, [Symbol.asyncDispose]: close };
}

/**
 * When started by our supervisor (EXIT_ON_STDIN_EOF=1), stdin is a pipe from it: its end means the
 * supervisor is gone, and a service without a supervisor must not linger holding a port.
 */
export function exitWithSupervisor(stop: () => void, env: Env = process.env): void {
  if (env['EXIT_ON_STDIN_EOF'] !== '1') return;
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

/**
 * Entry point of a service process (subgraph or gateway): start, print one ready line for
 * supervisors, stop cleanly on SIGINT/SIGTERM or when the supervisor goes away.
 */
export async function runService(
  name: string,
  readyLine: (url: string) => string,
  start: () => Promise<{ readonly url: string; close(): Promise<void> }>,
): Promise<void> {
  const logger = createLogger(name);
  try {
    const running = await start();
    process.stdout.write(`${readyLine(running.url)}\n`);
    const stop = (signal: string): void => {
      logger.info('stopping', { signal });
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    exitWithSupervisor(() => stop('supervisor gone'));
  } catch (error) {
    logger.error('failed to start', { message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

/** Entry point of a subgraph process: in-flight requests finish and the driver closes on stop. */
export function runSubgraph<TLoaders>(definition: SubgraphDefinition<TLoaders>): Promise<void> {
  return runService(`subgraph-${definition.name}`, (url) => `SUBGRAPH_READY ${definition.name} ${url}`, () => startSubgraph(definition));
}
