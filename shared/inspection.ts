import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { StepSchema, ThemeIdSchema } from './framework';
import { ImpartialityOverrideSchema } from './impartiality';
import { recordBase } from './recordBase';
import { DialogueSchema, PriorKnowledgeSchema } from './visitEvidence';

export const INSPECTION_STATUSES = ['planlagt', 'i_gang', 'udkast', 'i_hoering', 'endelig'] as const;
export const InspectionStatusSchema = z.enum(INSPECTION_STATUSES);
export type InspectionStatus = z.infer<typeof InspectionStatusSchema>;
export const STATUS_LABELS: Record<InspectionStatus, string> = {
  planlagt: 'Planlagt',
  i_gang: 'I gang',
  udkast: 'Udkast',
  i_hoering: 'I høring',
  endelig: 'Endelig',
};

export const VisitTypeSchema = z.enum(['anmeldt', 'uanmeldt'], { error: 'Vælg anmeldt eller uanmeldt' });
export const InspectionKindSchema = z.enum(['ordinaer', 'skaerpet'], { error: 'Vælg ordinært eller skærpet tilsyn' });

const personName = z.string().trim().min(1, { error: 'Skriv et navn eller fjern linjen' }).max(120, { error: 'Højst 120 tegn' });

// In its own module so that observation.ts (imported by visitEvidence.ts, which this module imports)
// does not import this module back before it has run.
export { recordBase } from './recordBase';

/** The inspection's fields, without the cross-field rule (forms pick from this). */
export const InspectionFieldsSchema = z
  .object({
    ...recordBase,
    institutionId: z.string().min(1, { error: 'Vælg en institution' }),
    frameworkId: z.string().min(1),
    visitType: VisitTypeSchema,
    kind: InspectionKindSchema.default('ordinaer'),
    date: IsoDateSchema,
    /** The consultants on the visit: user ids (issue 12; the consultant directory names them). */
    consultantIds: z.array(z.string().min(1)).max(6, { error: 'Højst 6 konsulenter' }).optional(),
    /**
     * Legacy free-text names: consultants written before they were users (server migration 0710
     * moved every exact match to consultantIds), and visits made on a device nobody has logged in
     * on. Shown as written, marked as a name without a user.
     */
    consultants: z.array(personName).max(6).default([]),
    participants: z.array(personName).max(20).default([]),
    status: InspectionStatusSchema,
    /**
     * Why a final report was reopened ("Ret endelig rapport"); set in the same change as the status
     * endelig → udkast, and copied into the next report version. Absent for an inspection never reopened.
     */
    correctionReason: z.string().max(2000, { error: 'Højst 2000 tegn' }).optional(),
    /**
     * The tilsynsramme version in force on the inspection's date (shared/tilsynsramme.ts), set by the
     * server on every write until the inspection is final; null before the municipality's first one.
     */
    tilsynsrammeId: z.string().max(200).nullable().optional(),
    /** The dialogue meeting with the leder and staff (§ 5 a stk. 6); null until recorded. */
    dialogue: DialogueSchema.nullable().optional(),
    /** Why the report may be final without an observation or the dialogue (shared/visitEvidence.ts). */
    evidenceReason: z.string().max(2000, { error: 'Højst 2000 tegn' }).optional(),
    /** What the pre-visit brief showed, recorded when the report is made final (§ 5 a stk. 4). */
    priorKnowledge: PriorKnowledgeSchema.optional(),
    /** Forvaltning's written overrides of a blocking relation (shared/impartiality.ts). Never in a report. */
    impartialityOverrides: z.array(ImpartialityOverrideSchema).max(6).optional(),
    /** Set on historical inspections loaded from a file (shared/importCsv): from which file, by whom, when. */
    imported: z
      .object({ fileName: z.string().max(255), importedBy: z.string().max(120), importedAt: z.string() })
      .optional(),
  });

/** A visit has at least one consultant: a user, or a legacy name. */
export function atLeastOneConsultant(i: { consultantIds?: readonly string[] | undefined; consultants: readonly string[] }, ctx: z.RefinementCtx): void {
  if ((i.consultantIds?.length ?? 0) + i.consultants.length === 0) ctx.addIssue({ code: 'custom', path: ['consultantIds'], message: 'Angiv mindst én konsulent' });
}

export const InspectionSchema = InspectionFieldsSchema.superRefine(atLeastOneConsultant);
export type Inspection = z.infer<typeof InspectionSchema>;

/** A final inspection describes what was seen: it cannot be dated in the future. */
export function checkFinalDate(inspection: Pick<Inspection, 'status' | 'date'>, today: string): string | null {
  return inspection.status === 'endelig' && inspection.date > today ? 'Et endeligt tilsyn kan ikke have en dato i fremtiden' : null;
}

export const NOTE_MAX = 20_000;
const note = z.string().max(NOTE_MAX, { error: `Højst ${NOTE_MAX} tegn` }).default('');

/**
 * One theme's assessment: a whole step 1–4, or "ikke vurderet" with a reason.
 * Flat fields (not a union) so that sync can merge them one by one.
 */
export const ThemeScoreSchema = z
  .object({
    ...recordBase,
    inspectionId: z.string().min(1),
    themeId: ThemeIdSchema,
    step: StepSchema.nullable().default(null),
    notAssessed: z.boolean().default(false),
    notAssessedReason: z.string().max(2000, { error: 'Højst 2000 tegn' }).default(''),
    note,
  })
  .superRefine((s, ctx) => {
    if (s.notAssessed && s.notAssessedReason.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['notAssessedReason'], message: 'Skriv hvorfor temaet ikke er vurderet' });
    if (s.notAssessed && s.step !== null)
      ctx.addIssue({ code: 'custom', path: ['step'], message: 'Et tema kan ikke både have et trin og være ikke vurderet' });
  });
export type ThemeScore = z.infer<typeof ThemeScoreSchema>;

export function themeScoreId(inspectionId: string, themeId: string): string {
  return `${inspectionId}:${themeId}`;
}

/** Notes per fokuspunkt, optionally with a supporting step (never averaged). */
export const FokuspunktNoteSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  themeId: ThemeIdSchema,
  fokuspunktId: z.string().min(1),
  step: StepSchema.nullable().default(null),
  note,
});
export type FokuspunktNote = z.infer<typeof FokuspunktNoteSchema>;

export function fokuspunktNoteId(inspectionId: string, fokuspunktId: string): string {
  return `${inspectionId}:${fokuspunktId}`;
}

// May be empty while the consultant is still typing; completion checks flag empty ones.
const findingText = z.string().max(4000, { error: 'Højst 4000 tegn' }).default('');

const findingBase = {
  ...recordBase,
  inspectionId: z.string().min(1),
  themeId: ThemeIdSchema,
  text: findingText,
  createdAt: z.string(),
  deleted: z.boolean().default(false),
};

export const AnerkendelseSchema = z.object(findingBase);
export type Anerkendelse = z.infer<typeof AnerkendelseSchema>;

export const AnbefalingSchema = z.object(findingBase);
export type Anbefaling = z.infer<typeof AnbefalingSchema>;
