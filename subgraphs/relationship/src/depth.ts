import { MAX_DEPTH } from './limits.js';

/**
 * Cypher takes no parameter as a variable-length bound, so a statement that must not search
 * deeper than `$maxDepth` is written once per depth and the branches joined with UNION ALL. Each
 * branch starts with `WITH <imports> WHERE $maxDepth = k`; the planner evaluates that guard
 * before the expansion, so only the branch asked for does any work (see test/cypher.test.ts for
 * the plans). The result is still one constant statement with values only as parameters.
 */
export function perDepth(imports: string, branch: (depth: number) => string, from = 1, to = MAX_DEPTH): string {
  const branches: string[] = [];
  for (let depth = from; depth <= to; depth++) {
    branches.push(`  WITH ${imports} WHERE $maxDepth = ${depth}\n  ${branch(depth)}`);
  }
  return branches.join('\n  UNION ALL\n');
}
