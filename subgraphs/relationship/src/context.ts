import type { SubgraphContext } from '@cdp/shared';
import type { RelationshipLoaders } from './loaders.js';

export type Context = SubgraphContext<RelationshipLoaders>;

/** A reference the gateway resolves in the subgraph that owns the person (profile). */
export function personRef(id: string): { __typename: 'Person'; id: string } {
  return { __typename: 'Person', id };
}

/** Reads back what a mutation has just written; missing means a bug, not a client error. */
export function present<T>(value: T | null, kind: string, id: string): T {
  if (value === null) throw new Error(`${kind} ${id} vanished after it was written`);
  return value;
}
