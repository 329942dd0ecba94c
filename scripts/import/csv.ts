import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { identityConfig, normalizeIdentifier } from '@cdp/shared';
import type { BadRecord, ImportRecord } from './batches.js';

/**
 * Contact exports: a header row, then one contact a row, parsed as a stream. Columns that name
 * an identifier (case, spaces, dashes and underscores ignored) become identifiers; every other
 * non-empty cell becomes a trait under its header. Each row is one identify call, with a
 * messageId from a hash of the row, so importing the same export twice changes nothing.
 *
 * | column                                   | identifier  |
 * |------------------------------------------|-------------|
 * | email, e-mail, emailaddress              | EMAIL       |
 * | phone, phonenumber, mobile, telephone    | PHONE       |
 * | customerid, customernumber, customerno   | CUSTOMER_ID |
 * | userid                                   | USER_ID     |
 * | anonymousid                              | ANONYMOUS_ID|
 */
const IDENTIFIER_COLUMNS: Readonly<Record<string, string>> = {
  email: 'EMAIL',
  emailaddress: 'EMAIL',
  phone: 'PHONE',
  phonenumber: 'PHONE',
  mobile: 'PHONE',
  telephone: 'PHONE',
  customerid: 'CUSTOMER_ID',
  customernumber: 'CUSTOMER_ID',
  customerno: 'CUSTOMER_ID',
  userid: 'USER_ID',
  anonymousid: 'ANONYMOUS_ID',
};

function columnKey(header: string): string {
  return header.toLowerCase().replace(/[\s_-]+/g, '');
}

export async function* readContacts(path: string, source: string, onBytes: (bytes: number) => void): AsyncGenerator<ImportRecord | BadRecord> {
  const stream = createReadStream(path);
  stream.on('data', () => onBytes(stream.bytesRead));
  const parser = stream.pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim()), info: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }));
  const phoneRegion = identityConfig().phoneRegion;
  for await (const entry of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const line = entry.info.lines;
    const identifiers: { type: string; value: string }[] = [];
    const traits: Record<string, string> = {};
    const problems: string[] = [];
    for (const [header, value] of Object.entries(entry.record)) {
      if (value === undefined || value === '') continue;
      const type = IDENTIFIER_COLUMNS[columnKey(header)];
      if (type === undefined) {
        traits[header] = value;
        continue;
      }
      try {
        normalizeIdentifier({ type: type as 'EMAIL', value }, source, { phoneRegion });
        identifiers.push({ type, value });
      } catch (error) {
        problems.push(`${header}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (problems.length === 0 && identifiers.length === 0) problems.push('expects at least one identifier column (email, phone, customerId, userId), but all are empty.');
    if (problems.length > 0) {
      yield { line, reason: problems.join(' ') };
      continue;
    }
    const messageId = `csv-${createHash('sha256').update(JSON.stringify(entry.record)).digest('hex').slice(0, 32)}`;
    yield { line, identities: [{ identifiers, traits, source, messageId, observedAt: null }], interactions: [] };
  }
}
