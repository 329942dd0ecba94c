import { badInput, show } from '../errors.js';
import { identityConfig, type IdentityConfig } from './config.js';
import { normalizeIdentifiers, type IdentifierInput, type NormalizedIdentifier } from './identifiers.js';

export interface IdentifyCommand {
  readonly identifiers: readonly IdentifierInput[];
  readonly traits?: Record<string, unknown>;
  readonly source: string;
  readonly messageId?: string | null;
  /** When the source observed this; defaults to the time it was received. */
  readonly observedAt?: string | null;
}

/** An identify call checked and normalized, before anything is read or written. */
export interface PreparedIdentify {
  readonly command: IdentifyCommand;
  readonly source: string;
  readonly messageId: string | null;
  readonly identifiers: readonly NormalizedIdentifier[];
  /** Identifiers dropped because their value is a known placeholder ("test@test.com", "unknown"). */
  readonly ignored: IdentifierInput[];
}

const MAX_IDENTIFIERS_PER_CALL = 50;
const MAX_SOURCE_LENGTH = 100;

/**
 * Validates and normalizes one identify call; throws BAD_USER_INPUT naming the offending value.
 * Batch callers prepare every call first, so a bad one fails the batch before anything is written.
 */
export function prepareIdentify(command: IdentifyCommand, config: IdentityConfig = identityConfig()): PreparedIdentify {
  if (command.identifiers.length === 0 || command.identifiers.length > MAX_IDENTIFIERS_PER_CALL) {
    throw badInput(`identifiers expects 1 to ${MAX_IDENTIFIERS_PER_CALL} identifiers, but got ${command.identifiers.length}.`, {
      field: 'identifiers',
    });
  }
  const source = command.source.trim();
  if (source === '' || source.length > MAX_SOURCE_LENGTH || !/^[\w.:@/-]+$/.test(source)) {
    throw badInput(`source expects 1 to ${MAX_SOURCE_LENGTH} letters, digits or . _ : @ / -, but got ${show(command.source)}.`, {
      field: 'source',
    });
  }
  // Placeholders are dropped before validation: "0000000000" is no phone number, but the form
  // that sent it should not fail the whole call.
  const isPlaceholder = (input: IdentifierInput): boolean => config.blockedValues.has(input.value.trim().toLowerCase());
  const ignored = command.identifiers.filter(isPlaceholder);
  const identifiers = normalizeIdentifiers(
    command.identifiers.filter((input) => !isPlaceholder(input)),
    source,
    { phoneRegion: config.phoneRegion },
  ).filter((identifier) => !config.blockedValues.has(identifier.value.toLowerCase()));
  if (identifiers.length === 0) {
    throw badInput(
      `identifiers expects at least one real identifier, but every value given is a placeholder: ${command.identifiers.map((i) => show(i.value)).join(', ')}.`,
      { field: 'identifiers' },
    );
  }
  return { command, source, messageId: command.messageId ?? null, identifiers, ignored };
}
