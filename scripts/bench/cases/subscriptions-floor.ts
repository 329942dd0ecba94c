import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLID,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

/** What the floor publishes: the same shape the gateway's `profileChanged` selection returns. */
export interface FloorPayload {
  readonly cursor: string;
  readonly kind: 'IDENTIFIED';
  readonly personId: string;
  /** When the change was made (for the floor: published), ISO 8601, as the change log records it. */
  readonly at: string;
  readonly person: { readonly id: string; readonly traits: Record<string, unknown> };
}

export interface FloorServer {
  /** ws:// URL of the bare graphql-ws endpoint. */
  readonly url: string;
  /** Delivers `payload` to every current subscriber of `personId`. */
  publish(personId: string, payload: FloorPayload): void;
  close(): Promise<void>;
}

type Listener = (payload: FloorPayload) => void;

/** A push queue per subscription; `return()` (graphql-ws completing it) unregisters it. */
function listen(topics: Map<string, Set<Listener>>, id: string): AsyncIterableIterator<FloorPayload> {
  const queue: FloorPayload[] = [];
  let waiting: ((result: IteratorResult<FloorPayload>) => void) | undefined;
  let done = false;
  const listener: Listener = (payload) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: payload, done: false });
    } else queue.push(payload);
  };
  let set = topics.get(id);
  if (!set) topics.set(id, (set = new Set()));
  set.add(listener);
  const finish = (): Promise<IteratorResult<FloorPayload>> => {
    done = true;
    topics.get(id)?.delete(listener);
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return Promise.resolve({ value: undefined, done: true });
  };
  const iterator: AsyncIterableIterator<FloorPayload> = {
    next: () => {
      const value = queue.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: finish,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function floorSchema(topics: Map<string, Set<Listener>>): GraphQLSchema {
  const json = new GraphQLScalarType({ name: 'JSON', serialize: (value) => value });
  const person = new GraphQLObjectType({
    name: 'Person',
    fields: { id: { type: new GraphQLNonNull(GraphQLID) }, traits: { type: json } },
  });
  const kind = new GraphQLEnumType({ name: 'ProfileChangeKind', values: { CREATED: {}, IDENTIFIED: {}, TRAITS_CHANGED: {} } });
  const change = new GraphQLObjectType({
    name: 'ProfileChange',
    fields: {
      cursor: { type: new GraphQLNonNull(GraphQLString) },
      kind: { type: new GraphQLNonNull(kind) },
      personId: { type: new GraphQLNonNull(GraphQLID) },
      at: { type: new GraphQLNonNull(GraphQLString) },
      person: { type: person },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean, resolve: () => true } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        profileChanged: {
          type: new GraphQLNonNull(change),
          args: { id: { type: new GraphQLNonNull(GraphQLID) } },
          subscribe: (_source: unknown, args: { id: string }) => listen(topics, args.id),
          resolve: (payload: unknown) => payload,
        },
      },
    }),
  });
}

/**
 * The floor for subscription delivery: a bare graphql-ws server in this process, a tiny schema
 * with the same `profileChanged` payload, and an in-memory pub/sub. No gateway, no subgraph, no
 * database: what is left is graphql-ws execution and the WebSocket itself.
 */
export async function startFloorServer(): Promise<FloorServer> {
  const topics = new Map<string, Set<Listener>>();
  const http = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const disposable = useServer({ schema: floorSchema(topics) }, wss);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/graphql`,
    publish(personId, payload) {
      const listeners = topics.get(personId);
      if (listeners) for (const listener of listeners) listener(payload);
    },
    async close() {
      await disposable.dispose();
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
