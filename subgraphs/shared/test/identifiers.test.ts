import { describe, expect, it } from 'vitest';
import { normalizeIdentifier, normalizeIdentifiers, type IdentifierInput } from '../src/identity/identifiers.js';

describe('normalizeIdentifier', () => {
  it.each<[IdentifierInput, string]>([
    [{ type: 'EMAIL', value: '  Ada.Lovelace@Example.COM ' }, 'EMAIL:ada.lovelace@example.com'],
    [{ type: 'PHONE', value: '+31 6 1234 5678' }, 'PHONE:+31612345678'],
    [{ type: 'PHONE', value: '0031-6-12345678' }, 'PHONE:+31612345678'],
    [{ type: 'PHONE', value: '+1 (415) 555-0100' }, 'PHONE:+14155550100'],
    [{ type: 'PHONE', value: '06 12345678' }, 'PHONE:+31612345678'],
    [{ type: 'PHONE', value: '020 123 4567' }, 'PHONE:+31201234567'],
    [{ type: 'CUSTOMER_ID', value: ' C-1001 ' }, 'CUSTOMER_ID:C-1001'],
    [{ type: 'USER_ID', value: 'u_42' }, 'USER_ID:u_42'],
    [{ type: 'ANONYMOUS_ID', value: 'a1b2c3' }, 'ANONYMOUS_ID:a1b2c3'],
    [{ type: 'DEVICE_ID', value: 'IDFA-1' }, 'DEVICE_ID:IDFA-1'],
    [{ type: 'EXTERNAL', value: 'zd-991' }, 'EXTERNAL:zendesk:zd-991'],
  ])('%j becomes key %s', (input, key) => {
    expect(normalizeIdentifier(input, 'zendesk').key).toBe(key);
  });

  it.each<[IdentifierInput, string]>([
    [{ type: 'EMAIL', value: 'not-an-email' }, 'Identifier EMAIL expects an address like "name@example.com", but got "not-an-email".'],
    [{ type: 'PHONE', value: '12345' }, 'Identifier PHONE expects a valid phone number like "+31612345678" (or national in region NL), but got "12345".'],
    [{ type: 'PHONE', value: '+0123456789' }, 'Identifier PHONE expects a valid phone number like "+31612345678" (or national in region NL), but got "+0123456789".'],
    [{ type: 'USER_ID', value: '   ' }, 'Identifier USER_ID expects a value of 1 to 256 characters, but got "   ".'],
  ])('refuses %j', (input, message) => {
    expect(() => normalizeIdentifier(input, 'crm')).toThrow(message);
  });

  it('drops variants that normalise to the same key', () => {
    const result = normalizeIdentifiers(
      [
        { type: 'EMAIL', value: 'A@x.com' },
        { type: 'EMAIL', value: ' a@X.com' },
        { type: 'PHONE', value: '+31612345678' },
      ],
      'crm',
    );
    expect(result.map((identifier) => identifier.key)).toEqual(['EMAIL:a@x.com', 'PHONE:+31612345678']);
  });
});
