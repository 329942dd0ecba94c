import { afterAll, describe, expect, inject, it } from 'vitest';
import { ChangeSink, appendingChanges, groupChanges, runQuery } from '@cdp/shared';
import { testDatabase, unique } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';

/**
 * The change log's numbering under concurrency, on the real database and the running profile
 * subgraph's sequencer: writers number each person's events under that person's stream lock,
 * and the sequencer gives every committed event one global cursor, in each person's order.
 */
const db = testDatabase();
const gateway = inject('gatewayUrl');
afterAll(() => db.close());

interface Logged {
  readonly personId: string;
  readonly seq: number;
  readonly cursor: number | null;
  readonly pending: boolean;
}

async function logged(personIds: readonly string[]): Promise<Logged[]> {
  const rows = await db.readRows({
    text: `UNWIND $ids AS id MATCH (e:ChangeEvent {personId: id})
           RETURN e.personId AS personId, e.seq AS seq, e.cursor AS cursor, e:PendingChange AS pending`,
    params: { ids: personIds },
  });
  return rows as unknown as Logged[];
}

describe('groupChanges', () => {
  it('groups per person, people sorted by id so writers lock streams in one order, events in report order', () => {
    expect(
      groupChanges([
        { personId: 'p2', kind: 'TRAITS_CHANGED', changedFields: ['traits'] },
        { personId: 'p1', kind: 'CREATED', changedFields: [] },
        { personId: 'p2', kind: 'MERGED', changedFields: ['identifiers'], survivorId: 'p9' },
      ]),
    ).toEqual([
      { personId: 'p1', order: 1, events: [{ kind: 'CREATED', changedFields: [], survivorId: null }], link: null, linkPeople: null },
      {
        personId: 'p2',
        order: 0,
        events: [
          { kind: 'TRAITS_CHANGED', changedFields: ['traits'], survivorId: null },
          { kind: 'MERGED', changedFields: ['identifiers'], survivorId: 'p9' },
        ],
        link: null,
        linkPeople: null,
      },
    ]);
  });

  it('links the people each merge joins, transitively, and no one else', () => {
    const streams = groupChanges([
      { personId: 'p1', kind: 'TRAITS_CHANGED', changedFields: ['traits'] },
      { personId: 'p2', kind: 'MERGED_AWAY', changedFields: ['status'], survivorId: 'p3' },
      { personId: 'p3', kind: 'MERGED_AWAY', changedFields: ['status'], survivorId: 'p4' },
      { personId: 'p4', kind: 'MERGED', changedFields: ['identifiers'] },
      { personId: 'p5', kind: 'MERGED_AWAY', changedFields: ['status'], survivorId: 'p6' },
      { personId: 'p6', kind: 'MERGED', changedFields: ['identifiers'] },
    ]);
    const links = Object.fromEntries(streams.map((stream) => [stream.personId, stream.link]));
    expect(links['p1']).toBeNull();
    expect(new Set([links['p2'], links['p3'], links['p4']]).size).toBe(1);
    expect(new Set([links['p5'], links['p6']]).size).toBe(1);
    expect(links['p2']).not.toBe(links['p5']);
    expect(streams.map((stream) => stream.linkPeople)).toEqual([null, ['p2', 'p3', 'p4'], ['p2', 'p3', 'p4'], ['p2', 'p3', 'p4'], ['p5', 'p6'], ['p5', 'p6']]);
  });
});

describe('a change-log append carried by a statement', () => {
  it('takes each change once, so what a statement carried is not appended again', () => {
    const sink = new ChangeSink();
    sink.add({ personId: 'p1', kind: 'CREATED', changedFields: [] });
    expect(sink.take('2026-01-01T00:00:00.000Z')).toEqual({
      changeStreams: [{ personId: 'p1', order: 0, events: [{ kind: 'CREATED', changedFields: [], survivorId: null }], link: null, linkPeople: null }],
      changesAt: '2026-01-01T00:00:00.000Z',
    });
    sink.add({ personId: 'p1', kind: 'TRAITS_CHANGED', changedFields: ['traits'] });
    expect(sink.take('2026-01-01T00:00:01.000Z').changeStreams).toEqual([
      { personId: 'p1', order: 0, events: [{ kind: 'TRAITS_CHANGED', changedFields: ['traits'], survivorId: null }], link: null, linkPeople: null },
    ]);
    expect(sink.take('2026-01-01T00:00:02.000Z').changeStreams).toEqual([]);
  });

  it('is refused for a statement whose plan is not kept, naming its start', () => {
    expect(() => appendingChanges('MATCH (p:Person) RETURN p')).toThrow(
      'appendingChanges expects a statement that starts with "CYPHER replan=skip" and a line break, but got: "MATCH (p:Person) RETURN p"',
    );
  });

  it('numbers what the statement carried and what Database.write appends after it in one stream, in report order', async () => {
    const personId = unique('carried');
    await db.write(async (tx, changes) => {
      changes.add({ personId, kind: 'CREATED', changedFields: [] });
      await runQuery(tx, { text: appendingChanges('CYPHER replan=skip\nRETURN 1 AS one'), params: changes.take(new Date().toISOString()) });
      changes.add({ personId, kind: 'TRAITS_CHANGED', changedFields: ['traits'] });
    });
    const rows = await db.readRows({
      text: 'MATCH (e:ChangeEvent {personId: $personId}) RETURN e.seq AS seq, e.kind AS kind ORDER BY e.seq',
      params: { personId },
    });
    expect(rows).toEqual([
      { seq: 1, kind: 'CREATED' },
      { seq: 2, kind: 'TRAITS_CHANGED' },
    ]);
  });
});

describe('change log under concurrent writers', () => {
  it('numbers each person 1..n without a gap or a repeat and sequences every event in that order', async () => {
    const people = Array.from({ length: 4 }, () => unique('log'));
    const writers = 32;
    const perWriter = 5;
    // Every writer touches every person, in its own order, so streams are contended from all sides.
    await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        (async () => {
          for (let n = 0; n < perWriter; n++) {
            await db.write(async (tx, changes) => {
              await runQuery(tx, { text: 'RETURN 1', params: {} });
              const order = w % 2 === 0 ? people : [...people].reverse();
              for (const personId of order) changes.add({ personId, kind: 'TRAITS_CHANGED', changedFields: ['traits'] });
            });
          }
        })(),
      ),
    );
    // changeCursor answers once everything committed before it has a cursor.
    await graphqlData(gateway, '{ changeCursor }');
    const events = await logged(people);
    expect(events).toHaveLength(people.length * writers * perWriter);
    expect(events.filter((event) => event.pending || event.cursor === null)).toEqual([]);
    expect(new Set(events.map((event) => event.cursor)).size).toBe(events.length);
    for (const personId of people) {
      const mine = events.filter((event) => event.personId === personId).sort((a, b) => (a.cursor ?? 0) - (b.cursor ?? 0));
      expect(mine.map((event) => event.seq)).toEqual(Array.from({ length: writers * perWriter }, (_, i) => i + 1));
    }
  });

  it('gives a change committed before changeCursor was asked a cursor at or below the answer', async () => {
    const personId = unique('log');
    await db.write(async (tx, changes) => {
      await runQuery(tx, { text: 'RETURN 1', params: {} });
      changes.add({ personId, kind: 'CONSENT_CHANGED', changedFields: ['consents'] });
    });
    const { changeCursor } = await graphqlData<{ changeCursor: string }>(gateway, '{ changeCursor }');
    const [event] = await logged([personId]);
    expect(event?.pending).toBe(false);
    expect(event?.cursor).toBeLessThanOrEqual(Number(changeCursor));
  });
});
