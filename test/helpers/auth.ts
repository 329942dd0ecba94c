import { SignJWT } from 'jose';
import { inject } from 'vitest';
import { CLAIMS_HEADER, signClaims } from '@cdp/shared';

/** A bearer token the test gateway accepts, with the given scopes. */
export async function tokenWith(scopes: readonly string[], options: { expiresIn?: string; secret?: string } = {}): Promise<string> {
  return new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('test-user')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? inject('auth').jwtSecret));
}

/** The header the gateway would add: for tests that call one subgraph directly. */
export function gatewayHeaders(scopes: readonly string[] = ['admin']): Record<string, string> {
  return { [CLAIMS_HEADER]: signClaims({ sub: 'test', scopes, exp: Math.floor(Date.now() / 1000) + 600 }, inject('auth').signingSecret) };
}
