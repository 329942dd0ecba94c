/** A small seeded PRNG (mulberry32) and the draws the generator needs, so a seed always gives the same graph. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Geometric-like heavy tail with the given mean (at least 0). */
  heavy(mean: number): number;
  /** A child stream, so adding draws in one part does not shift another. */
  fork(salt: number): Random;
}

export function random(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const self: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of items) {
        roll -= weight;
        if (roll < 0) return value;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    heavy: (mean) => {
      // Log-normal-ish: most people do little, a few do a lot; the mean stays close to `mean`.
      const u = Math.max(1e-9, next());
      return Math.floor(-Math.log(u) * mean * (0.5 + next()));
    },
    fork: (salt) => random((seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0),
  };
  return self;
}
