/**
 * Planning for identity resolution in batches. Calls are resolved in waves: within a wave no two
 * calls share an identifier, a messageId or a person, so each can be decided from the state
 * before the wave, and a wave's reads and writes go to Neo4j as one statement each. A call never
 * overtakes an earlier one it shares any of these with, so the outcome is the one that resolving
 * the calls one by one, in order, would give.
 */

export interface WaveCall {
  /** Identifier keys and the messageId, if any: what a call finds others by. */
  readonly claims: readonly string[];
}

/**
 * Splits the calls still to resolve (in order, with the people each would touch as the graph is
 * now) into this wave and the rest: a call waits when an earlier call still to resolve shares a
 * claim or a person with it.
 */
export function planWave<T extends WaveCall>(pending: readonly T[], peopleOf: (call: T) => readonly string[]): { wave: T[]; rest: T[] } {
  const claimed = new Set<string>();
  const touched = new Set<string>();
  const wave: T[] = [];
  const rest: T[] = [];
  for (const call of pending) {
    const people = peopleOf(call);
    if (call.claims.some((claim) => claimed.has(claim)) || people.some((id) => touched.has(id))) rest.push(call);
    else wave.push(call);
    for (const claim of call.claims) claimed.add(claim);
    for (const id of people) touched.add(id);
  }
  return { wave, rest };
}
