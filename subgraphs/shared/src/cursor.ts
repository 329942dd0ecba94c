import { badInput, show } from './errors.js';

/**
 * Relay cursors are opaque to clients but carry the sort key of the last row seen, so the next
 * page is a range seek, not an offset scan.
 */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedLength: number, argument = 'after'): (string | number)[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== expectedLength ||
    !parts.every((part) => typeof part === 'string' || typeof part === 'number')
  ) {
    throw badInput(`${argument} expects a cursor returned by this API, but got ${show(cursor)}.`, { argument });
  }
  return parts;
}

/** Clamps a page size; out-of-range values are refused rather than silently changed. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw badInput(`first expects a whole number from 0 to ${max}, but got ${show(value)}.`, { argument: 'first' });
  }
  return value;
}
