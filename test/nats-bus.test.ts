import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../scripts/lib/database.js';
import { freePort, spawnService, type ServiceProcess } from '../scripts/lib/processes.js';
import { unique } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';
import { identify } from './helpers/operations.js';
import { subscribe } from './helpers/subscriptions.js';

/**
 * EVENT_BUS=nats with NATS JetStream (127.0.0.1:4222): two profile-subgraph instances, each
 * behind its own gateway. A subscriber on gateway A must see a write made through gateway B.
 * The Neo4j safety poll is set to ten minutes, so only the stream can deliver the live events
 * in time (the replay from `since` covers only what happened before the subscription).
 *
 * The deployment gets a Neo4j of its own: every profile instance sequences the change log it
 * shares, and the shared test stack's profile subgraph (not on NATS) would otherwise sequence some
 * of these changes and publish them nowhere. A real deployment puts every instance on the bus.
 */
const home = mkdtempSync(join(tmpdir(), 'cdp-test-nats-neo4j-'));
let database: OpenDatabase | undefined;
const services: ServiceProcess[] = [];
const stream = `CDP_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
const gateways: string[] = [];

beforeAll(async () => {
  database = await openDatabase({}, { home, port: await freePort() });
  const neo4j = database.connection;
  const auth = inject('auth');
  const urls = inject('subgraphUrls');
  const shared = {
    NEO4J_URI: neo4j.uri,
    INTERNAL_SIGNING_SECRET: auth.signingSecret,
    EVENT_BUS: 'nats',
    NATS_STREAM: stream,
    CHANGE_POLL_MS: '600000',
    LOG_LEVEL: 'error',
  };
  for (const side of ['a', 'b']) {
    const profile = await spawnService({
      name: `profile-${side}`,
      entry: 'subgraphs/profile/src/main.ts',
      env: { ...shared, PROFILE_PORT: '0' },
      readyPrefix: 'SUBGRAPH_READY',
    });
    services.push(profile);
    const gateway = await spawnService({
      name: `gateway-${side}`,
      entry: 'gateway/src/main.ts',
      env: {
        ...shared,
        GATEWAY_PORT: '0',
        PROFILE_URL: profile.url,
        // Only profile fields are asked for here; the others only need to exist for the supergraph.
        RELATIONSHIP_URL: urls.relationship,
        INTERACTION_URL: urls.interaction,
        AUTH_MODE: 'jwt',
        JWT_SECRET: auth.jwtSecret,
      },
      readyPrefix: 'GATEWAY_READY',
    });
    services.push(gateway);
    gateways.push(gateway.url);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  const nc = await connect({ servers: '127.0.0.1:4222' });
  await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
  await nc.close();
  await database?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('EVENT_BUS=nats', () => {
  it('delivers a write made through gateway B to a subscriber on gateway A, in order', async () => {
    const [gatewayA, gatewayB] = gateways as [string, string];
    const userId = unique('nats');
    const person = await identify(gatewayB, [{ type: 'USER_ID', value: userId }]);
    const { changeCursor } = await graphqlData<{ changeCursor: string }>(gatewayA, '{ changeCursor }');
    await using sub = subscribe<{ profileChanged: { cursor: string; kind: string; person: { traits: { n: number } } } }>(
      'subscription($id: ID!, $since: String) { profileChanged(id: $id, since: $since) { cursor kind person { traits } } }',
      { id: person.id, since: changeCursor },
      { url: gatewayA.replace(/^http/, 'ws') },
    );
    // Writes after the subscription is up can only arrive over NATS; `since` keeps a slow start from losing any.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let n = 1; n <= 5; n++) await identify(gatewayB, [{ type: 'USER_ID', value: userId }], { traits: { n } });
    const events = await sub.waitFor(5, 20_000);
    const cursors = events.map((event) => Number(event.profileChanged.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(5);
    expect(events.every((event) => event.profileChanged.kind === 'IDENTIFIED')).toBe(true);
  }, 60_000);
});
