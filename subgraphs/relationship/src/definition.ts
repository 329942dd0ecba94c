import { loadSubgraphTypeDefs, type SubgraphDefinition } from '@cdp/shared';
import { createRelationshipLoaders, type RelationshipLoaders } from './loaders.js';
import { resolvers } from './resolvers.js';

/** Households, organizations and person-to-person relationships. */
export const relationshipSubgraph: SubgraphDefinition<RelationshipLoaders> = {
  name: 'relationship',
  typeDefs: loadSubgraphTypeDefs('relationship'),
  resolvers,
  createLoaders: createRelationshipLoaders,
  // The same rule as in profile, where the field is owned: a name is PII.
  fieldScopes: { 'Person.displayName': 'pii:read' },
};
