import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError, type Env } from './config.js';

/** Scopes a token can carry. `admin` implies all others. */
export const SCOPES = ['profile:read', 'pii:read', 'profile:write', 'profile:erase', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** What the gateway verified about the caller, forwarded to subgraphs signed. */
export interface Claims {
  readonly sub: string;
  readonly scopes: readonly string[];
  /** Unix seconds; the forwarded header stops being accepted after this. */
  readonly exp: number;
}

/** The header the gateway sets on every subgraph request (and in graphql-ws connection_init). */
export const CLAIMS_HEADER = 'x-cdp-claims';

const MIN_SECRET_LENGTH = 32;

/**
 * The secret shared by the gateway and the subgraphs only, so a subgraph can tell a request the
 * gateway authenticated from one that went around it. Env INTERNAL_SIGNING_SECRET, 32+ characters.
 */
export function readSigningSecret(env: Env): string {
  const secret = env['INTERNAL_SIGNING_SECRET'] ?? '';
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `INTERNAL_SIGNING_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters (shared by gateway and subgraphs), but has ${secret.length}.`,
    );
  }
  return secret;
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signClaims(claims: Claims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The claims when the header is signed with the secret and not expired; otherwise undefined. */
export function verifyClaims(header: string | undefined, secret: string, nowSeconds = Date.now() / 1000): Claims | undefined {
  if (!header) return undefined;
  const [payload, signature, extra] = header.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.scopes) || typeof claims.exp !== 'number') return undefined;
    return claims.exp > nowSeconds ? claims : undefined;
  } catch {
    return undefined;
  }
}

export function hasScope(claims: Claims | undefined, scope: Scope): boolean {
  return claims !== undefined && (claims.scopes.includes(scope) || claims.scopes.includes('admin'));
}
