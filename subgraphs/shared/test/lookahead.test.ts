import { Kind, buildSchema, execute, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { childArguments, selects, type SelectionInfo } from '../src/lookahead.js';

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

describe('childArguments', () => {
  const schema = buildSchema(`
    type Query { person: Person }
    type Person { id: ID, page(first: Int = 20, after: String, kinds: [String!]): [String] }
  `);
  /** Runs the document for real and returns what Query.person's resolver found for `page`. */
  function argumentsOf(document: string, variableValues: Record<string, unknown> = {}): Record<string, unknown>[] {
    let found: Record<string, unknown>[] = [];
    const rootValue = {
      person: (_: unknown, __: unknown, info: GraphQLResolveInfo) => {
        found = childArguments(info, 'page');
        return { id: '1', page: [] };
      },
    };
    const result = execute({ schema, document: parse(document), rootValue, variableValues });
    if ('then' in result) throw new Error('expected a synchronous execution');
    return found;
  }

  it.each<[string, string, Record<string, unknown>, Record<string, unknown>[]]>([
    ['defaults applied', '{ person { page } }', {}, [{ first: 20 }]],
    ['literals', '{ person { page(first: 5, after: "c", kinds: ["a"]) } }', {}, [{ first: 5, after: 'c', kinds: ['a'] }]],
    ['variables read', 'query($n: Int, $k: [String!]) { person { page(first: $n, kinds: $k) } }', { n: 3, k: ['b'] }, [{ first: 3, kinds: ['b'] }]],
    ['an absent variable leaves the default', 'query($n: Int) { person { page(first: $n) } }', {}, [{ first: 20 }]],
    ['aliases give one entry each', '{ person { a: page(first: 1) b: page(first: 2) } }', {}, [{ first: 1 }, { first: 2 }]],
    ['through a named fragment', 'query { person { ...P } } fragment P on Person { page(first: 7) }', {}, [{ first: 7 }]],
    ['not selected', '{ person { id } }', {}, []],
  ])('%s', (_name, document, variables, expected) => {
    expect(argumentsOf(document, variables)).toEqual(expected);
  });
});
