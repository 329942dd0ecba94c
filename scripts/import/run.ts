/**
 * npm run import -- <file.ndjson|file.jsonl|file.csv> [--source=<name>] [--batch=<n>]
 *
 * Streams a Segment-spec event history (NDJSON) or a contact export (CSV) into the running
 * stack: records go in batches to the interaction subgraph's ingestBatch, one transaction each
 * (identities and interactions together), two batches in flight. Bad records are reported with
 * their line numbers and reasons and skipped; the rest is imported. Idempotent: a second import
 * of the same file records nothing new. A progress bar goes to stderr, the summary (JSON) to
 * stdout; the exit code is 0 when every record was imported, 1 when some were bad, 2 on a usage
 * or connection error.
 *
 * Env: INTERACTION_URL (default http://127.0.0.1:4003/graphql) and INTERNAL_SIGNING_SECRET, the
 * secret the subgraphs share with the gateway (they accept only signed calls).
 */
import { statSync } from 'node:fs';
import { DEFAULT_PORTS, readSigningSecret, readUrl } from '@cdp/shared';
import { localSigningSecret } from '../lib/local-secret.js';
import { sendRecords, type BadRecord, type ImportRecord } from './batches.js';
import { readContacts } from './csv.js';
import { readEvents } from './ndjson.js';
import { Progress } from './progress.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));
const option = (name: string): string | undefined => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
if (file === undefined) fail('usage: npm run import -- <file.ndjson|file.csv> [--source=<name>] [--batch=<n>]');
const source = option('source') ?? 'import';
if (!/^[\w.:@/-]{1,100}$/.test(source)) fail(`--source expects 1 to 100 letters, digits or . _ : @ / -, but got ${JSON.stringify(source)}.`);
const batchSize = Number(option('batch') ?? '500');
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) fail(`--batch expects a whole number from 1 to 1000, but got ${JSON.stringify(option('batch'))}.`);
let size = 0;
try {
  size = statSync(file).size;
} catch {
  fail(`Expected a readable file, but ${JSON.stringify(file)} cannot be read.`);
}
const format = /\.csv$/i.test(file) ? 'csv' : /\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : fail(`Expected a .ndjson, .jsonl or .csv file, but got ${JSON.stringify(file)}.`);
const url = readUrl(process.env, 'INTERACTION_URL', `http://127.0.0.1:${DEFAULT_PORTS.interaction}/graphql`);
const secret = (() => {
  try {
    // Without the variable, use the secret of the local stack that `npm start` runs.
    return readSigningSecret({ ...process.env, INTERNAL_SIGNING_SECRET: localSigningSecret(process.env, false) });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

const progress = new Progress(size);
let bytes = 0;
let imported = 0;
let total = 0;
const bad: BadRecord[] = [];
const inFlight = new Set<Promise<void>>();
const started = Date.now();

async function flush(records: ImportRecord[]): Promise<void> {
  const outcome = await sendRecords(url, secret, records);
  imported += outcome.sent;
  bad.push(...outcome.bad);
  progress.update(bytes, imported, bad.length);
}

let pending: ImportRecord[] = [];
let pendingInputs = 0;
const records = format === 'csv' ? readContacts(file, source, (b) => (bytes = b)) : readEvents(file, source, (b) => (bytes = b));
try {
  for await (const record of records) {
    total++;
    if (!('identities' in record)) {
      bad.push(record);
      continue;
    }
    const inputs = record.identities.length + record.interactions.length;
    if (pendingInputs + inputs > batchSize) {
      const batch = pending;
      pending = [];
      pendingInputs = 0;
      const sending = flush(batch).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= 2) await Promise.race(inFlight);
    }
    pending.push(record);
    pendingInputs += inputs;
  }
  if (pending.length > 0) await flush(pending);
  await Promise.all(inFlight);
} catch (error) {
  progress.finish(bytes, imported, bad.length);
  fail(`Import stopped: ${error instanceof Error ? error.message : String(error)} (${imported} records imported before).`);
}
progress.finish(size, imported, bad.length);
bad.sort((a, b) => a.line - b.line);
for (const record of bad) process.stderr.write(`line ${record.line}: ${record.reason}\n`);
const summary = { file, format, records: total, imported, bad: bad.length, seconds: (Date.now() - started) / 1000, badLines: bad };
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(bad.length > 0 ? 1 : 0);
