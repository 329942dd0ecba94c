import { loadSubgraphTypeDefs, type SubgraphDefinition } from '@cdp/shared';
import { createInteractionLoaders, type InteractionLoaders } from './loaders.js';
import { resolvers } from './resolvers.js';

/** Interactions across channels, their context, the person's timeline and engagement. */
export const interactionSubgraph: SubgraphDefinition<InteractionLoaders> = {
  name: 'interaction',
  typeDefs: loadSubgraphTypeDefs('interaction'),
  resolvers,
  createLoaders: createInteractionLoaders,
  // What people wrote or said, and the addresses and numbers in it, is PII.
  fieldScopes: {
    'Interaction.content': 'pii:read',
    'Mention.text': 'pii:read',
    'Mention.key': 'pii:read',
  },
};
