import neo4j from 'neo4j-driver';
import { runQuery, type Database, type Row } from '@cdp/shared';
import * as cypher from './cypher-people.js';
import { boundedInt, depthArg } from './limits.js';
import { resolvePeople } from './people.js';
import { isRelationshipType, type RelationshipType } from './relationships.js';

export type NetworkNodeKind = 'PERSON' | 'HOUSEHOLD' | 'ORGANIZATION';
export type NetworkEdgeKind = 'RELATED_TO' | 'MEMBER_OF' | 'WORKS_FOR';

export interface NetworkNodeRow {
  readonly id: string;
  readonly kind: NetworkNodeKind;
  readonly label: string | null;
  readonly depth: number;
}

export interface NetworkEdgeRow {
  readonly from: string;
  readonly to: string;
  readonly kind: NetworkEdgeKind;
  readonly relationshipType: RelationshipType | null;
  readonly role: string | null;
  readonly title: string | null;
}

export interface NetworkResult {
  readonly nodes: NetworkNodeRow[];
  readonly edges: NetworkEdgeRow[];
  readonly truncated: boolean;
}

export interface PathResult {
  readonly length: number;
  readonly nodes: NetworkNodeRow[];
  readonly edges: NetworkEdgeRow[];
}

export const MAX_NETWORK_NODES = 1000;

interface Found extends NetworkNodeRow {
  readonly eid: string;
}

function node(value: unknown, depth: number): Found {
  const row = value as Record<string, unknown>;
  return {
    eid: String(row['eid']),
    id: String(row['id']),
    kind: row['kind'] as NetworkNodeKind,
    label: typeof row['label'] === 'string' ? row['label'] : null,
    depth,
  };
}

function edge(value: unknown): NetworkEdgeRow {
  const row = value as Record<string, unknown>;
  const text = (key: string): string | null => (typeof row[key] === 'string' ? (row[key]) : null);
  return {
    from: String(row['from']),
    to: String(row['to']),
    kind: row['kind'] as NetworkEdgeKind,
    // A type written outside this API would not serialise as the enum; it is shown as unknown.
    relationshipType: isRelationshipType(row['relationshipType']) ? row['relationshipType'] : null,
    role: text('role'),
    title: text('title'),
  };
}

const strip = ({ eid: _eid, ...rest }: Found): NetworkNodeRow => rest;

/**
 * Breadth-first from a person, one statement per level inside one read transaction, so the
 * nodes are the nearest ones and the walk stops as soon as `limit` nodes are found. Then one
 * statement fetches every edge among the chosen nodes. An unknown person has an empty network.
 */
export async function network(db: Database, personId: string, depthValue?: number | null, limitValue?: number | null): Promise<NetworkResult> {
  const depth = depthArg('depth', depthValue, 2);
  const limit = boundedInt('limit', limitValue, 100, 1, MAX_NETWORK_NODES);
  return db.read(async (tx) => {
    const [start] = await db.count(runQuery(tx, { text: cypher.NETWORK_START, params: { id: personId } }));
    if (!start) return { nodes: [], edges: [], truncated: false };
    const found: Found[] = [node(start['node'], 0)];
    let frontier = [found[0]!.eid];
    let truncated = false;
    for (let level = 1; level <= depth && frontier.length > 0 && !truncated; level++) {
      const room = limit - found.length;
      // One more than there is room for: getting it means the network was cut here.
      const rows: Row[] = await db.count(
        runQuery(tx, {
          text: cypher.NETWORK_NEIGHBOURS,
          params: { frontier, seen: found.map((item) => item.eid), cap: neo4j.int(room + 1) },
        }),
      );
      truncated = rows.length > room;
      const next = rows.slice(0, room).map((row) => node(row['node'], level));
      found.push(...next);
      frontier = next.map((item) => item.eid);
    }
    const edges = await db.count(runQuery(tx, { text: cypher.NETWORK_EDGES, params: { eids: found.map((item) => item.eid) } }));
    return { nodes: found.map(strip), edges: edges.map((row) => edge(row['edge'])), truncated };
  });
}

/**
 * A shortest path between two people (old merged ids resolve to survivors), at most `maxDepth`
 * edges; null when there is none. Unknown people are NOT_FOUND.
 */
export async function connectionPath(db: Database, fromId: string, toId: string, maxDepthValue?: number | null): Promise<PathResult | null> {
  const maxDepth = depthArg('maxDepth', maxDepthValue, 6);
  return db.read(async (tx) => {
    const [a, b] = (await resolvePeople(tx, db, [fromId, toId])) as [string, string];
    if (a === b) {
      const [start] = await db.count(runQuery(tx, { text: cypher.NETWORK_START, params: { id: a } }));
      return { length: 0, nodes: [strip(node(start?.['node'], 0))], edges: [] };
    }
    const [row] = await db.count(
      runQuery(tx, { text: cypher.CONNECTION_PATH, params: { fromId: a, toId: b, maxDepth: neo4j.int(maxDepth) } }),
    );
    if (!row) return null;
    const edges = (row['edges'] as unknown[]).map(edge);
    return { length: edges.length, nodes: (row['nodes'] as unknown[]).map((value, index) => strip(node(value, index))), edges };
  });
}
