import type { Intent, SentimentLabel } from '../context/types.js';
import { isPurchase, revenueOf, type EngagementFact } from './aggregate.js';

/** An interaction as stored, in the shape ENGAGEMENT_SOURCE returns it. */
export interface StoredFactRow {
  readonly channel: string;
  readonly type: string;
  readonly properties: string | null;
  readonly sentiment: number | null;
  readonly sentimentLabel: SentimentLabel | null;
  readonly intents: readonly Intent[] | null;
  readonly occurredAt: string;
}

function parseProperties(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function factFromStored(row: StoredFactRow): EngagementFact {
  return {
    // toString() of a Neo4j datetime may drop the milliseconds; normalise so comparisons hold.
    occurredAt: new Date(row.occurredAt).toISOString(),
    channel: row.channel,
    type: row.type,
    revenue: isPurchase(row.type) ? revenueOf(row.type, parseProperties(row.properties)) : 0,
    purchase: isPurchase(row.type),
    sentiment: row.sentiment ?? null,
    label: row.sentimentLabel ?? null,
    intents: row.intents ?? [],
  };
}
