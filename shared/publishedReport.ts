import { z } from 'zod';
import { formatDanishDate } from './dates';
import type { Framework } from './framework';
import { danishLabel } from './i18n/labels';
import { BOARD_FORM_LABELS, type Publicering, type PublishedFollowUp } from './publication';
import { dialogueParticipantsOf, municipalShown, stepDescriptor, type ReportHoering } from './reportModel';
import type { ReportSnapshot } from './reportVersion';

/**
 * The report a municipality publishes (LAW.md R1.4), as data: built from the frozen report version
 * and its publication record, so the public HTML page and the PDF (server/publication/) print the
 * same thing. Always in Danish. No data on children: the privacy check ran before publishing.
 */

export interface Municipality {
  name: string;
  /** The logo as a data: URL (PNG or JPEG), or null. */
  logoDataUrl: string | null;
}

/** GET /api/municipality: what the apps pull and keep (the report header, the link to the public page). */
export const MunicipalityInfoSchema = z.object({
  name: z.string().min(1),
  logoDataUrl: z.string().regex(/^data:image\/(png|jpeg);base64,/).nullable(),
  /** "/offentlig/<kommune>" on the server. */
  publicPath: z.string(),
});
export type MunicipalityInfo = z.infer<typeof MunicipalityInfoSchema>;

export interface PublishedTheme {
  themeId: string;
  themeName: string;
  /** "Trin 3: Tilfredsstillende", or "Ikke vurderet". */
  stepText: string;
  step: number | null;
  descriptor: string | null;
  notAssessedReason: string;
  anerkendelser: string[];
  anbefalinger: string[];
  /** Påbud of this theme (issue 13 part B fills these); [] until then. */
  paabud: string[];
}

/** One bar group of the chart, with the numbers the table beside it prints. */
export interface PublishedChartRow {
  themeName: string;
  current: number | null;
  municipal: number | null;
  municipalN: number;
}

/** A section another part of the app adds (skærpet tilsyn, handleplan: issue 13 part B). */
export interface PublishedSection {
  heading: string;
  paragraphs: string[];
}

export interface PublishedReport {
  /** "Tilsynsrapport for Solsikken, 3. marts 2025": the document's title. */
  documentTitle: string;
  municipality: Municipality;
  institutionId: string;
  institutionName: string;
  institutionType: string;
  visit: {
    date: string;
    isoDate: string;
    /** "Anmeldt tilsyn", "Uanmeldt, skærpet tilsyn". */
    visitType: string;
    consultants: string[];
    participants: string[];
    frameworkName: string;
  };
  version: number;
  themes: PublishedTheme[];
  chart: PublishedChartRow[];
  municipalLabel: string;
  /** The follow-up section: the instructions frozen in the report version, else the follow-up items copied at publication. */
  followUp: (PublishedFollowUp & { dueText: string; action: string; verification: string })[];
  hoering: ReportHoering | null;
  board: { informedOn: string; formLabel: string; comment: string } | null;
  /** Sections added after the themes, before the follow-up (skærpet tilsyn and handleplan go here). */
  extraSections: PublishedSection[];
  publication: { publishedOn: string; isoPublishedOn: string; url: string; publishedBy: string };
}

export function buildPublishedReport(
  snapshot: ReportSnapshot,
  publication: Pick<Publicering, 'version' | 'publishedOn' | 'url' | 'publishedBy' | 'board' | 'followUp'>,
  municipality: Municipality,
  /** The inspection's framework: the descriptors of versions frozen before they were copied in. */
  framework: Framework | null,
  extraSections: PublishedSection[] = [],
): PublishedReport {
  return {
    documentTitle: `Tilsynsrapport for ${snapshot.institutionName}, ${snapshot.date}`,
    municipality,
    institutionId: snapshot.institutionId,
    institutionName: snapshot.institutionName,
    institutionType: snapshot.institutionType,
    visit: {
      date: snapshot.date,
      isoDate: snapshot.isoDate,
      visitType: snapshot.visitType,
      consultants: snapshot.consultants,
      participants: dialogueParticipantsOf(snapshot),
      frameworkName: snapshot.frameworkName,
    },
    version: publication.version,
    themes: snapshot.rows.map((r) => ({
      themeId: r.themeId,
      themeName: r.themeName,
      step: r.step,
      stepText: r.step ? `Trin ${r.step}: ${r.label ?? ''}` : r.notAssessed ? 'Ikke vurderet' : 'Ikke scoret',
      descriptor: r.descriptor ?? (framework ? stepDescriptor(framework, r.themeId, r.step) : null),
      notAssessedReason: r.notAssessed ? r.notAssessedReason : '',
      anerkendelser: r.anerkendelser,
      anbefalinger: r.anbefalinger,
      paabud: r.paabud ?? [],
    })),
    chart: snapshot.comparison.map((c) => {
      const shown = municipalShown(c);
      return { themeName: c.themeName, current: c.current, municipal: shown && shown !== 'suppressed' ? shown.mean : null, municipalN: shown && shown !== 'suppressed' ? shown.n : 0 };
    }),
    municipalLabel: snapshot.municipalLabel,
    followUp: snapshot.followUp?.length
      ? snapshot.followUp.map((f) => ({
          kind: f.type === 'paabud' ? ('paabud' as const) : ('anbefaling' as const),
          themeName: f.themeName,
          text: f.text,
          owner: f.owner,
          dueDate: null,
          dueText: f.due || 'Ingen frist',
          action: f.action,
          verification: f.verification,
        }))
      : publication.followUp.map((f) => ({ ...f, dueText: f.dueDate ? formatDanishDate(f.dueDate) : 'Ingen frist', action: '', verification: '' })),
    hoering: snapshot.hoering,
    board: publication.board
      ? { informedOn: formatDanishDate(publication.board.informedOn), formLabel: danishLabel(BOARD_FORM_LABELS, publication.board.form), comment: publication.board.comment.trim() }
      : null,
    extraSections,
    publication: { publishedOn: formatDanishDate(publication.publishedOn), isoPublishedOn: publication.publishedOn, url: publication.url, publishedBy: publication.publishedBy },
  };
}

/** The latest publication per institution (by publication date, then version): what the public page lists. */
export function latestPublications<T extends Pick<Publicering, 'institutionId' | 'publishedOn' | 'version' | 'inspectionId'>>(
  publications: readonly T[],
  /**
   * Units whose reports are not published one by one: a dagpleje's individual dagplejere (issue 12,
   * units). Their combined report is the dagpleje unit's own inspection and is listed as one.
   */
  listed: (institutionId: string) => boolean = () => true,
): T[] {
  const latest = new Map<string, T>();
  for (const p of publications) {
    if (!listed(p.institutionId)) continue;
    const prev = latest.get(p.institutionId);
    if (!prev || p.publishedOn > prev.publishedOn || (p.publishedOn === prev.publishedOn && (p.inspectionId > prev.inspectionId || (p.inspectionId === prev.inspectionId && p.version > prev.version))))
      latest.set(p.institutionId, p);
  }
  return [...latest.values()];
}
