import { z } from 'zod';
import { msg } from '../i18n/i18n';
import { STEPS, StepSchema, THEME_IDS, type ThemeId } from '../framework';

/**
 * Calibration sessions (issue 16): forvaltning publishes a written vignette (a described situation)
 * with a master score per theme; each consultant scores it once, and only then sees the master
 * score and the anonymous spread of colleagues' scores. The server keeps them (not synced): it
 * never sends the master score or the spread to a consultant who has not submitted.
 */
const scoresSchema = z.object(Object.fromEntries(THEME_IDS.map((id) => [id, StepSchema])) as Record<ThemeId, typeof StepSchema>, {
  error: msg('validation:calibration.stepEachTheme'),
});
export type VignetteScores = Record<ThemeId, number>;

export const VignetteDraftSchema = z.object({
  title: z.string({ error: msg('validation:calibration.title') }).trim().min(1, { error: msg('validation:calibration.title') }).max(200, { error: msg('validation:calibration.titleMax') }),
  situation: z
    .string({ error: msg('validation:calibration.situation') })
    .trim()
    .min(20, { error: msg('validation:calibration.situationMin') })
    .max(10_000, { error: msg('validation:calibration.situationMax') }),
  masterScores: scoresSchema,
});
export type VignetteDraft = z.infer<typeof VignetteDraftSchema>;

export const VignetteAnswerSchema = z.object({ scores: scoresSchema });
export type VignetteAnswer = z.infer<typeof VignetteAnswerSchema>;

/** Per theme: how many gave step 1, 2, 3 and 4 (no names, no order of answers). */
const SpreadSchema = z.record(z.string(), z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]));
export type Spread = z.infer<typeof SpreadSchema>;

export const VignetteResultSchema = z.object({
  masterScores: scoresSchema,
  /**
   * The colleagues' scores (the reader's own left out for a consultant; everyone's for forvaltning),
   * or null while fewer than `minAnswers` answers are in it (anonymousSpread).
   */
  spread: SpreadSchema.nullable(),
  /** How many answers the spread counts (or would count). */
  answers: z.number().int(),
  minAnswers: z.number().int(),
});

export const VignetteViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  situation: z.string(),
  publishedAt: z.string(),
  /** The reader's own submitted scores (locked), or null before they submit. */
  own: z.object({ scores: scoresSchema, submittedAt: z.string() }).nullable(),
  /** Null until the reader has submitted (forvaltning always sees it). */
  result: VignetteResultSchema.nullable(),
});
export type VignetteView = z.infer<typeof VignetteViewSchema>;

export const VignetteListSchema = z.object({ vignettes: z.array(VignetteViewSchema) });

/**
 * The anonymous spread: per theme how many gave each step, or null while fewer than `minimum`
 * answers are in it (the setting `minVignetteAnswers`, at least 2): with one answer, the spread is
 * that colleague's answer. The server applies it, so a spread below the minimum never leaves it.
 */
export function anonymousSpread(answers: readonly VignetteScores[], minimum: number): Spread | null {
  if (answers.length < Math.max(2, minimum)) return null;
  return Object.fromEntries(
    THEME_IDS.map((id) => [id, STEPS.map((step) => answers.filter((a) => a[id] === step).length) as [number, number, number, number]]),
  );
}
