import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { spawnService, type ServiceProcess } from '../scripts/lib/processes.js';
import { unique } from './helpers/database.js';
import { identify } from './helpers/operations.js';
import { subscribe } from './helpers/subscriptions.js';

/**
 * A client that stops reading must cost the gateway bounded memory: once more than
 * MAX_WS_BUFFERED_BYTES wait for it, the gateway closes it with 4408, and it can resume by cursor.
 * A second gateway with a tiny buffer limit runs for this test, on the shared subgraphs.
 */
let gateway: ServiceProcess;
/** Lines the slow gateway logged about closing a consumer as too slow. */
const slowCloses: string[] = [];

beforeAll(async () => {
  const urls = inject('subgraphUrls');
  const auth = inject('auth');
  gateway = await spawnService({
    name: 'slow-gateway',
    entry: 'gateway/src/main.ts',
    env: {
      GATEWAY_PORT: '0',
      PROFILE_URL: urls.profile,
      RELATIONSHIP_URL: urls.relationship,
      INTERACTION_URL: urls.interaction,
      AUTH_MODE: 'jwt',
      JWT_SECRET: auth.jwtSecret,
      INTERNAL_SIGNING_SECRET: auth.signingSecret,
      MAX_WS_BUFFERED_BYTES: '16384',
      LOG_LEVEL: 'warn',
    },
    readyPrefix: 'GATEWAY_READY',
    onOutput: (_name, line) => {
      if (line.includes('too slow (4408)')) slowCloses.push(line);
      if (process.env['TEST_VERBOSE'] === '1') console.log(`[slow-gateway] ${line}`);
    },
  });
}, 60_000);

afterAll(() => gateway.stop());

function residentKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

describe('a slow consumer', () => {
  it('is closed with 4408 once its backlog passes the limit, and the gateway stays bounded', async () => {
    const userId = unique('slow');
    const person = await identify(inject('gatewayUrl'), [{ type: 'USER_ID', value: userId }]);
    const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    let received = 0;
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${inject('auth').adminToken}` } }));
    await new Promise<void>((resolve) => socket.once('message', () => resolve()));
    let bytes = 0;
    socket.on('message', (data: Buffer) => {
      received++;
      bytes += data.length;
    });
    // Ten subscriptions on one connection, each event carrying the person's last 10 source
    // records (4 kB each): the backlog outgrows the kernel's socket buffers within a few dozen
    // writes. (With 100 records an event, 300 writes push 600 MB through the gateway, which then
    // queues upstream events faster than it executes them: a different limit, not this one.)
    const query = 'subscription($id: ID!) { profileChanged(id: $id) { cursor person { id sourceRecords(first: 10) { edges { node { payload } } } } } }';
    for (let id = 1; id <= 10; id++) {
      socket.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query, variables: { id: person.id } } }));
    }
    // A reader that keeps up, on the same gateway with the same subscription (so it shares the
    // slow one's upstream and gets each event when the slow one's queues do): the writes wait for
    // it, so each write's event has been pushed at the slow socket before the next write. Under
    // a full suite's load the events run seconds behind writes that do not wait: 300 writes took
    // 7 s and the slow gateway had not pushed enough of them to overflow anything.
    await using pace = subscribe(query, { id: person.id }, { url: gateway.url.replace(/^http/, 'ws') });
    // Every subscription is live once one write's event reached all eleven (a fixed sleep was not
    // enough under load: a reader that missed the first event waited for it in vain).
    const ready = async (): Promise<void> => {
      for (let tries = 0; received < 10 || pace.received.length === 0; tries++) {
        if (tries === 20) throw new Error(`subscriptions not live after 20 writes: slow socket ${received} events, reader ${pace.received.length}`);
        await identify(inject('gatewayUrl'), [{ type: 'USER_ID', value: userId }], { traits: { probe: tries } });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    await ready();
    const paced = pace.received.length;
    const before = residentKiB(gateway.pid);
    // Stop reading: the kernel buffers fill, then the gateway's send buffer grows.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const padding = 'x'.repeat(4000);
    let writes = 0;
    // Paused, the client cannot see the close until it reads again, and the gateway waits for the
    // close handshake only so long (ws's 30 s) before it drops the connection, the 4408 frame
    // unsent. How many writes fill the kernel's buffers depends on how far the gateway has got
    // with the events (it runs behind the writes under load) and on the buffers' autotuning, so
    // the writes go on until the gateway reports the close, and the client reads again at once.
    const started = Date.now();
    while (slowCloses.length === 0 && writes < 200 && Date.now() - started < 60_000) {
      await identify(inject('gatewayUrl'), [{ type: 'USER_ID', value: userId }], { traits: { padding, n: writes } });
      writes++;
      await pace.waitFor(paced + writes);
    }
    console.log(`${writes} writes in ${Date.now() - started} ms; gateway reported: ${slowCloses[0] ?? 'nothing'}`);
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    // Reading again, the client drains what was sent before the close and then sees why.
    const notClosed = new Promise<string>((resolve) => setTimeout(() => resolve(`not closed 30 s after ${writes} writes`), 30_000).unref());
    expect(await Promise.race([closed, notClosed])).toBe(4408);
    expect(slowCloses).toHaveLength(1);
    const after = residentKiB(gateway.pid);
    console.log(`slow consumer closed after ${writes} writes; gateway RSS ${before} KiB -> ${after} KiB; ${received} messages (${bytes} bytes) read before the close`);
    expect(after - before).toBeLessThan(64 * 1024);
  }, 150_000);
});
