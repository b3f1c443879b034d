import { z } from 'zod';
import { STEPS } from '../framework';
import {
  cohensKappa,
  confusionMatrix,
  exactAgreement,
  krippendorffAlpha,
  meanSignedDifference,
  withinOneAgreement,
  type RatingPair,
} from './agreement';

/**
 * Agreement figures pooled over a rolling window, per theme and per consultant, and the warnings
 * they raise. A municipality double-scores only a few visits a half year, so figures pool over
 * (default) 24 months, coefficients need at least 30 theme pairs and no warning fires below 20.
 */
export const CalibrationSettingsSchema = z.object({
  windowMonths: z.number().int().min(1).max(120).default(24),
  minPairsForCoefficients: z.number().int().min(1).default(30),
  minPairsForWarnings: z.number().int().min(1).default(20),
  themeExactBelow: z.number().min(0).max(1).default(0.7),
  themeAlphaBelow: z.number().min(-1).max(1).default(0.667),
  consultantExactBelow: z.number().min(0).max(1).default(0.6),
  consultantWithinOneBelow: z.number().min(0).max(1).default(0.95),
  leniencyAtLeast: z.number().min(0).default(0.5),
  driftAtLeast: z.number().min(0).default(0.4),
  /**
   * A vignette's anonymous spread is sent only when at least this many answers are in it
   * (shared/calibration/vignettes.ts `anonymousSpread`): with one answer the spread is that person's answer.
   */
  minVignetteAnswers: z.number().int().min(2).max(50).default(3),
});
export type CalibrationSettings = z.infer<typeof CalibrationSettingsSchema>;
export const DEFAULT_CALIBRATION_SETTINGS: CalibrationSettings = CalibrationSettingsSchema.parse({});

/** One theme of one double-scored visit: the two independent (sealed) steps. */
export interface ScoredPair {
  inspectionId: string;
  /** The visit's date, `YYYY-MM-DD`. */
  date: string;
  themeId: string;
  raters: readonly [{ consultantId: string; step: number }, { consultantId: string; step: number }];
}

export type ThemeFlag = 'lav_enighed' | 'lav_alpha';
export type ConsultantFlag = 'lav_enighed' | 'lav_enighed_inden_for_et_trin' | 'mild_eller_streng' | 'drift';

export interface Coefficients {
  kappa: number | null;
  kappaLinear: number | null;
  kappaQuadratic: number | null;
  alphaNominal: number | null;
  alphaOrdinal: number | null;
  alphaInterval: number | null;
}

export interface ThemeAgreement {
  themeId: string;
  pairs: number;
  exact: number | null;
  withinOne: number | null;
  confusion: number[][];
  /** Null when fewer pairs than `minPairsForCoefficients` ("for få par"). */
  coefficients: Coefficients | null;
  flags: ThemeFlag[];
}

export interface ConsultantAgreement {
  consultantId: string;
  pairs: number;
  exact: number | null;
  withinOne: number | null;
  /** The consultant's step minus the other rater's, on average: positive = milder. */
  meanSignedDifference: number | null;
  /** Change of the mean signed difference from the previous half year to the last, when both have enough pairs. */
  drift: number | null;
  flags: ConsultantFlag[];
}

/** First day of the rolling window ending `today` (exclusive of older dates). */
export function windowStart(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** `2025-H1` or `2025-H2`. */
export function halfYearOf(date: string): string {
  return `${date.slice(0, 4)}-H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;
}

function coefficients(pairs: RatingPair[]): Coefficients {
  const steps = [...STEPS];
  const units = pairs.map((p) => [p.a, p.b]);
  return {
    kappa: cohensKappa(pairs, steps, 'none'),
    kappaLinear: cohensKappa(pairs, steps, 'linear'),
    kappaQuadratic: cohensKappa(pairs, steps, 'quadratic'),
    alphaNominal: krippendorffAlpha(units, 'nominal'),
    alphaOrdinal: krippendorffAlpha(units, 'ordinal'),
    alphaInterval: krippendorffAlpha(units, 'interval'),
  };
}

function inWindow(pairs: readonly ScoredPair[], today: string, settings: CalibrationSettings): ScoredPair[] {
  const from = windowStart(today, settings.windowMonths);
  return pairs.filter((p) => p.date > from && p.date <= today);
}

/** Agreement per theme over the window, with the theme's warnings. */
export function themeAgreement(all: readonly ScoredPair[], today: string, settings: CalibrationSettings = DEFAULT_CALIBRATION_SETTINGS): ThemeAgreement[] {
  const byTheme = new Map<string, RatingPair[]>();
  for (const p of inWindow(all, today, settings)) {
    const list = byTheme.get(p.themeId) ?? [];
    list.push({ a: p.raters[0].step, b: p.raters[1].step });
    byTheme.set(p.themeId, list);
  }
  return [...byTheme.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([themeId, pairs]) => {
      const exact = exactAgreement(pairs);
      const coeff = pairs.length >= settings.minPairsForCoefficients ? coefficients(pairs) : null;
      const flags: ThemeFlag[] = [];
      if (pairs.length >= settings.minPairsForWarnings) {
        if (exact !== null && exact < settings.themeExactBelow) flags.push('lav_enighed');
        if (coeff?.alphaOrdinal != null && coeff.alphaOrdinal < settings.themeAlphaBelow) flags.push('lav_alpha');
      }
      return { themeId, pairs: pairs.length, exact, withinOne: withinOneAgreement(pairs), confusion: confusionMatrix(pairs, [...STEPS]), coefficients: coeff, flags };
    });
}

/** Theme ids whose averages should be marked uncertain on the goals dashboard. */
export function uncertainThemes(agreement: readonly ThemeAgreement[]): Set<string> {
  return new Set(agreement.filter((t) => t.flags.length > 0).map((t) => t.themeId));
}

/** Agreement per consultant over the window (each pair seen from the consultant's side), with warnings. */
export function consultantAgreement(all: readonly ScoredPair[], today: string, settings: CalibrationSettings = DEFAULT_CALIBRATION_SETTINGS): ConsultantAgreement[] {
  const byConsultant = new Map<string, { pair: RatingPair; half: string }[]>();
  for (const p of inWindow(all, today, settings)) {
    const [first, second] = p.raters;
    for (const [self, other] of [[first, second], [second, first]] as const) {
      const list = byConsultant.get(self.consultantId) ?? [];
      list.push({ pair: { a: self.step, b: other.step }, half: halfYearOf(p.date) });
      byConsultant.set(self.consultantId, list);
    }
  }
  return [...byConsultant.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([consultantId, rows]) => {
      const pairs = rows.map((r) => r.pair);
      const exact = exactAgreement(pairs);
      const withinOne = withinOneAgreement(pairs);
      const signed = meanSignedDifference(pairs);
      const drift = driftOf(rows, settings.minPairsForWarnings);
      const flags: ConsultantFlag[] = [];
      if (pairs.length >= settings.minPairsForWarnings) {
        if (exact !== null && exact < settings.consultantExactBelow) flags.push('lav_enighed');
        if (withinOne !== null && withinOne < settings.consultantWithinOneBelow) flags.push('lav_enighed_inden_for_et_trin');
        if (signed !== null && Math.abs(signed) >= settings.leniencyAtLeast) flags.push('mild_eller_streng');
      }
      if (drift !== null && Math.abs(drift) >= settings.driftAtLeast) flags.push('drift');
      return { consultantId, pairs: pairs.length, exact, withinOne, meanSignedDifference: signed, drift, flags };
    });
}

/** Last half year's mean signed difference minus the one before; null unless both halves hold `minPairs`. */
function driftOf(rows: readonly { pair: RatingPair; half: string }[], minPairs: number): number | null {
  const halves = [...new Set(rows.map((r) => r.half))].sort();
  if (halves.length < 2) return null;
  const last = rows.filter((r) => r.half === halves[halves.length - 1]).map((r) => r.pair);
  const before = rows.filter((r) => r.half === halves[halves.length - 2]).map((r) => r.pair);
  if (last.length < minPairs || before.length < minPairs) return null;
  return meanSignedDifference(last)! - meanSignedDifference(before)!;
}
