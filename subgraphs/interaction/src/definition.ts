import { loadSubgraphTypeDefs, type SubgraphDefinition } from '@cdp/shared';
import { createInteractionLoaders, type InteractionLoaders } from './loaders.js';
import { resolvers } from './resolvers.js';

/** Interactions across channels and the person's timeline. */
export const interactionSubgraph: SubgraphDefinition<InteractionLoaders> = {
  name: 'interaction',
  typeDefs: loadSubgraphTypeDefs('interaction'),
  resolvers,
  createLoaders: createInteractionLoaders,
};
