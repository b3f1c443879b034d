import { z } from 'zod';
import { msg } from '../i18n/i18n';
import { halfYearOf } from './warnings';

/**
 * Which visits are double-scored (calibration). The server draws when a planned visit first
 * reaches it; this is the rule, pure so that a seeded random source can test it.
 *
 * - Each consultant gets at least `minPerConsultant` drawn visits per half year: while a consultant
 *   of the visit has fewer, the visit is drawn ("minimum").
 * - Otherwise the visit is drawn at random ("tilfaeldig") with a probability equal to the half
 *   year's shortfall: `share × (seen + 1) − drawn`, cut to 0–1. The minimum draws count towards the
 *   share, so a large municipality still double-scores ~15 % and a small one no more than the
 *   minimum needs; which visit is drawn stays a matter of chance, never of the consultant's choice.
 *   (A flat 15 % on top of the minimum would overshoot; a flat rate lowered by the running minimum
 *   share undershoots, because the minimum draws come first in every half year.)
 */
export const SamplingSettingsSchema = z.object({
  share: z.number().min(0, { error: msg('validation:calibration.share') }).max(1, { error: msg('validation:calibration.share') }).default(0.15),
  minPerConsultant: z.number().int().min(0).max(20).default(2),
});
export type SamplingSettings = z.infer<typeof SamplingSettingsSchema>;
export const DEFAULT_SAMPLING: SamplingSettings = SamplingSettingsSchema.parse({});

/**
 * The municipality's double-scoring settings (forvaltning, PATCH /api/calibration/settings): off until
 * forvaltning turns it on (a municipality needs at least two consultants and a calibration lead
 * first); then the share and the per-consultant minimum above.
 */
export const DoubleScoringSettingsSchema = SamplingSettingsSchema.extend({ enabled: z.boolean().default(false) });
export type DoubleScoringSettings = z.infer<typeof DoubleScoringSettingsSchema>;

/** What the server knows of one half year's draws so far. */
export interface HalfYearTally {
  /** Visits that reached the server this half year (before this one). */
  seen: number;
  /** Of those, drawn (for any reason). */
  drawn: number;
  /** Drawn visits per consultant id. */
  drawnPerConsultant: ReadonlyMap<string, number>;
}

export type SampleReason = 'minimum' | 'tilfaeldig';
export type SampleDecision = { drawn: false } | { drawn: true; reason: SampleReason };

export function sampleVisit(
  visit: { consultantIds: readonly string[] },
  tally: HalfYearTally,
  settings: SamplingSettings,
  random: () => number,
): SampleDecision {
  if (settings.minPerConsultant > 0 && visit.consultantIds.some((c) => (tally.drawnPerConsultant.get(c) ?? 0) < settings.minPerConsultant)) {
    return { drawn: true, reason: 'minimum' };
  }
  const p = Math.min(1, Math.max(0, settings.share * (tally.seen + 1) - tally.drawn));
  return random() < p ? { drawn: true, reason: 'tilfaeldig' } : { drawn: false };
}

/** Draws a series of visits in arrival order, keeping the tally per half year (server replay, tests). */
export function sampleSeries(
  visits: readonly { id: string; date: string; consultantIds: readonly string[] }[],
  settings: SamplingSettings,
  random: () => number,
): Map<string, SampleDecision> {
  const tallies = new Map<string, { seen: number; drawn: number; drawnPerConsultant: Map<string, number> }>();
  const decisions = new Map<string, SampleDecision>();
  for (const v of visits) {
    const half = halfYearOf(v.date);
    const tally = tallies.get(half) ?? { seen: 0, drawn: 0, drawnPerConsultant: new Map<string, number>() };
    tallies.set(half, tally);
    const decision = sampleVisit(v, tally, settings, random);
    decisions.set(v.id, decision);
    tally.seen += 1;
    if (decision.drawn) {
      tally.drawn += 1;
      for (const c of v.consultantIds) tally.drawnPerConsultant.set(c, (tally.drawnPerConsultant.get(c) ?? 0) + 1);
    }
  }
  return decisions;
}
