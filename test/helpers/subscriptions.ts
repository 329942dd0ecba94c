import { createClient, type Client } from 'graphql-ws';
import { inject } from 'vitest';
import WebSocket from 'ws';

export interface Subscription<T> extends AsyncDisposable {
  readonly received: T[];
  readonly errors: unknown[];
  /** Resolves once `count` events have arrived in total; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the server closed the socket, with its close code. */
  readonly closed: Promise<number>;
  close(): Promise<void>;
}

/** The gateway's WebSocket URL (same path as HTTP). */
export function gatewayWsUrl(): string {
  return inject('gatewayUrl').replace(/^http/, 'ws');
}

/** A real graphql-ws client subscription, collecting every event it receives. */
export function subscribe<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string | null; url?: string } = {},
): Subscription<T> {
  const token = options.token === undefined ? inject('auth').adminToken : options.token;
  let resolveClosed: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => {
    resolveClosed = resolve;
  });
  const client: Client = createClient({
    url: options.url ?? gatewayWsUrl(),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    on: {
      closed: (event) => resolveClosed((event as { code: number }).code),
    },
  });
  const received: T[] = [];
  const errors: unknown[] = [];
  const waiters: { count: number; resolve: (events: T[]) => void }[] = [];
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) received.push(result.data);
        for (const waiter of [...waiters]) {
          if (received.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve([...received]);
          }
        }
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  const close = async (): Promise<void> => {
    unsubscribe();
    await client.dispose();
  };
  return {
    received,
    errors,
    closed,
    waitFor: (count, timeoutMs = 15_000) =>
      received.length >= count
        ? Promise.resolve([...received])
        : new Promise<T[]>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`expected ${count} events within ${timeoutMs} ms, got ${received.length}: ${JSON.stringify(received)} errors: ${JSON.stringify(errors)}`)),
              timeoutMs,
            );
            waiters.push({
              count,
              resolve: (events) => {
                clearTimeout(timer);
                resolve(events);
              },
            });
          }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
