import type { Intent, SentimentLabel } from '../context/types.js';

/**
 * A person's engagement aggregate: what the engagement fields are computed from, small enough to
 * read and rewrite with every write (a few kilobytes at most, whatever the number of
 * interactions). It is stored as JSON on the Person (`engagement`) with the number of
 * interactions it covers (`engagementCount`); erasure, which resets the person's properties,
 * removes it with everything else.
 *
 * Windows relative to now (frequency, lifecycle, friction) need time-bucketed facts: interaction
 * and purchase counts per week for the last 53 weeks, and the last 20 conversations.
 */
export interface Conversation {
  readonly at: string;
  readonly sentiment: number;
  readonly label: SentimentLabel;
  readonly intents: readonly Intent[];
}

export interface WeekCounts {
  readonly interactions: number;
  readonly purchases: number;
}

export interface Aggregate {
  readonly count: number;
  readonly firstAt: string | null;
  readonly lastAt: string | null;
  readonly byChannel: Readonly<Record<string, number>>;
  readonly monetary: number;
  /** Key: whole weeks since the Unix epoch. */
  readonly weeks: Readonly<Record<string, WeekCounts>>;
  /** Newest first. */
  readonly conversations: readonly Conversation[];
}

/** The facts of one interaction that engagement needs. */
export interface EngagementFact {
  readonly occurredAt: string;
  readonly channel: string;
  readonly type: string;
  /** Purchase revenue, 0 for anything else. */
  readonly revenue: number;
  readonly purchase: boolean;
  /** Present for conversations (CHAT, EMAIL, PHONE with content). */
  readonly sentiment: number | null;
  readonly label: SentimentLabel | null;
  readonly intents: readonly Intent[];
}

export const WEEK_MS = 7 * 24 * 3600 * 1000;
export const KEPT_WEEKS = 53;
export const KEPT_CONVERSATIONS = 20;

/**
 * Interaction types that are purchases: their properties.revenue (else properties.total) counts
 * towards monetary. Matched after lower-casing and turning spaces and dashes into underscores,
 * so Segment's "Order Completed" counts.
 */
export const PURCHASE_TYPES: ReadonlySet<string> = new Set(['purchase', 'order_completed', 'order_placed', 'checkout_completed', 'transaction']);

export function isPurchase(type: string): boolean {
  return PURCHASE_TYPES.has(type.trim().toLowerCase().replace(/[\s-]+/g, '_'));
}

function amount(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : 0;
}

/** Revenue of a purchase: properties.revenue, else properties.total; 0 when neither is a number. */
export function revenueOf(type: string, properties: Readonly<Record<string, unknown>>): number {
  if (!isPurchase(type)) return 0;
  return amount(properties['revenue'] ?? properties['total']);
}

export const EMPTY_AGGREGATE: Aggregate = {
  count: 0,
  firstAt: null,
  lastAt: null,
  byChannel: {},
  monetary: 0,
  weeks: {},
  conversations: [],
};

export function weekOf(iso: string): number {
  return Math.floor(Date.parse(iso) / WEEK_MS);
}

/** Folds interactions into an aggregate; order does not matter, so history can arrive late. */
export function fold(aggregate: Aggregate, facts: readonly EngagementFact[], now: Date = new Date()): Aggregate {
  if (facts.length === 0) return aggregate;
  const byChannel: Record<string, number> = { ...aggregate.byChannel };
  const weeks: Record<string, WeekCounts> = { ...aggregate.weeks };
  const conversations: Conversation[] = [...aggregate.conversations];
  let { firstAt, lastAt, monetary } = aggregate;
  for (const fact of facts) {
    byChannel[fact.channel] = (byChannel[fact.channel] ?? 0) + 1;
    if (firstAt === null || fact.occurredAt < firstAt) firstAt = fact.occurredAt;
    if (lastAt === null || fact.occurredAt > lastAt) lastAt = fact.occurredAt;
    monetary += fact.revenue;
    const week = String(weekOf(fact.occurredAt));
    const counts = weeks[week] ?? { interactions: 0, purchases: 0 };
    weeks[week] = { interactions: counts.interactions + 1, purchases: counts.purchases + (fact.purchase ? 1 : 0) };
    if (fact.sentiment !== null && fact.label !== null) {
      conversations.push({ at: fact.occurredAt, sentiment: fact.sentiment, label: fact.label, intents: fact.intents });
    }
  }
  const oldestWeek = weekOf(now.toISOString()) - KEPT_WEEKS;
  for (const week of Object.keys(weeks)) if (Number(week) < oldestWeek) delete weeks[week];
  conversations.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    count: aggregate.count + facts.length,
    firstAt,
    lastAt,
    byChannel,
    monetary: Math.round(monetary * 100) / 100,
    weeks,
    conversations: conversations.slice(0, KEPT_CONVERSATIONS),
  };
}

export function parseAggregate(text: unknown): Aggregate | null {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as Aggregate;
  } catch {
    return null;
  }
}
