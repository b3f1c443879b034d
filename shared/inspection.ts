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

/**
 * The concern level a final report establishes (dagtilbudsloven § 5 b stk. 3–4): bekymring opens a
 * skærpet tilsyn, alvorlig bekymring a skærpet tilsyn and a handleplan (shared/skaerpetTilsyn.ts).
 * Decided when the report is made final. `kind: 'skaerpet'` is something else: it marks a visit made
 * while a skærpet tilsyn is open (docs/skaerpet-tilsyn.md).
 */
export const CONCERN_LEVELS = ['ingen', 'bekymring', 'alvorlig'] as const;
export const ConcernLevelSchema = z.enum(CONCERN_LEVELS, { error: 'Vælg ingen bekymring, bekymring eller alvorlig bekymring' });
export type ConcernLevel = z.infer<typeof ConcernLevelSchema>;
export const CONCERN_LEVEL_LABELS: Record<ConcernLevel, string> = {
  ingen: 'Ingen bekymring',
  bekymring: 'Bekymring',
  alvorlig: 'Alvorlig bekymring',
};

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
    /** Set in the change that makes the report final (required there, shared/rules); null before. */
    concernLevel: ConcernLevelSchema.optional(),
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
    /** The ramme's data items (ids) the consultant ticked in the brief as there; recorded at finalising. */
    preparedDataIds: z.array(z.string().min(1).max(80)).max(30).optional(),
    /** Forvaltning's written overrides of a blocking relation (shared/impartiality.ts). Never in a report. */
    impartialityOverrides: z.array(ImpartialityOverrideSchema).max(6).optional(),
    /** Set on historical inspections loaded from a file (shared/importCsv): from which file, by whom, when. */
    imported: z
      .object({ fileName: z.string().max(255), importedBy: z.string().max(120), importedAt: z.string() })
      .optional(),
  });

export const NO_CONSULTANT = 'Angiv mindst én konsulent';

/** A visit has at least one consultant: a user, or a legacy name. */
export function atLeastOneConsultant(i: { consultantIds?: readonly string[] | undefined; consultants: readonly string[] }, ctx: z.RefinementCtx): void {
  if ((i.consultantIds?.length ?? 0) + i.consultants.length === 0) ctx.addIssue({ code: 'custom', path: ['consultantIds'], message: NO_CONSULTANT });
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

/**
 * The kinds of finding that ask something of the institution. A påbud (an order) is its own finding
 * type beside the anbefaling (a recommendation): it has a mandatory deadline and a verification step,
 * and an overdue påbud is raised for the skærpet-tilsyn decision (shared/paabud.ts). Both are stored
 * as `anbefaling` records told apart by `type`, so høring answers and follow-up items work for both.
 */
export const FINDING_TYPES = ['anbefaling', 'paabud'] as const;
export const FindingTypeSchema = z.enum(FINDING_TYPES);
export type FindingType = z.infer<typeof FindingTypeSchema>;
export const FINDING_TYPE_LABELS: Record<FindingType, string> = { anbefaling: 'Anbefaling', paabud: 'Påbud' };

/** Roles at the institution a follow-up instruction can be given to (§ 5 b stk. 2: concrete instructions). */
export const INSTITUTION_ROLES = ['leder', 'paedagogisk_leder', 'personalegruppen', 'team', 'forvaltning'] as const;
export const InstitutionRoleSchema = z.enum(INSTITUTION_ROLES, { error: 'Vælg en ansvarlig rolle' });
export type InstitutionRole = z.infer<typeof InstitutionRoleSchema>;
export const INSTITUTION_ROLE_LABELS: Record<InstitutionRole, string> = {
  leder: 'Leder',
  paedagogisk_leder: 'Pædagogisk leder',
  personalegruppen: 'Personalegruppen',
  team: 'Stuens / gruppens team',
  forvaltning: 'Forvaltningen',
};

/** How compliance with a påbud is checked (the ladder Gentofte uses). */
export const VERIFICATION_STEPS = ['opfoelgningsbesoeg', 'uanmeldt_besoeg', 'skriftlig_dokumentation', 'dialogmoede', 'ledelsessparring'] as const;
export const VerificationStepSchema = z.enum(VERIFICATION_STEPS, { error: 'Vælg hvordan påbuddet efterprøves' });
export type VerificationStep = z.infer<typeof VerificationStepSchema>;
export const VERIFICATION_LABELS: Record<VerificationStep, string> = {
  opfoelgningsbesoeg: 'Opfølgningsbesøg',
  uanmeldt_besoeg: 'Uanmeldt besøg',
  skriftlig_dokumentation: 'Skriftlig dokumentation',
  dialogmoede: 'Dialogmøde med ledelsen',
  ledelsessparring: 'Ledelsessparring',
};

export const ACTION_MAX = 2000;

export const AnbefalingSchema = z.object({
  ...findingBase,
  /** Fixed at creation. Records made before påbud existed are anbefalinger. */
  type: FindingTypeSchema.default('anbefaling'),
  /** The concrete follow-up instruction (R1.10): who (a role), by when, doing what. */
  ownerRole: InstitutionRoleSchema.nullable().default(null),
  /** The due date or follow-up point; for a påbud its deadline. */
  dueDate: IsoDateSchema.nullable().default(null),
  action: z.string().max(ACTION_MAX, { error: `Højst ${ACTION_MAX} tegn` }).default(''),
  /** Påbud only: how compliance will be checked. */
  verification: VerificationStepSchema.nullable().default(null),
});
export type Anbefaling = z.infer<typeof AnbefalingSchema>;

/**
 * What is missing from a finding's follow-up instruction, as Danish sentences (empty: complete).
 * Every anbefaling and påbud needs an owner, a due date and a concrete action; a påbud also a
 * verification step. Checked before the draft can be completed (shared/completeness.ts).
 */
export function instructionProblems(a: Pick<Anbefaling, 'type' | 'ownerRole' | 'dueDate' | 'action' | 'verification'>): string[] {
  const out: string[] = [];
  if (!a.ownerRole) out.push('ansvarlig');
  if (!a.dueDate) out.push(a.type === 'paabud' ? 'frist' : 'frist eller opfølgningsdato');
  if (a.action.trim() === '') out.push('konkret handling');
  if (a.type === 'paabud' && !a.verification) out.push('efterprøvning');
  return out;
}
