import { badInput, show } from '@cdp/shared';

/**
 * The deepest any traversal may go, and the deepest an organization hierarchy may be: keeping the
 * two equal means one 10-level walk always reaches an organization's root or a subtree's leaves.
 */
export const MAX_DEPTH = 10;

/** Longest MERGED_INTO chain followed when resolving an old person id (as the profile subgraph does). */
export const MAX_MERGE_CHAIN = 32;

const MAX_NAME_LENGTH = 200;

/** A whole number in [min, max]; out-of-range values are refused, never silently changed. */
export function boundedInt(argument: string, value: number | null | undefined, fallback: number, min: number, max: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < min || chosen > max) {
    throw badInput(`${argument} expects a whole number from ${min} to ${max}, but got ${show(chosen)}.`, { argument });
  }
  return chosen;
}

/** A depth argument: 1 to MAX_DEPTH. */
export function depthArg(argument: string, value: number | null | undefined, fallback: number): number {
  return boundedInt(argument, value, fallback, 1, MAX_DEPTH);
}

/** A required display name: trimmed, 1 to 200 characters. */
export function nameArg(field: string, value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '' || name.length > MAX_NAME_LENGTH) {
    throw badInput(`${field} expects 1 to ${MAX_NAME_LENGTH} characters, but got ${show(value)}.`, { field });
  }
  return name;
}

/** An optional free-text field: null or absent stays null, otherwise trimmed, 1 to `max` characters. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text === '' || text.length > max) {
    throw badInput(`${field} expects 1 to ${max} characters or null, but got ${show(value)}.`, { field });
  }
  return text;
}
