import { DateTimeScalar, JSONScalar } from '@cdp/shared';
import { householdResolvers, personHouseholdResolvers } from './resolvers-households.js';
import { organizationResolvers, personOrganizationResolvers } from './resolvers-organizations.js';
import { peopleResolvers, personPeopleResolvers } from './resolvers-people.js';

/** Every resolver of the subgraph, one file per concept; Person gathers the fields each adds. */
export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { ...householdResolvers.Query, ...organizationResolvers.Query, ...peopleResolvers.Query },
  Mutation: { ...householdResolvers.Mutation, ...organizationResolvers.Mutation, ...peopleResolvers.Mutation },
  Household: householdResolvers.Household,
  HouseholdMember: householdResolvers.HouseholdMember,
  HouseholdMembership: householdResolvers.HouseholdMembership,
  HouseholdSuggestion: householdResolvers.HouseholdSuggestion,
  Organization: organizationResolvers.Organization,
  OrganizationHierarchy: organizationResolvers.OrganizationHierarchy,
  OrganizationTreeNode: organizationResolvers.OrganizationTreeNode,
  Employment: organizationResolvers.Employment,
  Relationship: peopleResolvers.Relationship,
  NetworkNode: peopleResolvers.NetworkNode,
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    ...personHouseholdResolvers,
    ...personOrganizationResolvers,
    ...personPeopleResolvers,
  },
};
