import { themeProfile, type ProfileEntry } from './aggregate';
import { formatDanishDate } from './dates';
import type { Framework } from './framework';
import { INSTITUTION_TYPE_LABELS, type Institution } from './institution';
import { STATUS_LABELS, type Anbefaling, type Anerkendelse, type Inspection, type ThemeScore } from './inspection';

export interface ReportRow extends ProfileEntry {
  anerkendelser: string[];
  anbefalinger: string[];
}

export interface ReportModel {
  title: string;
  institutionName: string;
  institutionType: string;
  date: string;
  visitType: string;
  consultants: string[];
  participants: string[];
  status: string;
  final: boolean;
  frameworkName: string;
  rows: ReportRow[];
}

/** The schematic tilsynsrapport as data, so the screen, the PDF and exports show the same thing. */
export function buildReport(
  framework: Framework,
  inspection: Inspection,
  institution: Institution | undefined,
  scores: readonly ThemeScore[],
  anerkendelser: readonly Anerkendelse[],
  anbefalinger: readonly Anbefaling[],
): ReportModel {
  const texts = (list: readonly { themeId: string; text: string; deleted: boolean }[], themeId: string) =>
    list.filter((x) => x.themeId === themeId && !x.deleted && x.text.trim()).map((x) => x.text.trim());
  return {
    title: 'Tilsynsrapport',
    institutionName: institution?.name ?? inspection.institutionId,
    institutionType: institution ? INSTITUTION_TYPE_LABELS[institution.type] : '',
    date: formatDanishDate(inspection.date),
    visitType: `${inspection.visitType === 'anmeldt' ? 'Anmeldt' : 'Uanmeldt'}${inspection.kind === 'skaerpet' ? ', skærpet' : ''} tilsyn`,
    consultants: inspection.consultants,
    participants: inspection.participants,
    status: STATUS_LABELS[inspection.status],
    final: inspection.status === 'endelig',
    frameworkName: `${framework.name} (version ${framework.version})`,
    rows: themeProfile(framework, scores).map((p) => ({
      ...p,
      anerkendelser: texts(anerkendelser, p.themeId),
      anbefalinger: texts(anbefalinger, p.themeId),
    })),
  };
}

export interface ComparisonRow {
  themeId: string;
  themeName: string;
  shortName: string;
  current: number | null;
  previous: number | null;
  municipal: number | null;
  municipalN: number;
}

/** This inspection's steps beside the institution's previous inspection and the municipal average. */
export function comparisonRows(
  framework: Framework,
  current: readonly ThemeScore[],
  previous: readonly ThemeScore[] | null,
  municipal: Record<string, { mean: number | null; n: number }>,
  shortNames: Record<string, string>,
): ComparisonRow[] {
  const stepOf = (list: readonly ThemeScore[] | null, themeId: string) => {
    const s = list?.find((x) => x.themeId === themeId);
    return s && !s.notAssessed && s.step ? s.step : null;
  };
  return framework.themes.map((t) => ({
    themeId: t.id,
    themeName: t.name,
    shortName: shortNames[t.id] ?? t.name,
    current: stepOf(current, t.id),
    previous: stepOf(previous, t.id),
    municipal: municipal[t.id]?.mean ?? null,
    municipalN: municipal[t.id]?.n ?? 0,
  }));
}
