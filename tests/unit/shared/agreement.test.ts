import { describe, expect, it } from 'vitest';
import {
  cohensKappa,
  confusionMatrix,
  exactAgreement,
  krippendorffAlpha,
  meanSignedDifference,
  withinOneAgreement,
  type RatingPair,
} from '../../../shared/calibration/agreement';

const repeat = (value: number, times: number): number[] => Array.from({ length: times }, () => value);
const zip = (a: number[], b: number[]): RatingPair[] => a.map((x, i) => ({ a: x, b: b[i]! }));
const NaN_ = null;

describe("Cohen's kappa (oracle: scikit-learn sklearn/metrics/tests/test_classification.py test_cohen_kappa)", () => {
  it('binary example: 0.348', () => {
    const y1 = [...repeat(0, 40), ...repeat(1, 60)];
    const y2 = [...repeat(0, 20), ...repeat(1, 20), ...repeat(0, 10), ...repeat(1, 50)];
    expect(cohensKappa(zip(y1, y2), [0, 1])).toBeCloseTo(0.348, 3);
    expect(cohensKappa(zip(y2, y1), [0, 1])).toBeCloseTo(cohensKappa(zip(y1, y2), [0, 1])!, 12);
  });

  it('multiclass example (Artstein and Poesio, table 4): 0.8013', () => {
    const y1 = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const y2 = [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)];
    expect(cohensKappa(zip(y1, y2), [0, 1, 2])).toBeCloseTo(0.8013, 4);
  });

  it('weighting example: none 0.9315, linear 0.9412, quadratic 0.9541', () => {
    const y1 = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const y2 = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    const pairs = zip(y1, y2);
    expect(cohensKappa(pairs, [0, 1, 2], 'none')).toBeCloseTo(0.9315, 4);
    expect(cohensKappa(pairs, [0, 1, 2], 'linear')).toBeCloseTo(0.9412, 4);
    expect(cohensKappa(pairs, [0, 1, 2], 'quadratic')).toBeCloseTo(0.9541, 4);
  });

  it('edge cases have defined answers', () => {
    expect(cohensKappa([], [1, 2, 3, 4])).toBeNull();
    // One step only, both raters: chance agreement is total, kappa is undefined (not "perfect").
    expect(cohensKappa(zip([3, 3, 3], [3, 3, 3]), [1, 2, 3, 4])).toBeNull();
    expect(cohensKappa(zip([1, 2, 3, 4], [1, 2, 3, 4]), [1, 2, 3, 4], 'quadratic')).toBe(1);
    expect(cohensKappa(zip([1, 2], [2, 1]), [1, 2])).toBe(-1);
  });
});

describe("Krippendorff's alpha (oracle: pln-fing-udelar/fast-krippendorff tests/test_krippendorff.py)", () => {
  // Rows are raters, columns units, as in the oracle; our function takes units, so transpose.
  const byUnit = (raters: (number | null)[][]): (number | null)[][] => raters[0]!.map((_, u) => raters.map((r) => r[u]!));
  const reliability = [
    [NaN_, NaN_, NaN_, NaN_, NaN_, 3, 4, 1, 2, 1, 1, 3, 3, NaN_, 3],
    [1, NaN_, 2, 1, 3, 3, 4, 3, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_],
    [NaN_, NaN_, 2, 1, 3, 4, 4, NaN_, 2, 1, 1, 3, 3, NaN_, 4],
  ];
  const ordinalData = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NaN_, NaN_, NaN_],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NaN_, 3],
    [NaN_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NaN_],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NaN_],
  ];

  it('nominal: 0.691358', () => {
    expect(Number(krippendorffAlpha(byUnit(reliability), 'nominal')!.toFixed(6))).toBe(0.691358);
  });
  it('interval: 0.810845', () => {
    expect(Number(krippendorffAlpha(byUnit(reliability), 'interval')!.toFixed(6))).toBe(0.810845);
  });
  it('ordinal: 0.815', () => {
    expect(Number(krippendorffAlpha(byUnit(ordinalData), 'ordinal')!.toFixed(3))).toBe(0.815);
  });
  it('perfect agreement: 1 at every level', () => {
    const perfect = byUnit([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
    for (const level of ['nominal', 'ordinal', 'interval'] as const) expect(krippendorffAlpha(perfect, level)).toBe(1);
  });
  it('edge cases have defined answers', () => {
    expect(krippendorffAlpha([], 'ordinal')).toBeNull();
    // No unit rated by two raters: nothing pairable.
    expect(krippendorffAlpha([[1, null], [null, 2]], 'nominal')).toBeNull();
    // One value only: expected disagreement 0.
    expect(krippendorffAlpha([[2, 2], [2, 2]], 'interval')).toBeNull();
  });
});

describe('agreement shares and leniency', () => {
  const pairs = zip([1, 2, 3, 4, 2], [1, 3, 1, 4, 2]);
  it('exact, within one step and mean signed difference', () => {
    expect(exactAgreement(pairs)).toBe(3 / 5);
    expect(withinOneAgreement(pairs)).toBe(4 / 5);
    expect(meanSignedDifference(pairs)).toBeCloseTo((0 - 1 + 2 + 0 + 0) / 5, 12);
  });
  it('no pairs: null, not 0 %', () => {
    expect(exactAgreement([])).toBeNull();
    expect(withinOneAgreement([])).toBeNull();
    expect(meanSignedDifference([])).toBeNull();
  });
  it('confusion matrix counts a in rows, b in columns', () => {
    expect(confusionMatrix(pairs, [1, 2, 3, 4])).toEqual([
      [1, 0, 0, 0],
      [0, 1, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
  });
});
