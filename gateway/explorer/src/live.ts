import { createClient, type Client } from 'graphql-ws';
import { h } from './dom.js';
import { PROFILE_CHANGED, type ProfileChange, type ProfileChangedResult } from './queries.js';
import { authorization, onTokenChange } from './token.js';

/**
 * Live updates over graphql-ws on the gateway's /graphql. The token goes in connection_init as
 * `{ authorization: "Bearer …" }`; the gateway closes with 4403 when it refuses it. A dropped
 * connection is retried and the subscription resumes from the last cursor it saw, so no change
 * is missed or shown twice. The marker in the header shows the connection's state.
 */
export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'refused' | 'error';

const LABELS: Readonly<Record<LiveState, string>> = {
  off: 'not subscribed',
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  refused: 'refused (token?)',
  error: 'live updates failed',
};

/** Close codes after which retrying cannot help without the user doing something. */
const NO_RETRY = new Set([4403, 4429, 4400]);

const marker = h('span', { id: 'live-marker', class: 'live-marker', 'data-state': 'off', role: 'status', title: 'Live updates (graphql-ws)' });
let detail = '';

function setState(state: LiveState, why = ''): void {
  marker.dataset['state'] = state;
  detail = why;
  marker.textContent = LABELS[state];
  marker.title = why === '' ? `Live updates: ${LABELS[state]}` : `Live updates: ${LABELS[state]} — ${why}`;
}
setState('off');

export function liveMarker(): HTMLElement {
  return marker;
}

export function liveDetail(): string {
  return detail;
}

function wsUrl(): string {
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

let client: Client | null = null;
let active = 0;

function closeCode(event: unknown): number | null {
  return typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number' ? event.code : null;
}

function getClient(): Client {
  client ??= createClient({
    url: wsUrl(),
    lazy: true,
    lazyCloseTimeout: 1000,
    retryAttempts: 30,
    connectionParams: () => {
      const auth = authorization();
      return auth === null ? {} : { authorization: auth };
    },
    shouldRetry: (event) => {
      const code = closeCode(event);
      return code === null || !NO_RETRY.has(code);
    },
    on: {
      connecting: (isRetry) => setState(isRetry ? 'reconnecting' : 'connecting'),
      connected: () => setState('live'),
      closed: (event) => {
        const code = closeCode(event);
        if (code === 4403) setState('refused', 'the gateway refused the token (4403)');
        else if (code !== null && NO_RETRY.has(code)) setState('error', `closed with ${code}`);
        else if (active === 0) setState('off');
        else setState('reconnecting', code === null ? '' : `closed with ${code}`);
      },
      error: () => {
        if (active > 0 && marker.dataset['state'] !== 'refused') setState('reconnecting', 'connection error');
      },
    },
  });
  return client;
}

// A new token needs a new connection_init: start over with a fresh client.
const restarts = new Set<() => void>();
onTokenChange(() => {
  const old = client;
  client = null;
  void old?.dispose();
  for (const restart of restarts) restart();
});

export interface LiveHandlers {
  /** Every change after `since`, once each, in cursor order. */
  readonly onChange: (change: ProfileChange) => void;
  /** The subscription ended with errors (for example NOT_FOUND or CURSOR_EXPIRED). */
  readonly onError: (error: unknown) => void;
}

function after(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) > BigInt(b) : a > b;
}

/** Subscribes to profileChanged(id, since); returns the function that stops it. */
export function watchProfile(id: string, since: string | null, handlers: LiveHandlers): () => void {
  let last = since;
  let stopped = false;
  let unsubscribe: (() => void) | null = null;
  const start = (): void => {
    if (stopped) return;
    unsubscribe?.();
    unsubscribe = getClient().subscribe<ProfileChangedResult>(
      { query: PROFILE_CHANGED, variables: { id, since: last } },
      {
        next: (result) => {
          if (result.errors !== undefined && result.errors.length > 0) {
            handlers.onError(result.errors);
            return;
          }
          const change = result.data?.profileChanged;
          if (change === undefined) return;
          if (last !== null && !after(change.cursor, last)) return;
          last = change.cursor;
          handlers.onChange(change);
        },
        error: (error) => {
          if (stopped) return;
          if (closeCode(error) === null) {
            setState('error', 'the subscription failed');
            handlers.onError(error);
          }
        },
        complete: () => {},
      },
    );
  };
  active += 1;
  restarts.add(start);
  if (marker.dataset['state'] === 'off' || marker.dataset['state'] === 'refused') setState('connecting');
  start();
  return () => {
    if (stopped) return;
    stopped = true;
    restarts.delete(start);
    active -= 1;
    unsubscribe?.();
  };
}
