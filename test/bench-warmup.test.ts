import { describe, expect, it } from 'vitest';
import { hasSettled } from '../scripts/bench/warmup.js';

describe('bench warm-up: when a path has stopped getting faster', () => {
  it.each([
    ['too few rounds to compare two windows', [100, 100, 100, 100, 100], false],
    ['flat', [100, 100, 100, 100, 100, 100], true],
    ['flat within noise, no round 5% above the window before', [100, 115, 90, 104, 96, 110], true],
    ['still gaining a few percent a round (the old rule ended here)', [3336, 3925, 3717, 3970, 4052, 4155, 4363], false],
    ['one fast round among slow ones is not a gain', [100, 100, 100, 100, 100, 140], true],
    ['two fast rounds of three are', [100, 100, 100, 100, 140, 140], false],
    ['slower again after a peak', [100, 120, 120, 110, 100, 105], true],
    ['compares only the last two windows', [10, 20, 40, 100, 100, 100, 100, 100, 100], true],
  ])('%s: %j gives %s', (_, history, settled) => {
    expect(hasSettled(history, 3, 0.05)).toBe(settled);
  });

  it('takes its window and tolerance from the caller', () => {
    expect(hasSettled([100, 100, 108, 108], 2, 0.05)).toBe(false);
    expect(hasSettled([100, 100, 108, 108], 2, 0.1)).toBe(true);
  });
});
