import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../src/config.js';

const base = { AUTH_MODE: 'dev', INTERNAL_SIGNING_SECRET: 's'.repeat(43) };

describe('gateway configuration', () => {
  it('plans with Hive Router\'s query planner unless told otherwise', () => {
    expect(readGatewayConfig(base, 'supergraph.graphql').queryPlanner).toBe('rust');
    expect(readGatewayConfig({ ...base, GATEWAY_QUERY_PLANNER: 'js' }, 'supergraph.graphql').queryPlanner).toBe('js');
  });

  it.each([
    [{ AUTH_MODE: 'none' }, 'AUTH_MODE must be "jwt" or "dev", but is "none"'],
    [{ AUTH_MODE: 'jwt' }, 'AUTH_MODE=jwt needs JWT_SECRET or JWT_JWKS_URL; set AUTH_MODE=dev to run without authentication on purpose.'],
    [{ GATEWAY_QUERY_PLANNER: 'apollo' }, 'GATEWAY_QUERY_PLANNER must be "rust" or "js", but is "apollo"'],
  ])('refuses %j with a message naming the value', (env, message) => {
    expect(() => readGatewayConfig({ ...base, ...env }, 'supergraph.graphql')).toThrow(message);
  });
});
