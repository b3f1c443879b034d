import { describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { anonymousSpread, type VignetteScores } from '../../../shared/calibration/vignettes';

const answer = (step: number) => Object.fromEntries(THEME_IDS.map((id) => [id, step])) as VignetteScores;

describe('a vignette’s anonymous spread has a minimum number of answers', () => {
  it('is null below the minimum and the counts per step from it', () => {
    expect(anonymousSpread([], 3)).toBeNull();
    expect(anonymousSpread([answer(2), answer(4)], 3)).toBeNull();
    expect(anonymousSpread([answer(2), answer(4), answer(4)], 3)!.leg).toEqual([0, 1, 0, 2]);
  });
  it('never shows a single answer, whatever the setting says', () => {
    expect(anonymousSpread([answer(1)], 1)).toBeNull();
    expect(anonymousSpread([answer(1)], 0)).toBeNull();
    expect(anonymousSpread([answer(1), answer(3)], 2)!.leg).toEqual([1, 0, 1, 0]);
  });
});
