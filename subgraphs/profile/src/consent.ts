import { badInput, resolvePersonIdInTx, runQuery, show, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';

export interface ConsentRow {
  readonly purpose: string;
  readonly granted: boolean;
  readonly source: string;
  readonly at: string;
}

const PURPOSE = /^[a-z][a-z0-9_.:-]{0,63}$/;
const SOURCE = /^[\w.:@/-]{1,100}$/;

/** Records a consent decision; history is append-only, the latest per purpose is current. */
export function setConsent(db: Database, personId: string, purpose: string, granted: boolean, source: string): Promise<ConsentRow> {
  if (!PURPOSE.test(purpose)) {
    throw badInput(`purpose expects a lower-case name like "email_marketing" (letters, digits, _ . : -), but got ${show(purpose)}.`, {
      field: 'purpose',
    });
  }
  if (!SOURCE.test(source)) {
    throw badInput(`source expects 1 to 100 letters, digits or . _ : @ / -, but got ${show(source)}.`, { field: 'source' });
  }
  return db.write(async (tx, changes) => {
    const id = await resolvePersonIdInTx(tx, db, personId);
    changes.add({ personId: id, kind: 'CONSENT_CHANGED', changedFields: ['consents'] });
    const [row] = await db.count(
      runQuery(tx, { text: cypher.SET_CONSENT, params: { personId: id, purpose, granted, source, now: new Date().toISOString() } }),
    );
    return row?.['consent'] as ConsentRow;
  });
}

/** The newest decision per purpose from a newest-first history. */
export function currentConsents(history: readonly ConsentRow[]): ConsentRow[] {
  const seen = new Set<string>();
  return history.filter((row) => !seen.has(row.purpose) && seen.add(row.purpose));
}
