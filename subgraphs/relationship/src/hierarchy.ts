import type { TreeNodeRow } from './loaders-organizations.js';

/**
 * Orders a tree's nodes depth-first (each node followed by its subtree, siblings in the order
 * given: by name), which is what an indented tree view or an outline draws top to bottom. The
 * input is nearest-first, so a node cut by a limit never has children in it.
 */
export function depthFirst(nodes: readonly TreeNodeRow[]): TreeNodeRow[] {
  const children = new Map<string, TreeNodeRow[]>();
  const roots: TreeNodeRow[] = [];
  for (const node of nodes) {
    if (node.parentId === null) {
      roots.push(node);
      continue;
    }
    const siblings = children.get(node.parentId);
    if (siblings) siblings.push(node);
    else children.set(node.parentId, [node]);
  }
  const ordered: TreeNodeRow[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    ordered.push(node);
    stack.push(...[...(children.get(node.organization.id) ?? [])].reverse());
  }
  return ordered;
}

/** True when some node has children that are not in the list (cut by maxDepth or by limit). */
export function leavesOutChildren(nodes: readonly TreeNodeRow[]): boolean {
  const included = new Map<string, number>();
  for (const node of nodes) {
    if (node.parentId !== null) included.set(node.parentId, (included.get(node.parentId) ?? 0) + 1);
  }
  return nodes.some((node) => node.childCount > (included.get(node.organization.id) ?? 0));
}
