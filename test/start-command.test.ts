import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@cdp/shared';
import { freePort } from '../scripts/lib/processes.js';
import { graphqlData } from './helpers/graphql.js';
import { unique } from './helpers/database.js';
import { identify } from './helpers/operations.js';

/**
 * `npm start` as a user runs it: in its own process group, stopped by Ctrl-C (SIGINT to the whole
 * group, as a terminal does) or by SIGTERM to npm alone (as a service manager might). Either
 * way nothing may be left running, and the next start must find the data.
 */
const home = mkdtempSync(join(tmpdir(), 'cdp-start-neo4j-'));
const groups: number[] = [];
afterAll(() => {
  // A failed assertion must not leave a stack running into the next test or the next run.
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(home, { recursive: true, force: true });
});

interface Started {
  readonly child: ChildProcess;
  readonly gatewayUrl: string;
  readonly output: string[];
  readonly exited: Promise<number | null>;
}

async function npmStart(ports: Record<string, number>): Promise<Started> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NEO4J_HOME: home,
    NEO4J_PORT: String(ports['neo4j']),
    GATEWAY_PORT: String(ports['gateway']),
    PROFILE_PORT: String(ports['profile']),
    RELATIONSHIP_PORT: String(ports['relationship']),
    INTERACTION_PORT: String(ports['interaction']),
    LOG_LEVEL: 'error',
  };
  delete env['NEO4J_URI'];
  const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (child.pid !== undefined) groups.push(child.pid);
  const output: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      if (line.includes('READY - press Ctrl-C')) resolve();
    });
    void exited.then(() => reject(new Error(`npm start exited early:\n${output.join('\n')}`)));
  });
  return { child, gatewayUrl: `http://127.0.0.1:${ports['gateway']}/graphql`, output, exited };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return !groupAlive(pgid);
}

async function portsFor(): Promise<Record<string, number>> {
  const names = ['neo4j', 'gateway', 'profile', 'relationship', 'interaction'];
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()] as const)));
}

describe('npm start', () => {
  const email = `${unique('persisted')}@example.com`;
  let personId = '';

  it('brings the stack up, and Ctrl-C leaves no process behind', async () => {
    const started = await npmStart(await portsFor());
    const pgid = started.child.pid!;
    personId = (await identify(started.gatewayUrl, [{ type: 'EMAIL', value: email }], { traits: { plan: 'gold' } })).id;
    console.log(started.output.find((line) => line.includes('Neo4j ready')));

    process.kill(-pgid, 'SIGINT');
    expect(await waitUntilGroupGone(pgid, 60_000)).toBe(true);
  }, 180_000);

  it('finds the data again on the next start, and SIGTERM to npm alone still stops everything', async () => {
    const started = await npmStart(await portsFor());
    const pgid = started.child.pid!;
    console.log(started.output.find((line) => line.includes('Neo4j ready')));
    const data = await graphqlData<{ person: { id: string; traits: unknown } | null }>(
      started.gatewayUrl,
      'query($id: ID!) { person(id: $id) { id traits } }',
      { id: personId },
    );
    expect(data.person).toEqual({ id: personId, traits: { plan: 'gold' } });

    started.child.kill('SIGTERM');
    expect(await waitUntilGroupGone(pgid, 60_000)).toBe(true);
  }, 180_000);
});
