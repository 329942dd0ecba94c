import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ErrorCode, signClaims, type Claims } from '@cdp/shared';
import type { AuthConfig } from './config.js';

/** How long a forwarded claims header is valid: long enough for one request, or one connection's lifetime check. */
const FORWARD_TTL_SECONDS = 300;

export interface Auth {
  /** HTTP: refuses requests without a valid token (401) and puts the signed claims in the context. */
  readonly plugin: GatewayPlugin;
  /** WebSocket connection_init: `{ authorization: "Bearer ..." }`; throws to refuse (the client sees 4403). */
  authenticateConnection(params: Readonly<Record<string, unknown>> | undefined): Promise<Record<string, unknown>>;
}

function scopesOf(payload: JWTPayload): string[] {
  const scope = payload['scope'];
  if (typeof scope === 'string') return scope.split(' ').filter((s) => s !== '');
  const scp = payload['scp'];
  return Array.isArray(scp) ? scp.filter((s): s is string => typeof s === 'string') : [];
}

function bearer(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(value.trim());
  return match?.[1];
}

class Unauthenticated extends Error {}

export function createAuth(config: AuthConfig): Auth {
  const key = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;

  const verify = async (token: string | undefined): Promise<string> => {
    let claims: Claims;
    const exp = Math.floor(Date.now() / 1000) + FORWARD_TTL_SECONDS;
    // Dev mode: no token needed; one that comes anyway is checked only when keys are configured.
    if (config.mode === 'dev' && (token === undefined || (key === undefined && jwks === undefined))) {
      claims = { sub: 'dev', scopes: config.devScopes, exp };
    } else {
      if (token === undefined) throw new Unauthenticated('Expected an Authorization header "Bearer <token>", but there is none.');
      const options = { ...(config.issuer ? { issuer: config.issuer } : {}), ...(config.audience ? { audience: config.audience } : {}) };
      let payload: JWTPayload;
      try {
        payload = key
          ? (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload
          : (await jwtVerify(token, jwks as ReturnType<typeof createRemoteJWKSet>, options)).payload;
      } catch (error) {
        throw new Unauthenticated(`Expected a valid token, but it was refused: ${error instanceof Error ? error.message : String(error)}.`);
      }
      claims = { sub: String(payload.sub ?? 'unknown'), scopes: scopesOf(payload), exp: Math.min(exp, payload.exp ?? exp) };
    }
    return signClaims(claims, config.signingSecret);
  };

  const verified = new WeakMap<object, string>();
  const plugin: GatewayPlugin = {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      if (url.pathname !== '/graphql') return;
      // GraphiQL's page itself carries no data; its queries come back as POSTs with a token.
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      return verify(bearer(request.headers.get('authorization'))).then(
        (signed) => {
          verified.set(request, signed);
        },
        (error: unknown) => {
          payload.endResponse(
            new fetchAPI.Response(
              JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : 'Unauthenticated', extensions: { code: ErrorCode.UNAUTHENTICATED } }] }),
              { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } },
            ),
          );
        },
      );
    },
    onContextBuilding({ context, extendContext }) {
      const signed = verified.get(context.request);
      if (signed !== undefined) extendContext({ cdpClaims: signed });
    },
  };

  return {
    plugin,
    async authenticateConnection(params) {
      return { cdpClaims: await verify(bearer(params?.['authorization'])) };
    },
  };
}

