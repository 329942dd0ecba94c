import { connect, createServer, type Server, type Socket } from 'node:net';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Database, createLogger } from '@cdp/shared';
import { ChangeFeed, type ChangeEventRow } from '../subgraphs/profile/src/change-feed.js';
import { newPerson } from './helpers/operations.js';

/**
 * A feed whose first start finds Neo4j unavailable must start again for the next listener, not
 * hand it the same failure for as long as the process lives. Neo4j is real; between it and the
 * feed's driver sits a TCP proxy that first drops every connection, then forwards them.
 */
interface Proxy {
  readonly uri: string;
  forward(): void;
  close(): Promise<void>;
}

async function proxyTo(target: URL): Promise<Proxy> {
  let forwarding = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!forwarding) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    forward: () => {
      forwarding = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const settings = inject('neo4j');
const gateway = inject('gatewayUrl');
const proxy = await proxyTo(new URL(settings.uri.replace(/^bolt/, 'http')));
// No driver retries: the unavailable start must fail now, not after the driver's 30 s of retrying.
const driver = neo4j.driver(proxy.uri, neo4j.auth.basic(settings.user, settings.password), { disableLosslessIntegers: true, maxTransactionRetryTime: 0 });
const db = new Database(driver, 'neo4j');
const feed = new ChangeFeed(db, createLogger('change-feed-test', true), { pollMs: 20, batch: 100 }, () => Promise.resolve());
afterAll(async () => {
  feed.close();
  await db.close();
  await proxy.close();
});

describe('ChangeFeed.listen after a failed start', () => {
  it('starts the feed again for the next listener, and does not keep the listener whose start failed', async () => {
    const refused: ChangeEventRow[] = [];
    await expect(feed.listen((event) => refused.push(event))).rejects.toThrow();

    proxy.forward();
    const heard: ChangeEventRow[] = [];
    const listening = await feed.listen((event) => heard.push(event));

    const personId = await newPerson(gateway, 'feed-restart');
    await expect.poll(() => heard.some((event) => event.personId === personId), { timeout: 10_000, interval: 20 }).toBe(true);
    expect(heard.every((event) => event.cursor > listening.position)).toBe(true);
    expect(refused).toEqual([]);
    listening.stop();
  });
});
