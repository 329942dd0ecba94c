import neo4j from 'neo4j-driver';
import { ApiError, ErrorCode, badInput, runQuery, show, type Database } from '@cdp/shared';
import * as cypher from './cypher.js';
import { groupHouseholds, type PersonFacts, type SuggestedGroup } from './household-evidence.js';
import { HOUSEHOLD_FIELDS, createHouseholdInTx } from './households.js';
import { boundedInt, nameArg } from './limits.js';
import { reportChanged, resolveAndLockPeople } from './people.js';

/**
 * How many of the most recently updated people one suggestion request reads. Traits are JSON
 * text no index can look into, so the candidates are read in updatedAt order from its index and
 * grouped here: the cost is bounded by this number, not by the size of the graph.
 */
export const SUGGESTION_SCAN = 10_000;
export const MAX_SUGGESTIONS = 100;

export interface HouseholdSuggestion extends SuggestedGroup {
  readonly id: string;
  readonly name: string;
}

const ID_VERSION = 'hs1';

/** Opaque to clients, like cursors: it carries the people, so accepting needs no stored state. */
function encodeSuggestionId(personIds: readonly string[]): string {
  return Buffer.from(JSON.stringify([ID_VERSION, ...personIds]), 'utf8').toString('base64url');
}

function decodeSuggestionId(id: string): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (
    !Array.isArray(parts) ||
    parts[0] !== ID_VERSION ||
    parts.length < 3 ||
    !parts.every((part) => typeof part === 'string')
  ) {
    throw badInput(`id expects a suggestion id returned by suggestHouseholds, but got ${show(id)}.`, { argument: 'id' });
  }
  return (parts).slice(1);
}

function suggestion(group: SuggestedGroup): HouseholdSuggestion {
  return { ...group, id: encodeSuggestionId(group.personIds), name: `${group.lastName} household` };
}

function facts(row: Record<string, unknown>): PersonFacts {
  return {
    id: String(row['id']),
    traits: typeof row['traits'] === 'string' ? row['traits'] : null,
    phones: (row['phones'] as unknown[]).map(String),
  };
}

export async function suggestHouseholds(db: Database, first: number | null | undefined): Promise<HouseholdSuggestion[]> {
  const count = boundedInt('first', first, 20, 0, MAX_SUGGESTIONS);
  if (count === 0) return [];
  const rows = await db.readRows({ text: cypher.SUGGESTION_CANDIDATES, params: { scan: neo4j.int(SUGGESTION_SCAN) } });
  return groupHouseholds(rows.map(facts)).slice(0, count).map(suggestion);
}

/**
 * Creates the suggested household in one transaction, after checking under lock that the
 * evidence still holds: the people (merged ids resolve to survivors) still share a family name
 * and an address or phone, and none of them has joined a household meanwhile.
 */
export async function acceptHouseholdSuggestion(db: Database, id: string, name: string | null | undefined): Promise<string> {
  const requested = decodeSuggestionId(id);
  if (name !== undefined && name !== null) nameArg('name', name);
  return db.write(async (tx, changes) => {
    const survivors = [...new Set(await resolveAndLockPeople(tx, db, requested))].sort();
    const rows = await db.count(runQuery(tx, { text: cypher.SUGGESTION_FACTS_BY_PERSON_IDS, params: { ids: survivors } }));
    const housed = rows.find((row) => row['householdId'] !== null);
    if (housed) {
      throw new ApiError(
        ErrorCode.CONFLICT,
        `Expected people without a household, but person ${show(housed['id'])} is now in household ${show(housed['householdId'])}.`,
        { personId: housed['id'], householdId: housed['householdId'] },
      );
    }
    const [group] = groupHouseholds(rows.map(facts));
    if (group === undefined || group.personIds.length !== survivors.length) {
      throw new ApiError(
        ErrorCode.CONFLICT,
        `Expected people who still share a family name and an address or phone, but ${survivors.map((person) => show(person)).join(', ')} no longer do.`,
        { personIds: survivors },
      );
    }
    // A household address is a JSON object; an address trait written as one line becomes its line1.
    const address = typeof group.address === 'string' ? { line1: group.address } : group.address;
    const householdId = await createHouseholdInTx(tx, db, { name: name ?? `${group.lastName} household`, address });
    await db.count(
      runQuery(tx, {
        text: cypher.ADD_HOUSEHOLD_MEMBERS,
        params: { householdId, personIds: survivors, role: 'OTHER', now: new Date().toISOString() },
      }),
    );
    reportChanged(changes, survivors, 'HOUSEHOLD_CHANGED', HOUSEHOLD_FIELDS);
    return householdId;
  });
}
