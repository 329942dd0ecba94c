/**
 * npm start: the whole stack on this machine. Without NEO4J_URI it starts the local Neo4j
 * (data in data/neo4j, kept between runs); then migrations, three subgraphs and the gateway.
 * Ctrl-C (or SIGTERM) stops all of it, gateway first and Neo4j last.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@cdp/shared';
import { EXPLORER_DIST } from '../gateway/src/explorer.js';
import { openDatabase } from './lib/database.js';
import { localSigningSecret } from './lib/local-secret.js';
import { startStack } from './lib/stack.js';

const log = (line: string): void => {
  process.stdout.write(`[start] ${line}\n`);
};
const verbose = process.env['VERBOSE'] === '1';

// A local stack is for development: without JWT settings it runs in the explicit dev mode, and
// gateway and subgraphs share a signing secret made for this run.
const authEnv: Record<string, string> = {
  AUTH_MODE: process.env['AUTH_MODE'] ?? (process.env['JWT_SECRET'] || process.env['JWT_JWKS_URL'] ? 'jwt' : 'dev'),
  INTERNAL_SIGNING_SECRET: localSigningSecret(process.env) ?? '',
};
// The explorer page (/explorer) is a Vite build; make it once when it is missing. After changing
// its source, `npm run build` again (the gateway serves whatever dist holds).
if (!existsSync(join(EXPLORER_DIST, 'index.html'))) {
  log('building the explorer (npm run build)');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) log('the explorer build failed; /explorer will say so, everything else works');
}
const database = await openDatabase(process.env, {
  log,
  ...(verbose ? { neo4jOutput: (line: string) => process.stdout.write(`[neo4j] ${line}\n`) } : {}),
});
let stack: Awaited<ReturnType<typeof startStack>> | undefined;
let stopping = false;

async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  await stack?.stop();
  await database.stop();
  log('stopped');
  process.exit(exitCode);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGHUP', () => void shutdown('SIGHUP'));
// npm runs us under `sh -c`; a SIGTERM to npm ends npm and sh but not us. Noticing that our
// parent is gone (we get re-parented) is how we still stop everything.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown('parent exited');
}, 500).unref();

try {
  stack = await startStack({
    neo4j: database.connection,
    env: authEnv,
    onOutput: (name, line) => {
      if (verbose || line.includes('"level":"error"')) process.stdout.write(`[${name}] ${line}\n`);
    },
  });
} catch (error) {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await database.stop();
  process.exit(1);
}
for (const service of stack.processes) {
  void service.exited.then((code) => {
    if (stopping) return;
    log(`${service.name} exited unexpectedly (code ${code}); stopping everything`);
    void shutdown('service exit', 1);
  });
}
log(`Neo4j      ${database.connection.uri}${database.local ? ' (local)' : ''}`);
for (const [name, url] of Object.entries(stack.subgraphUrls)) log(`${name.padEnd(10)} ${url}`);
log(`gateway    ${stack.gatewayUrl}  (GraphiQL in a browser)`);
log(`explorer   ${new URL('/explorer', stack.gatewayUrl).toString()}  (Customer 360)`);
log(`auth       ${authEnv['AUTH_MODE'] === 'dev' ? 'dev mode: no token needed (AUTH_MODE=dev)' : 'JWT bearer tokens required'}`);
log('READY - press Ctrl-C to stop');
