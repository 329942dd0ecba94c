import type { IncomingMessage, Server } from 'node:http';
import { getGraphQLWSOptions, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { SHARE_TICKET, sharedSubscriptions, type ShareTicket } from './shared-subscriptions.js';

/** Close code for a client that reads too slowly; it should reconnect with `since` = its last cursor. */
export const CLOSE_SLOW_CONSUMER = 4408;
/** Close code for a connection that opened more subscriptions than allowed. */
export const CLOSE_TOO_MANY_SUBSCRIPTIONS = 4429;

export interface WebSocketOptions {
  /** Open subscriptions per connection. Env MAX_SUBSCRIPTIONS_PER_CONNECTION. @default 20 */
  readonly maxSubscriptionsPerConnection: number;
  /** Bytes queued for a client before it counts as too slow and is closed. Env MAX_WS_BUFFERED_BYTES. @default 4194304 */
  readonly maxBufferedBytes: number;
  /** Events queued for a subscriber sharing an upstream subscription before it is closed as too slow. @default 1000 */
  readonly maxQueuedEvents?: number;
  /** Largest accepted message. @default 1048576 */
  readonly maxPayloadBytes: number;
  /**
   * Told once per connection closed as too slow (4408): whether its send buffer or a shared
   * subscription's event queue overflowed, and the bytes waiting to be sent. Operators need to
   * see these closes (the client only sees a reconnect), and tests wait for them.
   */
  readonly onSlowConsumer?: (detail: SlowConsumer) => void;
  /** Authenticates connection_init; returns context for the connection's operations, or throws to refuse (4403). */
  readonly authenticate: (params: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage) => Promise<Record<string, unknown>>;
}

export interface SlowConsumer {
  readonly reason: 'send-buffer' | 'event-queue';
  readonly bufferedBytes: number;
}

type Extra = {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  auth?: Record<string, unknown>;
  subscriptions?: number;
};

/**
 * graphql-ws on the gateway's /graphql. Every operation runs through the same gateway pipeline
 * as HTTP (so the same limits and authorization apply); identical subscriptions of one caller
 * share their upstream subscription (shared-subscriptions.ts); slow readers and connections with
 * too many subscriptions are closed with documented codes instead of costing unbounded memory.
 */
export function attachWebSocket(server: Server, runtime: GatewayRuntime, options: WebSocketOptions): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const closeSlow = (socket: WebSocket, reason: SlowConsumer['reason']): void => {
    if (socket.readyState !== socket.OPEN) return;
    options.onSlowConsumer?.({ reason, bufferedBytes: socket.bufferedAmount });
    socket.close(CLOSE_SLOW_CONSUMER, 'Consumer too slow; reconnect with since = last cursor');
  };
  const base = getGraphQLWSOptions<Record<string, unknown>, Extra>(runtime, (ctx) => {
    const ticket: ShareTicket = {
      caller: ctx.extra.auth,
      tooSlow: () => closeSlow(ctx.extra.socket, 'event-queue'),
    };
    return { ...ctx.extra.auth, request: ctx.extra.request, [SHARE_TICKET]: ticket };
  });
  const subscribe = base.subscribe;
  if (!subscribe) throw new Error('getGraphQLWSOptions returned no subscribe');
  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      ...base,
      subscribe: sharedSubscriptions(subscribe, options.maxQueuedEvents === undefined ? {} : { maxQueuedEvents: options.maxQueuedEvents }),
      onConnect: async (ctx) => {
        try {
          ctx.extra.auth = await options.authenticate(ctx.connectionParams, ctx.extra.request);
          ctx.extra.subscriptions = 0;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, id, payload) => {
        ctx.extra.subscriptions = (ctx.extra.subscriptions ?? 0) + 1;
        if (ctx.extra.subscriptions > options.maxSubscriptionsPerConnection) {
          ctx.extra.socket.close(CLOSE_TOO_MANY_SUBSCRIPTIONS, `At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`);
          return [];
        }
        return base.onSubscribe?.(ctx, id, payload);
      },
      onComplete: (ctx) => {
        ctx.extra.subscriptions = Math.max(0, (ctx.extra.subscriptions ?? 1) - 1);
      },
      onNext: (ctx) => {
        if (ctx.extra.socket.bufferedAmount > options.maxBufferedBytes) closeSlow(ctx.extra.socket, 'send-buffer');
      },
    },
    wss,
  );
  return {
    dispose: async () => {
      await disposable.dispose();
      wss.close();
    },
  };
}

