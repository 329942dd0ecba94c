import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { mapEvent } from '../../gateway/src/tracking/events.js';
import type { BadRecord, ImportRecord } from './batches.js';

/**
 * Segment-spec events, one JSON object per line, read as a stream: the tracking API's own
 * validation and mapping (gateway/src/tracking/events.ts), so a file imports exactly as the same
 * events sent to /v1/batch would. Events without a messageId get one from a hash of their line,
 * so importing a file twice records nothing new.
 */
export async function* readEvents(path: string, source: string, onBytes: (bytes: number) => void): AsyncGenerator<ImportRecord | BadRecord> {
  const stream = createReadStream(path);
  stream.on('data', () => onBytes(stream.bytesRead));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      yield { line, reason: 'expects one JSON object per line, but the line is not valid JSON.' };
      continue;
    }
    if (typeof event === 'object' && event !== null && !Array.isArray(event) && !('messageId' in event)) {
      event = { ...event, messageId: `ndjson-${createHash('sha256').update(text).digest('hex').slice(0, 32)}` };
    }
    const mapped = mapEvent(event, line, null);
    if (Array.isArray(mapped)) {
      yield { line, reason: mapped.map((problem) => problem.reason).join(' ') };
      continue;
    }
    yield {
      line,
      identities: mapped.identities.map((identity) => ({ ...identity, source })),
      interactions: mapped.interaction === null ? [] : [{ ...mapped.interaction, source }],
    };
  }
}
