import type { ManagedTransaction } from 'neo4j-driver';
import { runQuery, type Database } from '../neo4j.js';
import * as cypher from './cypher.js';
import { ANONYMOUS_TYPES, type IdentifierType } from './identifiers.js';
import {
  addObservations,
  goldenRecord,
  observationsOf,
  traitValues,
  type Observations,
  type SurvivorshipConfig,
  type TraitValue,
} from './traits.js';

export interface HeldIdentifier {
  readonly key: string;
  readonly type: IdentifierType;
  readonly value: string;
}

/** Prefers an explicit name, then first and last name, then an e-mail address; never invents one. */
export function displayNameOf(traits: Record<string, unknown>, identifiers: readonly HeldIdentifier[]): string | null {
  const name = traits['name'];
  if (typeof name === 'string' && name.trim() !== '') return name.trim();
  const parts = [traits['firstName'], traits['lastName']].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  if (parts.length > 0) return parts.map((part) => part.trim()).join(' ');
  return identifiers.find((identifier) => identifier.type === 'EMAIL')?.value ?? null;
}

/** What the full-text index sees: names, e-mail addresses and phone numbers, lower-cased. */
export function searchTextOf(traits: Record<string, unknown>, identifiers: readonly HeldIdentifier[]): string {
  const words: string[] = [];
  for (const trait of ['name', 'firstName', 'lastName', 'company']) {
    const value = traits[trait];
    if (typeof value === 'string') words.push(value);
  }
  for (const identifier of identifiers) {
    if (identifier.type === 'EMAIL') words.push(identifier.value, identifier.value.split('@')[0] ?? '');
    if (identifier.type === 'PHONE') words.push(identifier.value, identifier.value.slice(1));
  }
  return [...new Set(words.map((word) => word.toLowerCase().trim()).filter((word) => word !== ''))].join(' ');
}

export interface ProfileParams {
  readonly traits: string;
  readonly traitSources: string;
  readonly observations: string;
  readonly displayName: string | null;
  readonly known: boolean;
  readonly searchText: string;
  readonly [key: string]: unknown;
}

/** Everything on the Person node that follows from its observations and identifiers, as statement parameters. */
export function profileParams(
  observations: Observations,
  identifiers: readonly HeldIdentifier[],
  config: SurvivorshipConfig,
): ProfileParams {
  const golden: Record<string, TraitValue> = goldenRecord(observations, config);
  const traits = traitValues(golden);
  return {
    traits: JSON.stringify(traits),
    traitSources: JSON.stringify(golden),
    observations: JSON.stringify(observations),
    displayName: displayNameOf(traits, identifiers),
    known: identifiers.some((identifier) => !ANONYMOUS_TYPES.has(identifier.type)),
    searchText: searchTextOf(traits, identifiers),
  };
}

/** Derives and writes the profile (after merges and unmerges; identify writes it with its other changes). */
export async function writeProfile(
  tx: ManagedTransaction,
  db: Database,
  personId: string,
  observations: Observations,
  identifiers: readonly HeldIdentifier[],
  config: SurvivorshipConfig,
  now: string,
): Promise<void> {
  await db.count(
    runQuery(tx, { text: cypher.UPDATE_PROFILE, params: { personId, now, ...profileParams(observations, identifiers, config) } }),
  );
}

/** Rebuilds a profile from the source records it holds now (after an unmerge moved some away). */
export async function recomputeProfile(
  tx: ManagedTransaction,
  db: Database,
  personId: string,
  config: SurvivorshipConfig,
  now: string,
): Promise<void> {
  const records = await db.count(runQuery(tx, { text: cypher.SOURCE_RECORDS_FOR_RECOMPUTE, params: { personId } }));
  let observations: Observations = {};
  for (const record of records) {
    const payload = JSON.parse(String(record['payload'])) as { traits?: Record<string, unknown> | null };
    if (payload.traits) {
      observations = addObservations(observations, observationsOf(payload.traits, String(record['source']), String(record['observedAt'])));
    }
  }
  const identifiers = (await db.count(runQuery(tx, { text: cypher.IDENTIFIERS_OF_PERSON, params: { personId } }))).map(
    (row) => ({ key: String(row['key']), type: row['type'] as IdentifierType, value: String(row['value']) }),
  );
  await writeProfile(tx, db, personId, observations, identifiers, config, now);
}
