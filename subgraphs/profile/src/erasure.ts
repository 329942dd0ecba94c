import { notFound, runQuery, type Database } from '@cdp/shared';
import * as cypher from './cypher-erasure.js';

export interface ErasureReceipt {
  readonly personId: string;
  readonly erasedAt: string;
  readonly counts: {
    readonly people: number;
    readonly identifiers: number;
    readonly sourceRecords: number;
    readonly interactions: number;
    readonly relationships: number;
    readonly households: number;
  };
}

/**
 * Right to erasure: removes the person, everyone merged into them, and everything that
 * identifies or describes them (identifiers, source records, traits, interactions and their
 * content, relationships, memberships, households only they belonged to), in one transaction.
 * A tombstone with the id remains, so later references answer "erased" instead of "unknown".
 * Erasing an erased person again writes nothing and returns zero counts.
 */
export function erasePerson(db: Database, id: string): Promise<ErasureReceipt> {
  return db.write(async (tx, changes) => {
    const now = new Date().toISOString();
    const [lineageRow] = await db.count(runQuery(tx, { text: cypher.ERASURE_LINEAGE, params: { id } }));
    if (!lineageRow) throw notFound('person', id);
    const rootId = String(lineageRow['rootId']);
    const zero = { people: 0, identifiers: 0, sourceRecords: 0, interactions: 0, relationships: 0, households: 0 };
    if (lineageRow['status'] === 'ERASED') return { personId: rootId, erasedAt: now, counts: zero };
    const lineage = lineageRow['lineage'] as string[];
    const count = async (text: string, params: Record<string, unknown> = { lineage }): Promise<number> => {
      const [row] = await db.count(runQuery(tx, { text, params }));
      return Number(row?.['erased'] ?? 0);
    };
    const counts = {
      identifiers: await count(cypher.ERASE_IDENTIFIERS),
      sourceRecords: await count(cypher.ERASE_SOURCE_RECORDS),
      interactions: await count(cypher.ERASE_INTERACTIONS),
      households: await count(cypher.ERASE_MEMBERSHIPS),
      relationships: await count(cypher.ERASE_RELATIONSHIPS),
      people: lineage.length,
    };
    await count(cypher.DELETE_MERGED_PEOPLE, { merged: lineage.filter((personId) => personId !== rootId) });
    await db.count(runQuery(tx, { text: cypher.TOMBSTONE, params: { rootId, now } }));
    // Events carry ids and field names only, never values, so the log holds nothing to erase.
    for (const personId of lineage) changes.add({ personId, kind: 'ERASED', changedFields: ['status'] });
    await db.count(runQuery(tx, { text: cypher.RECORD_ERASURE, params: { rootId, now, counts: JSON.stringify(counts) } }));
    return { personId: rootId, erasedAt: now, counts };
  });
}
