import { badInput, runQuery, show, type Database } from '@cdp/shared';
import * as cypher from './cypher-people.js';
import { reportChanged, resolveAndLockPeople } from './people.js';

export const RELATIONSHIP_TYPES = [
  'SPOUSE', 'PARTNER', 'PARENT', 'CHILD', 'SIBLING', 'FRIEND', 'COLLEAGUE', 'REFERRED_BY', 'REFERRED', 'MANAGES', 'MANAGED_BY',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** Each type as the other side sees it. Symmetric types are their own inverse. */
const INVERSE: Readonly<Record<RelationshipType, RelationshipType>> = {
  SPOUSE: 'SPOUSE',
  PARTNER: 'PARTNER',
  SIBLING: 'SIBLING',
  FRIEND: 'FRIEND',
  COLLEAGUE: 'COLLEAGUE',
  PARENT: 'CHILD',
  CHILD: 'PARENT',
  REFERRED_BY: 'REFERRED',
  REFERRED: 'REFERRED_BY',
  MANAGES: 'MANAGED_BY',
  MANAGED_BY: 'MANAGES',
};

/** Of each inverse pair, the one stored: one direction in the graph, so a pair can never disagree. */
const STORED: ReadonlySet<RelationshipType> = new Set(['PARENT', 'REFERRED_BY', 'MANAGES']);

export function isRelationshipType(value: unknown): value is RelationshipType {
  return (RELATIONSHIP_TYPES as readonly unknown[]).includes(value);
}

export function isSymmetric(type: RelationshipType): boolean {
  return INVERSE[type] === type;
}

/** "from is type of to" turned into the edge actually stored. */
export function toStored(fromId: string, toId: string, type: RelationshipType): { fromId: string; toId: string; type: RelationshipType } {
  return isSymmetric(type) || STORED.has(type) ? { fromId, toId, type } : { fromId: toId, toId: fromId, type: INVERSE[type] };
}

/** A stored edge as seen from one of its ends: from its start node as stored, from its end node inverted. */
export function asSeenFrom(storedType: RelationshipType, fromStartNode: boolean): RelationshipType {
  return fromStartNode ? storedType : INVERSE[storedType];
}

export interface RelationshipResult {
  readonly type: RelationshipType;
  readonly fromId: string;
  readonly toId: string;
  readonly since: string;
}

/** Relates two people (ids resolved to survivors and locked), idempotently, in one transaction. */
export async function relatePeople(
  db: Database,
  fromId: string,
  toId: string,
  type: RelationshipType,
  since: string | null | undefined,
): Promise<RelationshipResult> {
  return db.write(async (tx, changes) => {
    const [a, b] = (await resolveAndLockPeople(tx, db, [fromId, toId])) as [string, string];
    if (a === b) {
      throw badInput(
        fromId === toId
          ? `toId expects a person other than fromId, but both are ${show(fromId)}.`
          : `toId expects a person other than fromId, but ${show(fromId)} and ${show(toId)} were merged into one person ${show(a)}.`,
        { argument: 'toId', fromId, toId },
      );
    }
    const stored = toStored(a, b, type);
    if (!isSymmetric(type)) {
      const [reversed] = await db.count(runQuery(tx, { text: cypher.REVERSED_RELATIONSHIP, params: stored }));
      if (reversed) {
        throw badInput(
          `type expects a relationship that does not contradict a recorded one, but ${show(stored.toId)} ${stored.type} ${show(stored.fromId)} is recorded.`,
          { argument: 'type', fromId, toId, type },
        );
      }
    }
    const [row] = await db.count(
      runQuery(tx, {
        text: isSymmetric(type) ? cypher.RELATE_SYMMETRIC : cypher.RELATE_DIRECTED,
        params: { ...stored, since: since ?? null, now: new Date().toISOString() },
      }),
    );
    reportChanged(changes, [a, b], 'RELATIONSHIP_CHANGED', ['relationships']);
    return { type, fromId: a, toId: b, since: String(row?.['since']) };
  });
}

/** Removes the relationship whichever side it was stated from; false when there was none. */
export async function unrelatePeople(db: Database, fromId: string, toId: string, type: RelationshipType): Promise<boolean> {
  return db.write(async (tx, changes) => {
    const [a, b] = (await resolveAndLockPeople(tx, db, [fromId, toId])) as [string, string];
    const stored = toStored(a, b, type);
    const [row] = await db.count(
      runQuery(tx, { text: isSymmetric(type) ? cypher.UNRELATE_SYMMETRIC : cypher.UNRELATE_DIRECTED, params: stored }),
    );
    const removed = Number(row?.['removed'] ?? 0) > 0;
    if (removed) reportChanged(changes, [a, b], 'RELATIONSHIP_CHANGED', ['relationships']);
    return removed;
  });
}
