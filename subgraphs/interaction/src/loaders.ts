import type DataLoader from 'dataloader';
import neo4j from 'neo4j-driver';
import { SURVIVORS_BY_REQUESTED_IDS, keyedLoader, perArguments, personRootLoader, type Database, type Row } from '@cdp/shared';
import * as cypher from './cypher.js';
import * as timelineCypher from './cypher-timeline.js';
import { EMPTY_AGGREGATE, fold, parseAggregate, type Aggregate } from './engagement/aggregate.js';
import { factFromStored, type StoredFactRow } from './engagement/facts.js';
import { timelineQuery, timelineSignature, type TimelineArgs } from './timeline.js';

export interface MentionLink {
  readonly key: string;
  readonly personId: string | null;
  readonly organizationId: string | null;
}

export interface InteractionRow {
  readonly id: string;
  readonly channel: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** JSON text as stored. */
  readonly properties: string;
  readonly content: string | null;
  readonly messageId: string | null;
  readonly personId: string;
  readonly language: string | null;
  readonly sentiment: number | null;
  readonly sentimentLabel: string | null;
  readonly intents: string[] | null;
  readonly topics: string[] | null;
  /** JSON text: every mention found, linked or not. */
  readonly mentions: string | null;
  readonly links: MentionLink[];
}

/**
 * Timeline pages are batched per distinct argument set: the gateway asks for many people's
 * first page at once, and they share one statement, since Cypher's LIMIT cannot vary per row.
 */
function timelineLoaders(db: Database): (args: TimelineArgs) => DataLoader<string, InteractionRow[]> {
  return perArguments(timelineSignature, (args) => {
    const query = timelineQuery(args);
    return keyedLoader<string, InteractionRow[]>(async (personIds) => {
      const rows = await db.readRows({ text: query.text, params: { ...query.params, personIds, limit: limitOf(args) } });
      return new Map(rows.map((row) => [String(row['personId']), row['interactions'] as InteractionRow[]]));
    }, []);
  });
}

/** One row past the page tells whether there is a next page. */
const limitOf = (args: TimelineArgs) => neo4j.int(args.first + 1);

/** The aggregate a row of engagementOf(...) columns holds; null when it no longer covers every interaction. */
function storedEngagement(row: Row): Aggregate | null {
  if (row['had'] === 0) return EMPTY_AGGREGATE;
  const aggregate = parseAggregate(row['engagement']);
  return aggregate !== null && row['engagementCount'] === row['had'] ? aggregate : null;
}

/**
 * Engagement aggregates in one statement per batch of people. An aggregate that no longer covers
 * all of a person's interactions (a merge moved some in since it was written) is recomputed from
 * the interactions with a second statement, for those people only; the next write stores it.
 */
function engagementLoader(db: Database) {
  return keyedLoader<string, Aggregate>(async (personIds) => {
    const rows = await db.readRows({ text: cypher.ENGAGEMENTS, params: { personIds } });
    const result = new Map<string, Aggregate>();
    const stale: string[] = [];
    for (const row of rows) {
      const aggregate = storedEngagement(row);
      if (aggregate === null) stale.push(String(row['id']));
      else result.set(String(row['id']), aggregate);
    }
    if (stale.length > 0) {
      const sources = await db.readRows({ text: cypher.ENGAGEMENT_SOURCE, params: { personIds: stale } });
      for (const source of sources) {
        const facts = (source['interactions'] as StoredFactRow[]).map(factFromStored);
        result.set(String(source['personId']), fold(EMPTY_AGGREGATE, facts));
      }
    }
    return result;
  }, EMPTY_AGGREGATE);
}

export function createInteractionLoaders(db: Database) {
  const engagement = engagementLoader(db);
  const timeline = timelineLoaders(db);
  /** A stale aggregate read along is left to the engagement loader, which recomputes it. */
  const primeEngagement = (row: Row, personId: string): void => {
    const aggregate = storedEngagement(row);
    if (aggregate !== null) engagement.prime(personId, aggregate);
  };
  return {
    person: personRootLoader(db, SURVIVORS_BY_REQUESTED_IDS),
    /** `Query.person` with the engagement read along. */
    personWithEngagement: personRootLoader(db, cypher.PEOPLE_WITH_ENGAGEMENT_BY_REQUESTED_IDS, primeEngagement),
    /**
     * `Query.person` with the engagement and a page of the timeline read along, for a page with
     * no channel or type filter; one loader per page arguments, as the timeline's own.
     */
    personWithEngagementAndTimeline: perArguments(timelineSignature, (args: TimelineArgs) => {
      const query = timelineQuery(args);
      const readAlong = (row: Row, personId: string): void => {
        primeEngagement(row, personId);
        timeline(args).prime(personId, row['interactions'] as InteractionRow[]);
      };
      return personRootLoader(db, timelineCypher.PEOPLE_WITH_ENGAGEMENT_AND_TIMELINE_BY_REQUESTED_IDS, readAlong, { ...query.params, limit: limitOf(args) });
    }),
    interaction: keyedLoader<string, InteractionRow | null>(async (ids) => {
      const rows = await db.readRows({ text: cypher.INTERACTIONS_BY_IDS, params: { ids } });
      return new Map(rows.map((row) => [String(row['id']), row['interaction'] as InteractionRow]));
    }, null),
    timeline,
    engagement,
  };
}

export type InteractionLoaders = ReturnType<typeof createInteractionLoaders>;
