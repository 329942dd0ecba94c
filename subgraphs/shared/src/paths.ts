import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';
import type { SubgraphName } from './config.js';

/** The repository root, found from this file so it works from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const SCHEMA_DIR = join(REPO_ROOT, 'schema');

/** Reads a subgraph's SDL from schema/<name>.graphql, the one source of truth for its API. */
export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8');
}

export function loadSubgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(readSubgraphSdl(name));
}
