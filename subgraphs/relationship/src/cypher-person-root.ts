/** Cypher of `Query.person` in this subgraph. Constants only; values are parameters. */
import { PEOPLE_BY_REQUESTED_ID } from '@cdp/shared';
import { HOUSEHOLD_WITH_MEMBERS_OF_PERSON, JOBS_WITH_ANCESTORS_OF_PERSON } from './cypher-fragments.js';

/**
 * The person each id leads to with the household (and members) and jobs (with organizations and
 * ancestors) a profile page asks for: one statement, where resolving first and reading after
 * would be three in two round trips. Starts from a seek on the person's unique id (see
 * person-root.ts): never replanned.
 */
export const PEOPLE_WITH_HOUSEHOLD_AND_JOBS_BY_REQUESTED_IDS = `CYPHER replan=skip
${PEOPLE_BY_REQUESTED_ID}
RETURN requestedId, person.id AS id,
  ${HOUSEHOLD_WITH_MEMBERS_OF_PERSON} AS households,
  ${JOBS_WITH_ANCESTORS_OF_PERSON} AS jobs`;
