import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, type Env } from '@cdp/shared';

/** Where `npm start` keeps the gateway-to-subgraph signing secret of this checkout. */
export const LOCAL_SECRET_PATH = join(REPO_ROOT, 'data/internal-signing-secret');

/**
 * INTERNAL_SIGNING_SECRET from the environment, or the local stack's own one, made once and kept
 * (mode 0600) beside the local data, so tools such as `npm run import` can sign like the gateway.
 */
export function localSigningSecret(env: Env, create = true): string | undefined {
  const fromEnv = env['INTERNAL_SIGNING_SECRET'];
  if (fromEnv) return fromEnv;
  if (existsSync(LOCAL_SECRET_PATH)) return readFileSync(LOCAL_SECRET_PATH, 'utf8').trim();
  if (!create) return undefined;
  mkdirSync(dirname(LOCAL_SECRET_PATH), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(LOCAL_SECRET_PATH, `${secret}\n`, { mode: 0o600 });
  chmodSync(LOCAL_SECRET_PATH, 0o600);
  return secret;
}
