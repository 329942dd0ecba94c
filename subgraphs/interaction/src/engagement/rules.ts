import type { Aggregate } from './aggregate.js';
import { WEEK_MS, weekOf } from './aggregate.js';

/**
 * Engagement as clients read it, derived from the stored aggregate at read time so that
 * windows ("the last 30 days") are always relative to now, even for a person who has not
 * interacted since.
 *
 * Lifecycle stage, first rule that holds:
 * | stage    | rule                                                                           |
 * |----------|--------------------------------------------------------------------------------|
 * | NEW      | no interactions yet, or the first was less than 30 days ago                    |
 * | CHURNED  | no interaction for more than 180 days                                          |
 * | AT_RISK  | no interaction for more than 60 days, or a CANCEL intent in the last 30 days   |
 * | LOYAL    | 3+ purchases in the last 365 days (52 weeks) and an interaction within 30 days |
 * | ACTIVE   | otherwise (an interaction within the last 60 days)                             |
 *
 * Score, 0 to 100: 40 × recency (1 today, falling linearly to 0 at 90 days) + 35 × frequency
 * (interactions in 91 days, log-scaled, 1 at 30 or more) + 25 × monetary (log-scaled, 1 at
 * 1,000 or more).
 *
 * Sentiment trend: mean sentiment of the last 5 conversations against the 5 before them (or
 * the latest against the rest, when fewer than 10): IMPROVING above +0.15, DECLINING below
 * -0.15, STABLE between; null with fewer than 2 conversations.
 *
 * Friction signals (all within the last 30 days): REPEATED_CONTACT, 3+ conversations within any
 * 7 days; NEGATIVE_SENTIMENT, 2+ negative conversations; COMPLAINT and CANCELLATION_INTENT, a
 * conversation with that intent; UNRESOLVED_ISSUE, a negative conversation followed by another
 * conversation within 7 days.
 */
export type LifecycleStage = 'NEW' | 'ACTIVE' | 'LOYAL' | 'AT_RISK' | 'CHURNED';
export type SentimentTrend = 'IMPROVING' | 'STABLE' | 'DECLINING';
export type FrictionSignal = 'REPEATED_CONTACT' | 'NEGATIVE_SENTIMENT' | 'COMPLAINT' | 'CANCELLATION_INTENT' | 'UNRESOLVED_ISSUE';

export interface Engagement {
  readonly score: number;
  readonly lastInteractionAt: string | null;
  readonly firstInteractionAt: string | null;
  readonly interactionCount: number;
  readonly countsByChannel: { channel: string; count: number }[];
  readonly recency: number | null;
  readonly frequency: number;
  readonly monetary: number;
  readonly lifecycleStage: LifecycleStage;
  readonly sentimentTrend: SentimentTrend | null;
  readonly frictionSignals: FrictionSignal[];
}

const DAY_MS = 24 * 3600 * 1000;
const FREQUENCY_WEEKS = 13;
const LOYAL_WEEKS = 52;
const TREND_BAND = 0.15;

function daysBetween(from: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / DAY_MS));
}

function weeksSum(aggregate: Aggregate, weeks: number, now: Date, field: 'interactions' | 'purchases'): number {
  const current = weekOf(now.toISOString());
  return Object.entries(aggregate.weeks)
    .filter(([week]) => Number(week) > current - weeks && Number(week) <= current)
    .reduce((total, [, counts]) => total + counts[field], 0);
}

function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}

function sentimentTrend(aggregate: Aggregate): SentimentTrend | null {
  const scores = aggregate.conversations.slice(0, 10).map((conversation) => conversation.sentiment);
  if (scores.length < 2) return null;
  const split = scores.length >= 10 ? 5 : 1;
  const change = mean(scores.slice(0, split)) - mean(scores.slice(split));
  return change > TREND_BAND ? 'IMPROVING' : change < -TREND_BAND ? 'DECLINING' : 'STABLE';
}

function frictionSignals(aggregate: Aggregate, now: Date): FrictionSignal[] {
  const recent = aggregate.conversations.filter((conversation) => daysBetween(conversation.at, now) <= 30);
  const times = recent.map((conversation) => Date.parse(conversation.at)).sort((a, b) => a - b);
  const signals: FrictionSignal[] = [];
  if (times.some((time, i) => i >= 2 && time - (times[i - 2] ?? time) <= WEEK_MS)) signals.push('REPEATED_CONTACT');
  if (recent.filter((conversation) => conversation.label === 'NEGATIVE').length >= 2) signals.push('NEGATIVE_SENTIMENT');
  if (recent.some((conversation) => conversation.intents.includes('COMPLAINT'))) signals.push('COMPLAINT');
  if (recent.some((conversation) => conversation.intents.includes('CANCEL'))) signals.push('CANCELLATION_INTENT');
  // Newest first: a negative conversation with a later one (a smaller index) within a week.
  const unresolved = recent.some(
    (conversation, i) =>
      conversation.label === 'NEGATIVE' && i > 0 && Date.parse(recent[i - 1]?.at ?? conversation.at) - Date.parse(conversation.at) <= WEEK_MS,
  );
  if (unresolved) signals.push('UNRESOLVED_ISSUE');
  return signals;
}

function lifecycleStage(aggregate: Aggregate, recency: number | null, now: Date, signals: readonly FrictionSignal[]): LifecycleStage {
  if (aggregate.firstAt === null || recency === null || daysBetween(aggregate.firstAt, now) < 30) return 'NEW';
  if (recency > 180) return 'CHURNED';
  if (recency > 60 || signals.includes('CANCELLATION_INTENT')) return 'AT_RISK';
  if (weeksSum(aggregate, LOYAL_WEEKS, now, 'purchases') >= 3 && recency <= 30) return 'LOYAL';
  return 'ACTIVE';
}

export function engagementOf(aggregate: Aggregate, now: Date = new Date()): Engagement {
  const recency = aggregate.lastAt === null ? null : daysBetween(aggregate.lastAt, now);
  const frequency = weeksSum(aggregate, FREQUENCY_WEEKS, now, 'interactions');
  const signals = frictionSignals(aggregate, now);
  const r = recency === null ? 0 : Math.max(0, 1 - recency / 90);
  const f = Math.min(1, Math.log1p(frequency) / Math.log1p(30));
  const m = Math.min(1, Math.log1p(Math.max(0, aggregate.monetary)) / Math.log1p(1000));
  return {
    score: Math.round((40 * r + 35 * f + 25 * m) * 10) / 10,
    lastInteractionAt: aggregate.lastAt,
    firstInteractionAt: aggregate.firstAt,
    interactionCount: aggregate.count,
    countsByChannel: Object.entries(aggregate.byChannel)
      .map(([channel, count]) => ({ channel, count }))
      .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel)),
    recency,
    frequency,
    monetary: aggregate.monetary,
    lifecycleStage: lifecycleStage(aggregate, recency, now, signals),
    sentimentTrend: sentimentTrend(aggregate),
    frictionSignals: signals,
  };
}
