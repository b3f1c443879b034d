import { describe, expect, it } from 'vitest';
import {
  consultantAgreement,
  DEFAULT_CALIBRATION_SETTINGS,
  halfYearOf,
  themeAgreement,
  uncertainThemes,
  windowStart,
  type ScoredPair,
} from '../../../shared/calibration/warnings';

const TODAY = '2026-12-01';

/** `n` pairs of theme `themeId` between A and B with steps from `steps(i)`, dated from `date`. */
function pairs(n: number, steps: (i: number) => [number, number], options: { themeId?: string; date?: string; a?: string; b?: string } = {}): ScoredPair[] {
  return Array.from({ length: n }, (_, i) => {
    const [sa, sb] = steps(i);
    return {
      inspectionId: `insp-${options.date ?? '2026-06-01'}-${i}`,
      date: options.date ?? '2026-06-01',
      themeId: options.themeId ?? 'T1',
      raters: [
        { consultantId: options.a ?? 'A', step: sa },
        { consultantId: options.b ?? 'B', step: sb },
      ],
    };
  });
}

describe('window and half years', () => {
  it('the window is the last 24 months, month ends clamped', () => {
    expect(windowStart('2026-12-01', 24)).toBe('2024-12-01');
    expect(windowStart('2026-03-31', 1)).toBe('2026-02-28');
    expect(halfYearOf('2026-06-30')).toBe('2026-H1');
    expect(halfYearOf('2026-07-01')).toBe('2026-H2');
  });
  it('pairs older than the window do not count', () => {
    const old = pairs(25, () => [1, 4], { date: '2024-11-30' });
    expect(themeAgreement(old, TODAY)).toEqual([]);
  });
});

describe('theme warnings', () => {
  it('exact agreement below 70 % flags the theme and marks it uncertain; at 70 % it does not', () => {
    const below = pairs(20, (i) => (i < 13 ? [3, 3] : [3, 2])); // 65 %
    const at = pairs(20, (i) => (i < 14 ? [3, 3] : [3, 2])); // 70 %
    expect(themeAgreement(below, TODAY)[0]!.flags).toContain('lav_enighed');
    expect(uncertainThemes(themeAgreement(below, TODAY))).toEqual(new Set(['T1']));
    expect(themeAgreement(at, TODAY)[0]!.flags).toEqual([]);
  });
  it('no warning below 20 theme pairs, and no coefficients below 30 ("for få par")', () => {
    const few = themeAgreement(pairs(19, () => [1, 4]), TODAY)[0]!;
    expect(few.flags).toEqual([]);
    expect(few.coefficients).toBeNull();
    const enough = themeAgreement(pairs(30, (i) => [1 + (i % 4), 1 + (i % 4)]), TODAY)[0]!;
    expect(enough.coefficients?.kappa).toBe(1);
    expect(enough.coefficients?.alphaOrdinal).toBe(1);
  });
  it('ordinal alpha below 0.667 flags the theme even when exact agreement is high enough', () => {
    // 24 of 30 agree (80 %), but all on step 3, and the 6 disagreements are wide: alpha is low.
    const t = themeAgreement(pairs(30, (i) => (i < 24 ? [3, 3] : i % 2 ? [1, 4] : [4, 1])), TODAY)[0]!;
    expect(t.exact).toBe(0.8);
    expect(t.coefficients!.alphaOrdinal!).toBeLessThan(0.667);
    expect(t.flags).toEqual(['lav_alpha']);
  });
});

describe('consultant warnings', () => {
  it('leniency: a mean signed difference of 0.5 step is flagged, 0.45 is not', () => {
    const at = consultantAgreement(pairs(20, (i) => (i < 10 ? [3, 2] : [3, 3])), TODAY);
    expect(at.find((c) => c.consultantId === 'A')!.meanSignedDifference).toBe(0.5);
    expect(at.find((c) => c.consultantId === 'A')!.flags).toContain('mild_eller_streng');
    // The other rater is equally far off, the other way.
    expect(at.find((c) => c.consultantId === 'B')!.meanSignedDifference).toBe(-0.5);
    const below = consultantAgreement(pairs(20, (i) => (i < 9 ? [3, 2] : [3, 3])), TODAY);
    expect(below.find((c) => c.consultantId === 'A')!.flags).not.toContain('mild_eller_streng');
  });
  it('within one step below 95 % and exact below 60 % are flagged', () => {
    const result = consultantAgreement(pairs(20, (i) => (i < 11 ? [2, 2] : i < 19 ? [2, 3] : [1, 4])), TODAY);
    const a = result.find((c) => c.consultantId === 'A')!;
    expect(a.exact).toBe(0.55);
    expect(a.withinOne).toBe(0.95);
    expect(a.flags).toContain('lav_enighed');
    expect(a.flags).not.toContain('lav_enighed_inden_for_et_trin');
  });
  it('drift: a change of 0.4 step between half years is flagged, 0.35 is not; each half needs 20 pairs', () => {
    const before = pairs(20, () => [3, 3], { date: '2026-03-01' });
    const after = (lenient: number) => pairs(20, (i) => (i < lenient ? [4, 3] : [3, 3]), { date: '2026-09-01' });
    const at = consultantAgreement([...before, ...after(8)], TODAY).find((c) => c.consultantId === 'A')!;
    expect(at.drift).toBeCloseTo(0.4, 12);
    expect(at.flags).toContain('drift');
    const below = consultantAgreement([...before, ...after(7)], TODAY).find((c) => c.consultantId === 'A')!;
    expect(below.drift).toBeCloseTo(0.35, 12);
    expect(below.flags).not.toContain('drift');
    const thin = consultantAgreement([...before.slice(0, 19), ...after(20)], TODAY).find((c) => c.consultantId === 'A')!;
    expect(thin.drift).toBeNull();
  });
  it('defaults are the issue\'s', () => {
    expect(DEFAULT_CALIBRATION_SETTINGS).toMatchObject({ windowMonths: 24, minPairsForCoefficients: 30, minPairsForWarnings: 20 });
  });
});
