import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { badInput, show } from '../errors.js';

/** Closed set of identifier types; mirrors `enum IdentifierType` in the SDL. */
export const IDENTIFIER_TYPES = ['EMAIL', 'PHONE', 'CUSTOMER_ID', 'USER_ID', 'ANONYMOUS_ID', 'DEVICE_ID', 'EXTERNAL'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** Types that say nothing about who someone is: a person holding only these is not `known`. */
export const ANONYMOUS_TYPES: ReadonlySet<IdentifierType> = new Set(['ANONYMOUS_ID', 'DEVICE_ID']);

export interface IdentifierInput {
  readonly type: IdentifierType;
  readonly value: string;
}

/** An identifier after normalisation; `key` is what the uniqueness constraint holds. */
export interface NormalizedIdentifier {
  readonly key: string;
  readonly type: IdentifierType;
  readonly value: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_VALUE_LENGTH = 256;

/** E.164 through libphonenumber (full metadata: the small set accepts numbers no one can dial): national formats need the default region, "00" prefixes work too. */
function normalizePhone(raw: string, region: string): string | undefined {
  const international = raw.trim().replace(/^00/, '+');
  const parsed = parsePhoneNumberFromString(international, region as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

export interface NormalizeOptions {
  /** ISO 3166 region for numbers without a country code. @default "NL" */
  readonly phoneRegion?: string;
}

/**
 * Normalises one identifier so that variants of the same value meet on one key: e-mail trimmed
 * and lower-cased, phone to E.164, EXTERNAL ids namespaced by their source.
 */
export function normalizeIdentifier(input: IdentifierInput, source: string, options: NormalizeOptions = {}): NormalizedIdentifier {
  const trimmed = input.value.trim();
  if (trimmed === '' || trimmed.length > MAX_VALUE_LENGTH) {
    throw badInput(
      `Identifier ${input.type} expects a value of 1 to ${MAX_VALUE_LENGTH} characters, but got ${show(input.value)}.`,
      { identifierType: input.type, value: input.value },
    );
  }
  let value: string;
  switch (input.type) {
    case 'EMAIL': {
      value = trimmed.toLowerCase();
      if (!EMAIL.test(value)) {
        throw badInput(`Identifier EMAIL expects an address like "name@example.com", but got ${show(input.value)}.`, {
          identifierType: input.type,
          value: input.value,
        });
      }
      break;
    }
    case 'PHONE': {
      const phone = normalizePhone(trimmed, options.phoneRegion ?? 'NL');
      if (phone === undefined) {
        throw badInput(
          `Identifier PHONE expects a valid phone number like "+31612345678" (or national in region ${options.phoneRegion ?? 'NL'}), but got ${show(input.value)}.`,
          { identifierType: input.type, value: input.value },
        );
      }
      value = phone;
      break;
    }
    case 'EXTERNAL':
      value = `${source}:${trimmed}`;
      break;
    case 'CUSTOMER_ID':
    case 'USER_ID':
    case 'ANONYMOUS_ID':
    case 'DEVICE_ID':
      value = trimmed;
      break;
    default: {
      const exhaustive: never = input.type;
      throw badInput(`Unknown identifier type ${show(exhaustive)}.`);
    }
  }
  return { key: `${input.type}:${value}`, type: input.type, value };
}

/** Normalises a list and drops duplicates that differ only in form ("A@x.com" and "a@x.com "). */
export function normalizeIdentifiers(
  inputs: readonly IdentifierInput[],
  source: string,
  options: NormalizeOptions = {},
): NormalizedIdentifier[] {
  const byKey = new Map<string, NormalizedIdentifier>();
  for (const input of inputs) {
    const normalized = normalizeIdentifier(input, source, options);
    byKey.set(normalized.key, normalized);
  }
  return [...byKey.values()];
}
