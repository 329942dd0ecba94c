import { randomUUID } from 'node:crypto';
import { ApiError, ErrorCode, badInput, notFound, runQuery, show, type Database } from '@cdp/shared';
import * as cypher from './cypher-organizations.js';
import { optionalText } from './limits.js';
import { reportChanged, resolveAndLockPeople } from './people.js';

const MAX_TITLE_LENGTH = 200;

export interface AddEmploymentInput {
  readonly personId: string;
  readonly organizationId: string;
  readonly title?: string | null;
  /** ISO date-time, already parsed by the DateTime scalar. @default now */
  readonly since?: string | null;
}

/**
 * Records a job. A person has at most one current employment per organization (a second would
 * make contact counts and titles ambiguous): another one is refused until the first is ended.
 */
export async function addEmployment(db: Database, input: AddEmploymentInput): Promise<string> {
  const title = optionalText('title', input.title, MAX_TITLE_LENGTH);
  const since = input.since ?? new Date().toISOString();
  return db.write(async (tx, changes) => {
    const [personId] = await resolveAndLockPeople(tx, db, [input.personId]);
    const { organizationId } = input;
    const [organization] = await db.count(runQuery(tx, { text: cypher.ORGANIZATION_EXISTS, params: { id: organizationId } }));
    if (!organization) throw notFound('organization', organizationId);
    const [current] = await db.count(runQuery(tx, { text: cypher.CURRENT_EMPLOYMENT, params: { personId, organizationId } }));
    if (current) {
      throw new ApiError(
        ErrorCode.CONFLICT,
        `Expected no current employment of person ${show(input.personId)} at organization ${show(organizationId)}, but employment ${show(current['id'])} is current; end it first.`,
        { personId: input.personId, organizationId, employmentId: current['id'] },
      );
    }
    const id = randomUUID();
    await db.count(runQuery(tx, { text: cypher.ADD_EMPLOYMENT, params: { id, personId, organizationId, title, since } }));
    reportChanged(changes, [personId!], 'EMPLOYMENT_CHANGED', ['employments']);
    return id;
  });
}

/** Ends a current employment at `until` (default now); the employment is kept as history. */
export async function endEmployment(db: Database, id: string, until: string | null | undefined): Promise<string> {
  const end = until ?? new Date().toISOString();
  return db.write(async (tx, changes) => {
    const [employment] = await db.count(runQuery(tx, { text: cypher.LOCK_EMPLOYMENT, params: { id } }));
    if (!employment) throw notFound('employment', id);
    const ended = employment['until'];
    if (typeof ended === 'string') {
      throw badInput(`id expects a current employment, but employment ${show(id)} ended at ${ended}.`, {
        argument: 'id',
        id,
      });
    }
    const since = String(employment['since']);
    if (Date.parse(end) < Date.parse(since)) {
      throw badInput(`until expects a date-time at or after the employment's start ${since}, but got ${show(end)}.`, {
        argument: 'until',
        since,
        until: end,
      });
    }
    await db.count(runQuery(tx, { text: cypher.END_EMPLOYMENT, params: { id, until: end } }));
    reportChanged(changes, [String(employment['personId'])], 'EMPLOYMENT_CHANGED', ['employments']);
    return id;
  });
}
