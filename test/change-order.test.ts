import { describe, expect, it } from 'vitest';
import { STALE_LINK_MS, UNREAD_LINK_MS, missingPeople, orderRound, type PendingEvent } from '../subgraphs/profile/src/change-order.js';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');

/**
 * The order a sequencing round numbers events in when merges are among them. Events are written
 * `person:seq[:kind[>survivor]][@link]`: "s:2:MERGED@L" is person s's second event, a MERGED of
 * link L; "m:1:MERGED_AWAY>s@L" merged m into s. All were appended a second before NOW.
 */
function events(spec: string, links: Record<string, string[]> = {}, at = new Date(NOW - 1000).toISOString()): PendingEvent[] {
  return spec.split(' ').map((token) => {
    const [body = '', link = null] = token.split('@');
    const [personId = '', seq = '0', kindAndSurvivor = 'TRAITS_CHANGED'] = body.split(':');
    const [kind = '', survivorId = null] = kindAndSurvivor.split('>');
    return { id: `${personId}:${seq}`, personId, seq: Number(seq), kind, survivorId, at, link, linkPeople: link === null ? null : (links[link] ?? []) };
  });
}

const ids = (ordered: readonly PendingEvent[]): string => ordered.map((event) => event.id).join(' ');

describe('orderRound', () => {
  it.each([
    ['without links, people in the order read, each in stream order', 'b:2 a:1 b:1 a:2', {}, 'b:1 b:2 a:1 a:2'],
    [
      "a survivor read first: the merged person's MERGED_AWAY before the survivor's merge and later events",
      's:1 s:2:MERGED@L s:3 m:1:MERGED_AWAY>s@L',
      { L: ['m', 's'] },
      's:1 m:1 s:2 s:3',
    ],
    ['a merge whose merged person the round did not read waits, with what follows it', 's:1 s:2:MERGED@L s:3 x:1', { L: ['m', 's'] }, 's:1 x:1'],
    [
      "a merged person read before the merge committed: its older events go, the merge waits",
      's:1 s:2:MERGED@L m:1',
      { L: ['m', 's'] },
      's:1 m:1',
    ],
    [
      'a merged person with an older event: that event first, then the merge',
      's:2:MERGED@L m:1 m:2:MERGED_AWAY>s@L',
      { L: ['m', 's'] },
      'm:1 m:2 s:2',
    ],
    [
      'a chain of merges in two transactions: a into b, then b into c',
      'c:1 c:2:MERGED@L2 b:1:MERGED@L1 b:2:MERGED_AWAY>c@L2 a:1:MERGED_AWAY>b@L1',
      { L1: ['a', 'b'], L2: ['b', 'c'] },
      'c:1 a:1 b:1 b:2 c:2',
    ],
    [
      'two people merged into one in one transaction: both merged-away people first',
      's:1:MERGED@L m:1:MERGED_AWAY>s@L n:1:MERGED_AWAY>s@L',
      { L: ['m', 'n', 's'] },
      'm:1 n:1 s:1',
    ],
    [
      'a chain in one transaction, a into b into c: down the chain, whatever the ids',
      'c:1:MERGED@L b:1:MERGED_AWAY>c@L a:1:MERGED_AWAY>b@L',
      { L: ['a', 'b', 'c'] },
      'a:1 b:1 c:1',
    ],
    [
      'a chain in one transaction whose ids sort against it: z into y into x',
      'x:1:MERGED@L y:1:MERGED_AWAY>x@L z:1:MERGED_AWAY>y@L',
      { L: ['x', 'y', 'z'] },
      'z:1 y:1 x:1',
    ],
    [
      'several events of one person in a merge, read out of order: in stream order',
      's:3:TRAITS_CHANGED@L m:1:MERGED_AWAY>s@L s:2:MERGED@L',
      { L: ['m', 's'] },
      'm:1 s:2 s:3',
    ],
  ])('%s', (_name, spec, links, expected) => {
    expect(ids(orderRound(events(spec, links), NOW))).toBe(expected);
  });

  it(`numbers a merge that is still not whole after ${STALE_LINK_MS} ms in stream order, so it cannot stall its people`, () => {
    const old = new Date(NOW - STALE_LINK_MS - 1).toISOString();
    // m was read, but without its part of L: numbered in stream order once old, waits while young.
    expect(ids(orderRound(events('m:1 s:1 s:2:MERGED@L s:3', { L: ['m', 's'] }, old), NOW))).toBe('m:1 s:1 s:2 s:3');
    expect(ids(orderRound(events('m:1 s:1 s:2:MERGED@L s:3', { L: ['m', 's'] }), NOW))).toBe('m:1 s:1');
    // m never read (the round ran out of hops): it waits for a round that reads m.
    expect(ids(orderRound(events('s:1 s:2:MERGED@L s:3', { L: ['m', 's'] }, old), NOW))).toBe('s:1');
  });

  it('numbers a merge whose linked person was read with nothing pending once it is old: its part was numbered already', () => {
    const read = new Set(['s', 'm']);
    const old = new Date(NOW - STALE_LINK_MS - 1).toISOString();
    expect(ids(orderRound(events('s:1 s:2:MERGED@L s:3', { L: ['m', 's'] }, old), NOW, read))).toBe('s:1 s:2 s:3');
    expect(ids(orderRound(events('s:1 s:2:MERGED@L s:3', { L: ['m', 's'] }), NOW, read))).toBe('s:1');
  });

  it(`numbers a merge whose people no round reached after ${UNREAD_LINK_MS} ms in stream order, so hops that fall short cannot stall it for good`, () => {
    const stale = new Date(NOW - STALE_LINK_MS - 1).toISOString();
    const unread = new Date(NOW - UNREAD_LINK_MS - 1).toISOString();
    expect(ids(orderRound(events('s:1 s:2:MERGED@L s:3', { L: ['m', 's'] }, stale), NOW))).toBe('s:1');
    expect(ids(orderRound(events('s:1 s:2:MERGED@L s:3', { L: ['m', 's'] }, unread), NOW))).toBe('s:1 s:2 s:3');
  });

  it('orders a whole merge however old it is: a backlog after an outage keeps the guarantee', () => {
    const old = new Date(NOW - 10 * STALE_LINK_MS).toISOString();
    expect(ids(orderRound(events('s:1 s:2:MERGED@L s:3 m:1:MERGED_AWAY>s@L', { L: ['m', 's'] }, old), NOW))).toBe('s:1 m:1 s:2 s:3');
  });

  it('names the people of merges the round has not read', () => {
    expect(missingPeople(events('s:1 s:2:MERGED@L m:1 t:1:MERGED@K', { L: ['m', 's'], K: ['t', 'u', 'v'] }))).toEqual(['u', 'v']);
    expect(missingPeople(events('a:1 b:1'))).toEqual([]);
    // Asked for already and found with nothing pending: not asked again.
    expect(missingPeople(events('s:1 s:2:MERGED@L t:1:MERGED@K', { L: ['m', 's'], K: ['t', 'u'] }), new Set(['s', 't', 'm']))).toEqual(['u']);
  });
});
