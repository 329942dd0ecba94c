import { ImportCallError, ingestBatch } from './client.js';

/** One source record (a line of the file) and what it became. */
export interface ImportRecord {
  readonly line: number;
  readonly identities: readonly unknown[];
  readonly interactions: readonly unknown[];
}

export interface BadRecord {
  readonly line: number;
  readonly reason: string;
}

/** Index of the record a subgraph error names ("inputs[3]..." or "identities[1]..."), or -1. */
function culprit(records: readonly ImportRecord[], message: string): number {
  const match = /^(inputs|identities)\[(\d+)\]/.exec(message);
  if (!match) return -1;
  const wanted = Number(match[2]);
  let seen = 0;
  for (const [index, record] of records.entries()) {
    const count = match[1] === 'inputs' ? record.interactions.length : record.identities.length;
    if (wanted < seen + count) return index;
    seen += count;
  }
  return -1;
}

/**
 * Sends records as one ingestBatch (one transaction). A batch is all or nothing, so when the
 * subgraph refuses one record, that record is reported bad with the subgraph's reason and the
 * batch is sent again without it; anything else fails the whole batch's records.
 */
export async function sendRecords(url: string, secret: string, records: readonly ImportRecord[]): Promise<{ sent: number; bad: BadRecord[] }> {
  const bad: BadRecord[] = [];
  let pending = [...records];
  while (pending.length > 0) {
    try {
      await ingestBatch(url, secret, pending.flatMap((r) => r.identities), pending.flatMap((r) => r.interactions));
      return { sent: pending.length, bad };
    } catch (error) {
      if (!(error instanceof ImportCallError)) throw error;
      const index = error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND' ? culprit(pending, error.message) : -1;
      if (index < 0) {
        bad.push(...pending.map((record) => ({ line: record.line, reason: `batch failed: ${error.message}` })));
        return { sent: 0, bad };
      }
      const record = pending[index] as ImportRecord;
      bad.push({ line: record.line, reason: error.message.replace(/^(inputs|identities)\[\d+\][.:]?\s*/, '') });
      pending = pending.filter((_, i) => i !== index);
    }
  }
  return { sent: 0, bad };
}
