import { z } from 'zod';
import { formatLongDate, todayIso } from './dates';
import { currentLanguage, type Language } from './i18n/i18n';
import { recordBase } from './inspection';
import { reportText, type ComparisonRow, type ReportModel } from './reportModel';

/**
 * A final report, frozen. Finalising an inspection stores the whole report as it stood (the
 * ReportModel with the leder's høringssvar, and the comparison figures of that day) as version n.
 * A version never changes: the server refuses any change to an existing one. A correction reopens
 * the inspection with a reason, and the next finalisation stores version n + 1 with who, when and
 * why; earlier versions stay readable.
 */

/** What a version holds: the report model plus the comparison as it was computed when finalised. */
export interface ReportSnapshot extends ReportModel {
  comparison: ComparisonRow[];
  /** Date of the institution's previous final inspection in the comparison, formatted; null if none. */
  previousDate: string | null;
  municipalLabel: string;
  /**
   * When the server's municipal average behind the comparison was fetched (ISO time), or null:
   * none had been fetched for the window ("ikke hentet"). Absent in versions frozen before.
   */
  municipalFetchedAt?: string | null;
}

const text = z.string();
const rowSchema = z.looseObject({
  themeId: text,
  themeName: text,
  step: z.number().int().min(1).max(4).nullable(),
  label: text.nullable(),
  notAssessed: z.boolean(),
  notAssessedReason: text,
  descriptor: text.nullable().optional(),
  anerkendelser: z.array(text),
  anbefalinger: z.array(text),
});
const hoeringSchema = z.looseObject({
  items: z.array(
    z.looseObject({ anbefalingId: text, themeId: text, themeName: text, anbefaling: text, answer: z.enum(['enig', 'uenig', 'plan']).nullable(), answerLabel: text, text }),
  ),
  comment: text,
  answered: z.number().int(),
  total: z.number().int(),
});
const comparisonSchema = z.looseObject({
  themeId: text,
  themeName: text,
  shortName: text,
  current: z.number().nullable(),
  previous: z.number().nullable(),
  municipal: z.number().nullable(),
  municipalN: z.number().int(),
  municipalSuppressed: z.boolean().optional(),
});

/** Loose objects: a snapshot made by a newer app keeps the fields this one does not know. */
export const ReportSnapshotSchema = z.looseObject({
  title: text,
  institutionId: text,
  institutionName: text,
  institutionType: text,
  date: text,
  isoDate: text,
  visitType: text,
  consultants: z.array(text),
  participants: z.array(text),
  status: text,
  final: z.boolean(),
  frameworkName: text,
  rows: z.array(rowSchema).min(1, { error: 'Rapporten har ingen temaer' }),
  hoering: hoeringSchema.nullable(),
  comparison: z.array(comparisonSchema),
  previousDate: text.nullable(),
  municipalLabel: text,
  municipalFetchedAt: text.nullable().optional(),
});

/** One documented correction of a frozen report version: who, when, why, which field. */
export const ReportCorrectionSchema = z.object({
  at: z.string().min(1),
  by: z.string().min(1).max(120),
  reason: z.string().min(1).max(2000),
  field: z.string().min(1),
});
export type ReportCorrection = z.infer<typeof ReportCorrectionSchema>;

export const RapportversionSchema = z
  .object({
    ...recordBase,
    inspectionId: z.string().min(1),
    version: z.number({ error: 'Versionen skal være et tal' }).int({ error: 'Versionen skal være et helt tal' }).min(1, { error: 'Versionen skal være mindst 1' }),
    /** When the report was finalised (ISO time). */
    createdAt: z.string().min(1),
    /** Who finalised it (display name). The server's revision log also holds the user id. */
    createdBy: z.string().trim().min(1, { error: 'Angiv hvem der gjorde rapporten endelig' }).max(120, { error: 'Højst 120 tegn' }),
    /** Why the report was corrected; '' for version 1. */
    reason: z.string().max(2000, { error: 'Højst 2000 tegn' }).default(''),
    snapshot: ReportSnapshotSchema,
    /**
     * Documented corrections of this frozen version: personal data purged by forvaltning
     * (server/privacy/purge.ts). The only change a version ever gets, and never by a device.
     */
    corrections: z.array(ReportCorrectionSchema).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.version > 1 && v.reason.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'En rettet rapport skal have en begrundelse for rettelsen' });
  });
export type Rapportversion = Omit<z.infer<typeof RapportversionSchema>, 'snapshot'> & { snapshot: ReportSnapshot };

/** Versions have ids made from their parts, so two devices finalising the same inspection meet in one record. */
export function reportVersionId(inspectionId: string, version: number): string {
  return `${inspectionId}:v${version}`;
}

/** "Version 1 (12. marts 2026, Mette Kjær)": the version picker's label, in the app's language unless `lng` is given. */
export function versionLabel(v: Pick<Rapportversion, 'version' | 'createdAt' | 'createdBy'>, lng: Language = currentLanguage()): string {
  return reportText('versionLabel', lng, { version: v.version, date: formatLongDate(todayIso(new Date(v.createdAt)), lng), name: v.createdBy });
}

/** The newest version first. */
export function sortVersions<T extends Pick<Rapportversion, 'version'>>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => b.version - a.version);
}
