/**
 * The golden record: every observed value of a trait is kept (capped), and the current value
 * is chosen by a survivorship rule, so "why is this the value?" always has an answer.
 */
export const SURVIVORSHIP_RULES = ['most-recent', 'source-priority', 'first-seen', 'most-frequent'] as const;
export type SurvivorshipRule = (typeof SURVIVORSHIP_RULES)[number];

export interface Observation {
  readonly value: unknown;
  readonly source: string;
  /** ISO-8601, UTC. */
  readonly observedAt: string;
}

/** Observations per trait name, oldest first. */
export type Observations = Record<string, Observation[]>;

export interface TraitValue extends Observation {
  readonly name: string;
  readonly rule: SurvivorshipRule;
}

export interface SurvivorshipConfig {
  readonly traitRules: Readonly<Record<string, SurvivorshipRule>>;
  readonly defaultRule: SurvivorshipRule;
  readonly sourcePriority: readonly string[];
}

/** Per trait we keep the first observation and the latest ones: enough for every rule and for history. */
export const MAX_OBSERVATIONS_PER_TRAIT = 50;

const byTime = (a: Observation, b: Observation): number => a.observedAt.localeCompare(b.observedAt);

export function parseObservations(text: unknown): Observations {
  if (typeof text !== 'string' || text === '') return {};
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Observations) : {};
}

/** Adds observations (e.g. from a new source record, or a merged person) and keeps the cap. */
export function addObservations(into: Observations, more: Observations): Observations {
  const result: Observations = { ...into };
  for (const [name, list] of Object.entries(more)) {
    const merged = [...(result[name] ?? []), ...list].sort(byTime);
    result[name] =
      merged.length <= MAX_OBSERVATIONS_PER_TRAIT
        ? merged
        : [merged[0]!, ...merged.slice(merged.length - (MAX_OBSERVATIONS_PER_TRAIT - 1))];
  }
  return result;
}

export function observationsOf(traits: Record<string, unknown>, source: string, observedAt: string): Observations {
  const at = new Date(observedAt).toISOString();
  return Object.fromEntries(Object.entries(traits).map(([name, value]) => [name, [{ value, source, observedAt: at }]]));
}

function choose(list: readonly Observation[], rule: SurvivorshipRule, sourcePriority: readonly string[]): Observation | undefined {
  if (list.length === 0) return undefined;
  switch (rule) {
    case 'most-recent':
      return list.at(-1);
    case 'first-seen':
      return list[0];
    case 'source-priority': {
      const rank = (source: string): number => {
        const index = sourcePriority.indexOf(source);
        return index === -1 ? sourcePriority.length : index;
      };
      // Best-ranked source wins; among its observations the most recent.
      return [...list].sort((a, b) => rank(a.source) - rank(b.source) || b.observedAt.localeCompare(a.observedAt))[0];
    }
    case 'most-frequent': {
      const counts = new Map<string, { count: number; latest: Observation }>();
      for (const observation of list) {
        const key = JSON.stringify(observation.value);
        const entry = counts.get(key);
        counts.set(key, { count: (entry?.count ?? 0) + 1, latest: observation });
      }
      // Ties go to the value seen most recently.
      return [...counts.values()].sort((a, b) => b.count - a.count || b.latest.observedAt.localeCompare(a.latest.observedAt))[0]?.latest;
    }
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}

/** The current value of every trait with where it came from. A null value removes a trait. */
export function goldenRecord(observations: Observations, config: SurvivorshipConfig): Record<string, TraitValue> {
  const result: Record<string, TraitValue> = {};
  for (const [name, list] of Object.entries(observations)) {
    const rule = config.traitRules[name] ?? config.defaultRule;
    const chosen = choose(list, rule, config.sourcePriority);
    if (chosen !== undefined && chosen.value !== null) result[name] = { name, rule, ...chosen };
  }
  return result;
}

export function traitValues(golden: Record<string, TraitValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(golden).map(([name, trait]) => [name, trait.value]));
}
