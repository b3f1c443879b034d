/**
 * Inter-rater agreement between consultants who scored the same visit independently (calibration).
 * Pure functions, no dependencies: the same figures on the server (warnings) and in the app.
 *
 * Checked against published oracle values: scikit-learn's `test_cohen_kappa` and
 * fast-krippendorff's tests (tests/unit/shared/agreement.test.ts).
 */

/** One theme scored by two raters on the same visit: `a` and `b` are steps on the same scale. */
export interface RatingPair {
  a: number;
  b: number;
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** Share of pairs with the same step (0–1), or null with no pairs. */
export function exactAgreement(pairs: readonly RatingPair[]): number | null {
  if (pairs.length === 0) return null;
  return pairs.filter((p) => p.a === p.b).length / pairs.length;
}

/** Share of pairs at most one step apart (0–1), or null with no pairs. */
export function withinOneAgreement(pairs: readonly RatingPair[]): number | null {
  if (pairs.length === 0) return null;
  return pairs.filter((p) => Math.abs(p.a - p.b) <= 1).length / pairs.length;
}

/** Mean of a − b (positive: rater a scores higher, i.e. more lenient), or null with no pairs. */
export function meanSignedDifference(pairs: readonly RatingPair[]): number | null {
  if (pairs.length === 0) return null;
  return pairs.reduce((sum, p) => sum + (p.a - p.b), 0) / pairs.length;
}

/** Counts: `matrix[i][j]` = pairs where a is `categories[i]` and b is `categories[j]`. Values outside the categories are left out. */
export function confusionMatrix(pairs: readonly RatingPair[], categories: readonly number[]): number[][] {
  const index = new Map(categories.map((c, i) => [c, i] as const));
  const matrix = categories.map(() => categories.map(() => 0));
  for (const { a, b } of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) matrix[i]![j]! += 1;
  }
  return matrix;
}

/**
 * Cohen's kappa over the given ordered categories (e.g. the steps 1–4), unweighted or with linear
 * or quadratic disagreement weights by category position, as scikit-learn's `cohen_kappa_score`.
 * Null when undefined: no pairs, or chance disagreement 0 (both raters used one and the same step only).
 */
export function cohensKappa(pairs: readonly RatingPair[], categories: readonly number[], weights: KappaWeights = 'none'): number | null {
  const observed = confusionMatrix(pairs, categories);
  const k = categories.length;
  const n = observed.flat().reduce((s, v) => s + v, 0);
  if (n === 0) return null;
  const rowSums = observed.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = categories.map((_, j) => observed.reduce((s, row) => s + row[j]!, 0));
  const weight = (i: number, j: number): number =>
    weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observedDisagreement += weight(i, j) * observed[i]![j]!;
      expectedDisagreement += (weight(i, j) * rowSums[i]! * colSums[j]!) / n;
    }
  }
  if (expectedDisagreement === 0) return null;
  return 1 - observedDisagreement / expectedDisagreement;
}

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

/**
 * Krippendorff's alpha for any number of raters with missing values.
 * `units[u]` holds the values the raters gave unit u (`null` = not rated); units with fewer than
 * two values are not pairable and are left out, as in Krippendorff (2011).
 * Null when undefined: no pairable unit, or only one value used in all pairable units.
 */
export function krippendorffAlpha(units: readonly (readonly (number | null)[])[], level: AlphaLevel): number | null {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null && Number.isFinite(v))).filter((u) => u.length >= 2);
  if (pairable.length === 0) return null;
  const values = [...new Set(pairable.flat())].sort((x, y) => x - y);
  const index = new Map(values.map((v, i) => [v, i] as const));
  const size = values.length;

  // Coincidence matrix: every ordered pair of values within a unit, weighted 1 / (m_u − 1).
  const coincidences = values.map(() => values.map(() => 0));
  for (const unit of pairable) {
    const counts = values.map(() => 0);
    for (const v of unit) counts[index.get(v)!]! += 1;
    const share = 1 / (unit.length - 1);
    for (let c = 0; c < size; c++) {
      if (counts[c] === 0) continue;
      for (let k = 0; k < size; k++) {
        const pairsCk = c === k ? counts[c]! * (counts[c]! - 1) : counts[c]! * counts[k]!;
        coincidences[c]![k]! += pairsCk * share;
      }
    }
  }
  const marginals = coincidences.map((row) => row.reduce((s, v) => s + v, 0));
  const total = marginals.reduce((s, v) => s + v, 0);
  const distance = distanceFor(level, values, marginals);

  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      const d = distance(c, k);
      observed += coincidences[c]![k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  }
  if (expected === 0) return null;
  return 1 - ((total - 1) * observed) / expected;
}

/** Squared difference function δ² between the values at positions c and k. */
function distanceFor(level: AlphaLevel, values: readonly number[], marginals: readonly number[]): (c: number, k: number) => number {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (level === 'interval') return (c, k) => (values[c]! - values[k]!) ** 2;
  // Ordinal: the ranks between the two values, half-counting the ends.
  return (c, k) => {
    const [lo, hi] = c <= k ? [c, k] : [k, c];
    let between = 0;
    for (let g = lo; g <= hi; g++) between += marginals[g]!;
    return (between - (marginals[lo]! + marginals[hi]!) / 2) ** 2;
  };
}
