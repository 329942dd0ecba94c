import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { badInput, show } from '../errors.js';
import { runQuery, type Database } from '../neo4j.js';
import * as cypher from './cypher.js';
import {
  ANONYMOUS_TYPES,
  normalizeIdentifiers,
  type IdentifierInput,
  type NormalizedIdentifier,
} from './identifiers.js';

export interface IdentifyCommand {
  readonly identifiers: readonly IdentifierInput[];
  readonly traits?: Record<string, unknown>;
  readonly source: string;
  readonly messageId?: string | null;
  /** When the source observed this; defaults to the time it was received. */
  readonly observedAt?: string | null;
}

export interface MergeBlock {
  readonly code: 'MERGE_BLOCKED';
  readonly rule: string;
  readonly personIds: string[];
  readonly identifierKeys: string[];
  readonly reason: string;
}

export interface IdentifyOutcome {
  readonly personId: string;
  readonly created: boolean;
  /** True when the messageId was seen before and nothing was written. */
  readonly duplicate: boolean;
  readonly mergedIds: string[];
  readonly blocked: MergeBlock[];
}

const MAX_IDENTIFIERS = 50;
const MAX_SOURCE_LENGTH = 100;

/** Prefers an explicit name, then first and last name; never invents one. */
export function displayNameOf(traits: Record<string, unknown>, identifiers: readonly NormalizedIdentifier[]): string | null {
  const name = traits['name'];
  if (typeof name === 'string' && name.trim() !== '') return name.trim();
  const parts = [traits['firstName'], traits['lastName']].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  if (parts.length > 0) return parts.join(' ');
  return identifiers.find((identifier) => identifier.type === 'EMAIL')?.value ?? null;
}

function validate(command: IdentifyCommand): void {
  if (command.identifiers.length === 0 || command.identifiers.length > MAX_IDENTIFIERS) {
    throw badInput(`identifiers expects 1 to ${MAX_IDENTIFIERS} identifiers, but got ${command.identifiers.length}.`, {
      field: 'identifiers',
    });
  }
  const source = command.source.trim();
  if (source === '' || source.length > MAX_SOURCE_LENGTH || !/^[\w.:@/-]+$/.test(source)) {
    throw badInput(
      `source expects 1 to ${MAX_SOURCE_LENGTH} letters, digits or . _ : @ / -, but got ${show(command.source)}.`,
      { field: 'source' },
    );
  }
}

function parseTraits(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return {};
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/**
 * Identity resolution inside a caller's transaction, so ingestion paths (identify, interactions,
 * tracking API) share one implementation and one atomic unit of work.
 *
 * No identifier known: a new person. One person: new identifiers attach to it. Several people:
 * they stay apart and the conflict is reported as a MergeBlock (merging lands with the identity
 * resolution rules), and new identifiers attach to the oldest.
 */
export async function resolveIdentityInTx(
  tx: ManagedTransaction,
  db: Database,
  command: IdentifyCommand,
  now = new Date().toISOString(),
): Promise<IdentifyOutcome> {
  validate(command);
  const source = command.source.trim();
  const identifiers = normalizeIdentifiers(command.identifiers, source);
  const messageId = command.messageId ?? null;

  if (messageId !== null) {
    const [seen] = await db.count(runQuery(tx, { text: cypher.FIND_SOURCE_RECORD_BY_MESSAGE_ID, params: { messageId } }));
    if (seen) return { personId: String(seen['personId']), created: false, duplicate: true, mergedIds: [], blocked: [] };
  }

  const people = await db.count(
    runQuery(tx, { text: cypher.FIND_PEOPLE_BY_IDENTIFIER_KEYS, params: { keys: identifiers.map((i) => i.key) } }),
  );
  const incomingTraits = command.traits ?? {};
  const knownNow = identifiers.some((identifier) => !ANONYMOUS_TYPES.has(identifier.type));
  let personId: string;
  let created = false;
  const blocked: MergeBlock[] = [];

  const first = people[0];
  if (first === undefined) {
    personId = randomUUID();
    created = true;
    await db.count(
      runQuery(tx, {
        text: cypher.CREATE_PERSON,
        params: {
          personId,
          known: knownNow,
          traits: JSON.stringify(incomingTraits),
          displayName: displayNameOf(incomingTraits, identifiers),
          identifiers,
          source,
          rule: 'identify:new',
          now,
        },
      }),
    );
  } else {
    personId = String(first['id']);
    const taken = new Set(people.flatMap((person) => person['keys'] as string[]));
    if (people.length > 1) {
      blocked.push({
        code: 'MERGE_BLOCKED',
        rule: 'merge-disabled',
        personIds: people.map((person) => String(person['id'])),
        identifierKeys: identifiers.filter((identifier) => taken.has(identifier.key)).map((identifier) => identifier.key),
        reason: 'The identifiers belong to several people; they were left apart.',
      });
    }
    const [locked] = await db.count(runQuery(tx, { text: cypher.LOCK_PERSON, params: { personId, now } }));
    const traits = { ...parseTraits(locked?.['traits']), ...incomingTraits };
    const fresh = identifiers.filter((identifier) => !taken.has(identifier.key));
    await db.count(
      runQuery(tx, {
        text: cypher.ATTACH_TO_PERSON,
        params: {
          personId,
          traits: JSON.stringify(traits),
          displayName: displayNameOf(traits, identifiers),
          known: Boolean(locked?.['known']) || knownNow,
          identifiers: fresh,
          source,
          rule: 'identify:attach',
          now,
        },
      }),
    );
  }

  await db.count(
    runQuery(tx, {
      text: cypher.CREATE_SOURCE_RECORD,
      params: {
        personId,
        id: randomUUID(),
        source,
        messageId,
        now,
        observedAt: command.observedAt ?? now,
        payload: JSON.stringify({ identifiers: command.identifiers, traits: command.traits ?? null }),
      },
    }),
  );
  return { personId, created, duplicate: false, mergedIds: [], blocked };
}

/** identify as its own transaction, retried when a concurrent writer claimed an identifier first. */
export function resolveIdentity(db: Database, command: IdentifyCommand): Promise<IdentifyOutcome> {
  return db.write((tx) => resolveIdentityInTx(tx, db, command));
}
