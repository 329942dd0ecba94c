import { loadSubgraphTypeDefs, type SubgraphDefinition } from '@cdp/shared';
import { runChangeSequencer } from './change-log.js';
import { createProfileLoaders, type ProfileLoaders } from './loaders.js';
import { resolvers } from './resolvers.js';

/** Person, identifiers and identity resolution. */
export const profileSubgraph: SubgraphDefinition<ProfileLoaders> = {
  name: 'profile',
  typeDefs: loadSubgraphTypeDefs('profile'),
  resolvers,
  createLoaders: createProfileLoaders,
  background: runChangeSequencer,
  usesEventBus: true,
  // What identifies or describes a person is PII: reading it needs pii:read on top of profile:read.
  fieldScopes: {
    'Person.displayName': 'pii:read',
    'Person.traits': 'pii:read',
    'Person.trait': 'pii:read',
    'Person.traitHistory': 'pii:read',
    'Person.identifiers': 'pii:read',
    'Person.sourceRecords': 'pii:read',
    'Person.identityGraph': 'pii:read',
    'Query.personByIdentifier': 'pii:read',
    'Query.searchPeople': 'pii:read',
    'Mutation.erasePerson': 'profile:erase',
  },
};
