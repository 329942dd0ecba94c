import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selects, type SelectionInfo } from '../src/lookahead.js';

/** The info a resolver of the operation's first root field gets: its field node and the fragments. */
function infoOf(document: string): SelectionInfo {
  const parsed = parse(document);
  const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const field = operation?.selectionSet.selections[0] as FieldNode;
  const fragments = Object.fromEntries(
    parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [field], fragments };
}

describe('selects', () => {
  it.each<[string, string, readonly string[], boolean]>([
    ['a direct child', '{ household { id members { role } } }', ['members'], true],
    ['an absent child', '{ household { id name } }', ['members'], false],
    ['a nested path', '{ employments { organization { ancestors { id } } } }', ['organization', 'ancestors'], true],
    ['a nested path cut short', '{ employments { organization { id } } }', ['organization', 'ancestors'], false],
    ['a name at the wrong level', '{ employments { ancestors { id } } }', ['organization', 'ancestors'], false],
    ['through an inline fragment', '{ household { ... on Household { members { role } } } }', ['members'], true],
    ['through a named fragment', 'query { household { ...H } } fragment H on Household { members { role } }', ['members'], true],
    ['through a fragment inside a nested field', 'query { employments { organization { ...O } } } fragment O on Organization { ancestors { id } }', ['organization', 'ancestors'], true],
    ['an aliased child, by its field name', '{ household { people: members { role } } }', ['members'], true],
    ['a leaf field (no selection set)', '{ household }', ['members'], false],
    ['an empty path', '{ household { members { role } } }', [], false],
  ])('%s', (_name, document, path, expected) => {
    expect(selects(infoOf(document), path)).toBe(expected);
  });
});
