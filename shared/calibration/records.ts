import { z } from 'zod';
import { msg } from '../i18n/i18n';
import { StepSchema, THEME_IDS, ThemeIdSchema, type Step, type ThemeId } from '../framework';
import { recordBase } from '../recordBase';

/**
 * The synced records of double scoring (issue 16, docs/kalibrering.md):
 *
 * - `dobbeltscoring`: one per double-scored inspection (id = the inspection's id). Written by the
 *   SERVER when it draws the visit (server/calibration/sampling.ts) or forvaltning hand-picks it;
 *   the two raters write only the consensus.
 * - `uafhaengigScore`: one consultant's blind set for that visit (id = `${inspectionId}:${raterId}`).
 *   Only its rater writes it; once sealed it never changes. The server delivers it to nobody but its
 *   rater until both sets of the visit are sealed, then to both raters and forvaltning; never to a leder.
 */

export const SELECTIONS = ['tilfaeldig', 'minimum', 'haandplukket'] as const;
export const SelectionSchema = z.enum(SELECTIONS);
export type Selection = z.infer<typeof SelectionSchema>;

export const CONSENSUS_REASON_MAX = 1000;

/** The agreed step of one theme, and why, where the two sealed steps differ. */
export const ConsensusEntrySchema = z.object({
  step: StepSchema.nullable().default(null),
  reason: z.string().trim().max(CONSENSUS_REASON_MAX, { error: msg('validation:maxChars', { max: CONSENSUS_REASON_MAX }) }).default(''),
});
export type ConsensusEntry = z.infer<typeof ConsensusEntrySchema>;

const themeMap = <S extends z.ZodType>(value: S) => z.partialRecord(ThemeIdSchema, value);

export const DobbeltscoringSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  institutionId: z.string().min(1),
  /** [first rater (a consultant of the visit), second rater (drawn by the server)]: user ids. */
  raterIds: z.tuple([z.string().min(1), z.string().min(1)]).refine(([a, b]) => a !== b, { error: msg('validation:calibration.twoRaters') }),
  /** Drawn at random, drawn to meet the per-consultant minimum, or hand-picked by forvaltning (not random). */
  selection: SelectionSchema,
  drawnAt: z.string().min(1),
  /** Per theme: the step the two agreed on (the inspection's official step) and the reason where they differed. */
  consensus: themeMap(ConsensusEntrySchema).default({}),
  /** When the consensus was last written; null before. */
  consensusAt: z.string().nullable().default(null),
});
export type Dobbeltscoring = z.infer<typeof DobbeltscoringSchema>;

export const UafhaengigScoreSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  institutionId: z.string().min(1),
  /** The consultant whose blind set this is (a user id). */
  raterId: z.string().min(1),
  /** Per theme: the rater's own step, or null (not scored yet). */
  scores: themeMap(StepSchema.nullable()).default({}),
  /** When the rater sealed the set; from then on it never changes. */
  sealedAt: z.string().nullable().default(null),
  /**
   * The server's field (a client's value is dropped): set when both sets of the visit are sealed, to
   * the two raters' ids. Until then the set reaches nobody but its rater (independentScoreReadable).
   */
  revealedTo: z.array(z.string().min(1)).max(2).optional(),
});
export type UafhaengigScore = z.infer<typeof UafhaengigScoreSchema>;

export function uafhaengigScoreId(inspectionId: string, raterId: string): string {
  return `${inspectionId}:${raterId}`;
}

/**
 * Who may read a blind set: its rater always; once both sets are sealed (revealedTo set), the other
 * rater and forvaltning too; a leder and any other consultant never. The server applies this in
 * pull, push answers and every read route (server/sync/visibility.ts).
 */
export function independentScoreReadable(viewer: { id: string; role: string }, set: { raterId?: unknown; revealedTo?: unknown }): boolean {
  if (viewer.role === 'leder') return false;
  if (set.raterId === viewer.id) return true;
  const revealed = Array.isArray(set.revealedTo) ? set.revealedTo : [];
  if (revealed.length < 2) return false;
  return viewer.role === 'forvaltning' || revealed.includes(viewer.id);
}

/** Refusal codes of these records (messages in shared/rules/messages.ts). */
export type CalibrationRuleCode =
  | 'double_scoring_by_server'
  | 'double_scoring_fields_server'
  | 'not_your_independent_score'
  | 'not_a_rater'
  | 'not_double_scored'
  | 'independent_score_sealed'
  | 'seal_needs_a_step'
  | 'consensus_before_seals'
  | 'consensus_reason_required'
  | 'consensus_missing'
  | 'official_score_not_consensus'
  | 'support_step_while_blind'
  | 'calibration_wrong_institution';

/** The steps of a set, as a map that always has every theme (null: not scored). */
function stepsOf(set: Pick<UafhaengigScore, 'scores'>): Record<ThemeId, Step | null> {
  return Object.fromEntries(THEME_IDS.map((t) => [t, (set.scores[t] ?? null) as Step | null])) as Record<ThemeId, Step | null>;
}

/** Both sets of the visit are sealed (the raters' own, in the order of raterIds). */
export function bothSealed(raterIds: readonly string[], sets: readonly Pick<UafhaengigScore, 'raterId' | 'sealedAt'>[]): boolean {
  return raterIds.length === 2 && raterIds.every((r) => sets.some((s) => s.raterId === r && s.sealedAt !== null));
}

/**
 * The themes the consensus must settle: those at least one rater scored. Where the two steps differ
 * (or one rater left the theme open) a reason is required.
 */
export function consensusThemes(sets: readonly Pick<UafhaengigScore, 'scores'>[]): { themeId: ThemeId; steps: (Step | null)[]; differ: boolean }[] {
  const maps = sets.map(stepsOf);
  return THEME_IDS.map((themeId) => {
    const steps = maps.map((m) => m[themeId]);
    return { themeId, steps, differ: new Set(steps).size > 1 };
  }).filter((t) => t.steps.some((s) => s !== null));
}

/**
 * The consensus as written, judged against the two sealed sets: no consensus before both seals;
 * a reason where the steps differ. `complete` adds: every theme either rater scored has a step.
 */
export function consensusRule(
  d: Pick<Dobbeltscoring, 'raterIds' | 'consensus'>,
  sets: readonly Pick<UafhaengigScore, 'raterId' | 'sealedAt' | 'scores'>[],
  opts: { complete?: boolean } = {},
): CalibrationRuleCode | null {
  const entries = Object.entries(d.consensus).filter(([, e]) => e && (e.step !== null || e.reason !== ''));
  const sealed = bothSealed(d.raterIds, sets);
  if (!sealed) return entries.length > 0 || opts.complete ? (opts.complete ? 'consensus_missing' : 'consensus_before_seals') : null;
  const raters = d.raterIds.map((r) => sets.find((s) => s.raterId === r)!);
  for (const t of consensusThemes(raters)) {
    const entry = d.consensus[t.themeId];
    if (opts.complete && (!entry || entry.step === null)) return 'consensus_missing';
    if (entry && entry.step !== null && t.differ && entry.reason.trim() === '') return 'consensus_reason_required';
  }
  return null;
}

type Data = Readonly<Record<string, unknown>>;
interface RuleContext {
  doubleScoring?: Pick<Dobbeltscoring, 'raterIds' | 'consensus'>;
  independentScores?: readonly Pick<UafhaengigScore, 'raterId' | 'sealedAt' | 'scores'>[];
  themeSteps?: Readonly<Record<string, number | null>>;
}

const hasStep = (scores: unknown) => scores !== null && typeof scores === 'object' && Object.values(scores).some((v) => typeof v === 'number');

/**
 * The write judge's rule for a blind set (shared/rules/table.ts): only on a visit double-scored with
 * this rater; a sealed set never changes; sealing needs at least one step.
 */
export function independentScoreRule(current: Data | undefined, next: Data, context: RuleContext): CalibrationRuleCode | null {
  if (current !== undefined && current.sealedAt !== null && current.sealedAt !== undefined) return 'independent_score_sealed';
  if (!context.doubleScoring?.raterIds.includes(String(next.raterId))) return 'not_double_scored';
  if (next.sealedAt !== null && next.sealedAt !== undefined && !hasStep(next.scores)) return 'seal_needs_a_step';
  return null;
}

/** The write judge's rule for the consensus: after both seals, with a reason where the steps differed. */
export function doubleScoringRule(_current: Data | undefined, next: Data, context: RuleContext): CalibrationRuleCode | null {
  const parsed = DobbeltscoringSchema.safeParse(next);
  if (!parsed.success) return null; // the schema's to report
  return consensusRule(parsed.data, context.independentScores ?? []);
}

/**
 * A themeScore on a double-scored inspection: its step is the consensus (null until they agree), so
 * neither rater's own step reaches the other through the official score.
 */
export function officialStepRule(next: Data, context: RuleContext): CalibrationRuleCode | null {
  if (!context.doubleScoring || next.step === null || next.step === undefined) return null;
  const agreed = context.doubleScoring.consensus[next.themeId as ThemeId]?.step ?? null;
  return next.step === agreed ? null : 'official_score_not_consensus';
}

/**
 * A fokuspunkt's supporting step on a double-scored inspection is not set until both sets are
 * sealed: the fokuspunkt notes are shared by the two raters, so a step there would show one rater's
 * judgement to the other while they score blind. Judged with the sets the judge holds: a device
 * that has not yet pulled the other rater's sealed set refuses until it has.
 */
export function blindSupportStepRule(fields: Data, context: RuleContext): CalibrationRuleCode | null {
  const d = context.doubleScoring;
  if (!d || fields.step === null || fields.step === undefined) return null;
  return bothSealed(d.raterIds, context.independentScores ?? []) ? null : 'support_step_while_blind';
}

/**
 * An inspection leaving the editable statuses (to høring or final): on a double-scored visit both
 * sets are sealed, every theme has its consensus, and the official steps are the consensus.
 */
export function finalisingDoubleScoredRule(context: RuleContext): CalibrationRuleCode | null {
  const d = context.doubleScoring;
  if (!d) return null;
  const missing = consensusRule(d, context.independentScores ?? [], { complete: true });
  if (missing) return missing;
  for (const [themeId, entry] of Object.entries(d.consensus)) {
    if (entry?.step != null && (context.themeSteps?.[themeId] ?? null) !== entry.step) return 'official_score_not_consensus';
  }
  return null;
}
