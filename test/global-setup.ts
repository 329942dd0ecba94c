import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../scripts/lib/database.js';
import { freePort } from '../scripts/lib/processes.js';
import { startStack } from '../scripts/lib/stack.js';

/**
 * Starts what every suite talks to: a throw-away Neo4j (unless NEO4J_URI names one) in a
 * temporary folder on a free port, migrations, and the real subgraph and gateway processes on
 * free ports. Suites isolate their data by unique ids, so they share this one stack.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const home = mkdtempSync(join(tmpdir(), 'cdp-test-neo4j-'));
  const verbose = process.env['TEST_VERBOSE'] === '1';
  const started = Date.now();
  const database = await openDatabase(process.env, {
    home,
    port: await freePort(),
    ...(verbose ? { neo4jOutput: (line: string) => console.log(`[neo4j] ${line}`) } : {}),
  });
  const jwtSecret = randomBytes(32).toString('base64url');
  const signingSecret = randomBytes(32).toString('base64url');
  const stack = await startStack({
    neo4j: database.connection,
    ports: { profile: 0, relationship: 0, interaction: 0, gateway: 0 },
    env: { LOG_LEVEL: verbose ? 'info' : 'error', AUTH_MODE: 'jwt', JWT_SECRET: jwtSecret, INTERNAL_SIGNING_SECRET: signingSecret, CHANGE_POLL_MS: '20', TRACKING_WRITE_KEYS: 'test-write-key' },
    onOutput: (name, line) => {
      if (verbose || line.includes('"level":"error"')) console.log(`[${name}] ${line}`);
    },
  }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  console.log(`test stack ready in ${Date.now() - started} ms: neo4j ${database.connection.uri}, gateway ${stack.gatewayUrl}`);
  project.provide('neo4j', {
    uri: database.connection.uri,
    user: database.connection.user ?? 'neo4j',
    password: database.connection.password ?? '',
  });
  const adminToken = await new SignJWT({ scope: 'admin' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('test-admin')
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(new TextEncoder().encode(jwtSecret));
  project.provide('auth', { jwtSecret, signingSecret, adminToken });
  project.provide('gatewayUrl', stack.gatewayUrl);
  project.provide('trackingWriteKey', 'test-write-key');
  project.provide('subgraphUrls', stack.subgraphUrls);
  return async () => {
    await stack.stop();
    await database.stop();
    rmSync(home, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: { uri: string; user: string; password: string };
    gatewayUrl: string;
    trackingWriteKey: string;
    auth: { jwtSecret: string; signingSecret: string; adminToken: string };
    subgraphUrls: { profile: string; relationship: string; interaction: string };
  }
}
