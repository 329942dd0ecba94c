import { loadSubgraphTypeDefs, type SubgraphDefinition } from '@cdp/shared';
import { createProfileLoaders, type ProfileLoaders } from './loaders.js';
import { resolvers } from './resolvers.js';

/** Person, identifiers and identity resolution. */
export const profileSubgraph: SubgraphDefinition<ProfileLoaders> = {
  name: 'profile',
  typeDefs: loadSubgraphTypeDefs('profile'),
  resolvers,
  createLoaders: createProfileLoaders,
};
