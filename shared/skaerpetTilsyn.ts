import { z } from 'zod';
import { msg } from './i18n/i18n';
import { labelTable } from './i18n/labels';
import { IsoDateSchema } from './dates';
import { recordBase, type ConcernLevel, type Inspection } from './inspection';
import { DEFAULT_RAMME_RULES, rammeInForce, type Tilsynsramme } from './tilsynsramme';

/**
 * Skærpet tilsyn and handleplan (dagtilbudsloven § 5 b stk. 3–5; LAW R1.12–R1.13).
 *
 * - A final report with *bekymring* opens a skærpet-tilsyn case; with *alvorlig bekymring* a case and
 *   a handleplan. Both start "i umiddelbar forlængelse" of the concern: the dashboard flags a case or
 *   a plan not started within the tilsynsramme's limit (startLimit below).
 * - The case is started on the day its first skærpet visit (an inspection with kind 'skaerpet') takes
 *   place, or on the date recorded on the case when it was started another way.
 * - A handleplan is made in dialogue with the leder: it cannot be activated without the date of that
 *   dialogue, at least one action and one dated checkpoint.
 * Both records have the id of the inspection whose final report established the concern.
 */

export const CASE_STATUSES = ['aaben', 'lukket'] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = labelTable(CASE_STATUSES, (c) => `inspection:caseStatus.${c}`);

const assessment = z.string().max(4000, { error: msg('validation:maxChars', { max: 4000 }) }).default('');
const decider = z.string().trim().max(120, { error: msg('validation:maxChars', { max: 120 }) });

export const SkaerpetTilsynSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  institutionId: z.string().min(1),
  level: z.enum(['bekymring', 'alvorlig']),
  /** The day the concern was established: the day the report was made final. */
  establishedOn: IsoDateSchema,
  /** Who decided (on the kommunalbestyrelse's delegation), and when (ISO time). */
  decidedBy: decider.min(1, { error: msg('validation:skaerpet.decidedBy') }),
  decidedAt: z.string().min(1),
  /** The day the skærpet tilsyn was started otherwise than by a skærpet visit (a meeting, a letter); null: not recorded. */
  startedOn: IsoDateSchema.nullable().default(null),
  status: CaseStatusSchema.default('aaben'),
  closedOn: IsoDateSchema.nullable().default(null),
  closedBy: z.string().max(120).default(''),
  /** The dated assessment the case is closed with. */
  closingAssessment: assessment,
});
export type SkaerpetTilsyn = z.infer<typeof SkaerpetTilsynSchema>;

export const HANDLEPLAN_STATUSES = ['udkast', 'aktiv', 'lukket'] as const;
export const HandleplanStatusSchema = z.enum(HANDLEPLAN_STATUSES);
export type HandleplanStatus = z.infer<typeof HandleplanStatusSchema>;
export const HANDLEPLAN_STATUS_LABELS: Readonly<Record<HandleplanStatus, string>> = labelTable(HANDLEPLAN_STATUSES, (c) => `inspection:handleplanStatus.${c}`);

export const CHECKPOINT_KINDS = ['anmeldt_besoeg', 'uanmeldt_besoeg', 'skriftlig_opfoelgning', 'dialogmoede'] as const;
export const CheckpointKindSchema = z.enum(CHECKPOINT_KINDS, { error: msg('validation:skaerpet.checkpointKind') });
export type CheckpointKind = z.infer<typeof CheckpointKindSchema>;
export const CHECKPOINT_KIND_LABELS: Readonly<Record<CheckpointKind, string>> = labelTable(CHECKPOINT_KINDS, (c) => `skaerpet:checkpointKind.${c}`);

export const HandleplanActionSchema = z.object({
  id: z.string().min(1),
  text: z.string().trim().min(1, { error: msg('validation:skaerpet.action') }).max(2000, { error: msg('validation:maxChars', { max: 2000 }) }),
});
export type HandleplanAction = z.infer<typeof HandleplanActionSchema>;

export const CheckpointSchema = z.object({
  id: z.string().min(1),
  date: IsoDateSchema,
  kind: CheckpointKindSchema,
  /** When it was held; null: still to come. */
  doneOn: IsoDateSchema.nullable().default(null),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export const HandleplanSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  institutionId: z.string().min(1),
  createdAt: z.string().min(1),
  status: HandleplanStatusSchema.default('udkast'),
  /** How the learning environments (or other conditions) will be strengthened. */
  actions: z.array(HandleplanActionSchema).max(40, { error: msg('validation:skaerpet.maxActions') }).default([]),
  /** The follow-up plan: dated checkpoints, e.g. follow-up visits announced or not. */
  checkpoints: z.array(CheckpointSchema).max(40, { error: msg('validation:skaerpet.maxCheckpoints') }).default([]),
  /** The plan is made in dialogue with the leder (§ 5 b stk. 5): the day of that dialogue. */
  lederDialogueOn: IsoDateSchema.nullable().default(null),
  /** The day the forældrebestyrelse was informed, and its comments if any. */
  boardInformedOn: IsoDateSchema.nullable().default(null),
  boardComments: z.string().max(4000, { error: msg('validation:maxChars', { max: 4000 }) }).default(''),
  activatedOn: IsoDateSchema.nullable().default(null),
  activatedBy: z.string().max(120).default(''),
  closedOn: IsoDateSchema.nullable().default(null),
  closedBy: z.string().max(120).default(''),
  closingAssessment: assessment,
});
export type Handleplan = z.infer<typeof HandleplanSchema>;

/** What a concern level opens. */
export function concernOpens(level: ConcernLevel | null): { skaerpetTilsyn: boolean; handleplan: boolean } {
  return { skaerpetTilsyn: level === 'bekymring' || level === 'alvorlig', handleplan: level === 'alvorlig' };
}

/** The refusals of the rules below; their Danish text is shared/rules/messages.ts. */
export type SkaerpetRuleCode =
  | 'handleplan_needs_leder_dialogue'
  | 'handleplan_needs_actions'
  | 'handleplan_needs_checkpoints'
  | 'handleplan_status_step'
  | 'closing_needs_assessment';

const HANDLEPLAN_STEPS: Record<HandleplanStatus, readonly HandleplanStatus[]> = { udkast: ['aktiv'], aktiv: ['lukket'], lukket: [] };

/**
 * A handleplan as it will be after a change: udkast → aktiv → lukket, one step at a time; active only
 * with the leder-dialogue date, an action and a checkpoint; closed only with a date and an assessment.
 */
export function handleplanRule(current: Pick<Handleplan, 'status'> | undefined, next: Handleplan): SkaerpetRuleCode | null {
  const from = current?.status ?? 'udkast';
  if (next.status !== from && !HANDLEPLAN_STEPS[from].includes(next.status)) return 'handleplan_status_step';
  if (next.status === 'udkast') return null;
  if (!next.lederDialogueOn) return 'handleplan_needs_leder_dialogue';
  if (next.actions.length === 0) return 'handleplan_needs_actions';
  if (next.checkpoints.length === 0) return 'handleplan_needs_checkpoints';
  if (next.status === 'lukket' && (!next.closedOn || next.closingAssessment.trim() === '')) return 'closing_needs_assessment';
  return null;
}

/** A case is closed only with a date and an assessment; a closed case stays closed. */
export function caseRule(current: Pick<SkaerpetTilsyn, 'status'> | undefined, next: SkaerpetTilsyn): SkaerpetRuleCode | null {
  if (current?.status === 'lukket' && next.status !== 'lukket') return 'handleplan_status_step';
  if (next.status === 'lukket' && (!next.closedOn || next.closingAssessment.trim() === '')) return 'closing_needs_assessment';
  return null;
}

/**
 * The limit for starting a skærpet tilsyn or a handleplan after the concern was established
 * ("i umiddelbar forlængelse", § 5 b stk. 4): the working days of the tilsynsramme in force on the
 * day the concern was established (shared/tilsynsramme.ts); before the municipality's first
 * gældende ramme, the ramme's own default (10 working days, docs/skaerpet-tilsyn.md).
 */
export interface StartLimit {
  days: number;
  unit: 'arbejdsdage' | 'kalenderdage';
}

export function startLimit(rammer: Iterable<Pick<Tilsynsramme, 'status' | 'inForceFrom' | 'version' | 'rules'>>, establishedOn: string): StartLimit {
  return { days: rammeInForce(rammer, establishedOn)?.rules.skaerpetStartLimitDays ?? DEFAULT_RAMME_RULES.skaerpetStartLimitDays, unit: 'arbejdsdage' };
}

/** The limit for a case (from its establishment date). */
export type LimitOf = (establishedOn: string) => StartLimit;

/** The date `limit` after `iso` (working days skip Saturdays and Sundays; public holidays are not known). */
export function addLimit(iso: string, limit: StartLimit): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (limit.unit === 'kalenderdage') d.setUTCDate(d.getUTCDate() + limit.days);
  else {
    let left = limit.days;
    while (left > 0) {
      d.setUTCDate(d.getUTCDate() + 1);
      const wd = d.getUTCDay();
      if (wd !== 0 && wd !== 6) left--;
    }
  }
  return d.toISOString().slice(0, 10);
}

/**
 * When the skærpet tilsyn started: the recorded date, or the first skærpet visit to the institution
 * on or after the concern was established, whichever is earlier; null when neither exists.
 */
export function caseStartedOn(c: Pick<SkaerpetTilsyn, 'startedOn' | 'establishedOn' | 'institutionId' | 'inspectionId'>, inspections: readonly Pick<Inspection, 'id' | 'institutionId' | 'kind' | 'date' | 'status'>[]): string | null {
  const visits = inspections
    .filter((i) => i.institutionId === c.institutionId && i.id !== c.inspectionId && i.kind === 'skaerpet' && i.date >= c.establishedOn && i.status !== 'planlagt')
    .map((i) => i.date)
    .sort();
  const dates = [c.startedOn, visits[0] ?? null].filter((d): d is string => d !== null).sort();
  return dates[0] ?? null;
}

export const START_STATES = ['rettidigt', 'for_sent', 'ikke_startet', 'overskredet'] as const;
export type StartState = (typeof START_STATES)[number];
export const START_STATE_LABELS: Readonly<Record<StartState, string>> = labelTable(START_STATES, (c) => `skaerpet:startState.${c}`);

/** Started on time, late, not yet (still within the limit) or not started and past the limit. */
export function startState(establishedOn: string, startedOn: string | null, today: string, limit: StartLimit): { state: StartState; deadline: string } {
  const deadline = addLimit(establishedOn, limit);
  if (startedOn) return { state: startedOn <= deadline ? 'rettidigt' : 'for_sent', deadline };
  return { state: today > deadline ? 'overskredet' : 'ikke_startet', deadline };
}

/** True when the state is one the dashboard flags. */
export const isLateStart = (s: StartState) => s === 'for_sent' || s === 'overskredet';

/** The next checkpoint still to come (not done), earliest first; null when none is left. */
export function nextCheckpoint(plan: Pick<Handleplan, 'checkpoints'> | undefined): Checkpoint | null {
  const open = (plan?.checkpoints ?? []).filter((c) => c.doneOn === null).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return open[0] ?? null;
}

export interface CaseOverview {
  case: SkaerpetTilsyn;
  plan: Handleplan | null;
  limit: StartLimit;
  startedOn: string | null;
  start: { state: StartState; deadline: string };
  /** The handleplan's activation against the same limit (alvorlig bekymring only). */
  planStart: { state: StartState; deadline: string } | null;
  next: Checkpoint | null;
  /** The next checkpoint's date has passed without it being held. */
  checkpointOverdue: boolean;
}

type VisitFacts = Pick<Inspection, 'id' | 'institutionId' | 'kind' | 'date' | 'status'>;

/** One case with its start against the limit, its plan's activation and its next checkpoint. */
export function caseOverview(c: SkaerpetTilsyn, plan: Handleplan | null, inspections: readonly VisitFacts[], today: string, limitOf: LimitOf): CaseOverview {
  const limit = limitOf(c.establishedOn);
  const startedOn = caseStartedOn(c, inspections);
  const next = plan && plan.status !== 'lukket' ? nextCheckpoint(plan) : null;
  return {
    case: c,
    plan,
    limit,
    startedOn,
    start: startState(c.establishedOn, startedOn, today, limit),
    planStart: c.level === 'alvorlig' ? startState(c.establishedOn, plan?.activatedOn ?? null, today, limit) : null,
    next,
    checkpointOverdue: next !== null && next.date < today,
  };
}

/**
 * Every open skærpet-tilsyn case with its start against the limit and its next checkpoint: the
 * dashboard's list. The late ones (late start or plan) first, then by next checkpoint.
 */
export function openCases(
  cases: readonly SkaerpetTilsyn[],
  plans: readonly Handleplan[],
  inspections: readonly VisitFacts[],
  today: string,
  limitOf: LimitOf,
): CaseOverview[] {
  const planOf = new Map(plans.map((p) => [p.id, p]));
  const rows = cases.filter((c) => c.status === 'aaben').map((c) => caseOverview(c, planOf.get(c.id) ?? null, inspections, today, limitOf));
  const late = (r: CaseOverview) => isLateStart(r.start.state) || (r.planStart !== null && isLateStart(r.planStart.state));
  return rows.sort((a, b) => Number(late(b)) - Number(late(a)) || (a.next?.date ?? '9999').localeCompare(b.next?.date ?? '9999') || a.case.establishedOn.localeCompare(b.case.establishedOn));
}
