import type { ManagedTransaction } from 'neo4j-driver';
import { asJsonObject, prepareIdentify, resolveIdentitiesInTx, type ChangeSink, type Database, type IdentifierInput } from '@cdp/shared';
import { at } from './validate.js';

/** An identify call carried in a batch (`input BatchIdentifyInput`). */
export interface BatchIdentifyInput {
  readonly identifiers: readonly IdentifierInput[];
  readonly traits?: unknown;
  readonly source: string;
  readonly messageId?: string | null;
  readonly observedAt?: string | null;
}

/**
 * Applies a batch's identify calls in order inside the batch's transaction, through the one
 * shared identity resolution (in waves: unrelated calls share round trips), so identities and
 * the interactions that follow commit together. Every call is checked before anything is read.
 * Returns the person each call resolved to.
 */
export async function applyIdentities(
  tx: ManagedTransaction,
  db: Database,
  identities: readonly BatchIdentifyInput[],
  changes: ChangeSink,
  now: string,
): Promise<string[]> {
  const prepared = identities.map((identity, index) => {
    try {
      return prepareIdentify({
        identifiers: identity.identifiers,
        traits: asJsonObject(identity.traits, 'traits'),
        source: identity.source,
        messageId: identity.messageId ?? null,
        observedAt: identity.observedAt ?? null,
      });
    } catch (error) {
      throw at(`identities[${index}]`, error);
    }
  });
  // The shared resolution reports its own changes (created, identified, merged).
  const outcomes = await resolveIdentitiesInTx(tx, db, prepared, changes, now);
  return outcomes.map((outcome) => outcome.personId);
}
