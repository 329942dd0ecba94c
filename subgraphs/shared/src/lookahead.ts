import {
  Kind,
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

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

function childFieldNodes(set: SelectionSetNode | undefined, name: string, fragments: Readonly<Record<string, FragmentDefinitionNode>>): FieldNode[] {
  if (set === undefined) return [];
  return set.selections.flatMap((selection): FieldNode[] => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.name.value === name ? [selection] : [];
      case Kind.INLINE_FRAGMENT:
        return childFieldNodes(selection.selectionSet, name, fragments);
      case Kind.FRAGMENT_SPREAD:
        return childFieldNodes(fragments[selection.name.value]?.selectionSet, name, fragments);
      default: {
        const exhaustive: never = selection;
        return exhaustive;
      }
    }
  });
}

/** What `childArguments` reads of a resolver's info. */
export type ArgumentsInfo = SelectionInfo & Pick<GraphQLResolveInfo, 'returnType' | 'variableValues'>;

/**
 * The arguments of each selection of the child field `name` (aliases give several), coerced as
 * execution will coerce them: defaults applied, variables read. Empty when the child is not
 * selected. For a resolver that reads a child's page along and must ask for exactly that page.
 */
export function childArguments(info: ArgumentsInfo, name: string): Record<string, unknown>[] {
  const type = getNamedType(info.returnType);
  const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
  if (field === undefined) return [];
  return info.fieldNodes
    .flatMap((node) => childFieldNodes(node.selectionSet, name, info.fragments))
    .map((node) => getArgumentValues(field, node, info.variableValues));
}
