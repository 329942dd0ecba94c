import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** What `selects` reads of a resolver's info: the field's nodes and the operation's fragments. */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

function selectionSetSelects(
  set: SelectionSetNode | undefined,
  path: readonly string[],
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
): boolean {
  const [name, ...rest] = path;
  if (set === undefined || name === undefined) return false;
  return set.selections.some((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.name.value === name && (rest.length === 0 || selectionSetSelects(selection.selectionSet, rest, fragments));
      case Kind.INLINE_FRAGMENT:
        return selectionSetSelects(selection.selectionSet, path, fragments);
      case Kind.FRAGMENT_SPREAD:
        return selectionSetSelects(fragments[selection.name.value]?.selectionSet, path, fragments);
      default: {
        const exhaustive: never = selection;
        return exhaustive;
      }
    }
  });
}

/**
 * Whether the field being resolved selects the nested field at `path` (e.g. ["organization",
 * "ancestors"]), through fragments too. A resolver that can read that child in the statement it
 * sends anyway saves the request a round trip per level; @skip and @include are not evaluated,
 * so at worst the child is read and not asked for.
 */
export function selects(info: SelectionInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => selectionSetSelects(node.selectionSet, path, info.fragments));
}
