import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { StepSchema, ThemeIdSchema } from './framework';

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

/** Base fields every synced record carries. `rev` is the server revision the local copy is based on (0: never synced). */
export const recordBase = {
  id: z.string().min(1),
  rev: z.number().int().min(0).default(0),
  updatedAt: z.string().default(() => new Date().toISOString()),
};

export const InspectionSchema = z
  .object({
    ...recordBase,
    institutionId: z.string().min(1, { error: 'Vælg en institution' }),
    frameworkId: z.string().min(1),
    visitType: VisitTypeSchema,
    kind: InspectionKindSchema.default('ordinaer'),
    date: IsoDateSchema,
    consultants: z.array(personName).min(1, { error: 'Angiv mindst én konsulent' }).max(6),
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
    /** Set on historical inspections loaded from a file (shared/importCsv): from which file, by whom, when. */
    imported: z
      .object({ fileName: z.string().max(255), importedBy: z.string().max(120), importedAt: z.string() })
      .optional(),
  });
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
