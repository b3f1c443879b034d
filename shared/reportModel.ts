import { DEFAULT_LANGUAGE, translate, type Language } from './i18n/i18n';
import { labelIn } from './i18n/labels';
import { themeProfile, type ProfileEntry } from './aggregate';
import { formatLongDate } from './dates';
import type { Framework } from './framework';
import { HOERING_ANSWER_LABELS, type HoeringAnswer, type Hoeringskommentar, type Hoeringssvar } from './hoering';
import { INSTITUTION_TYPE_LABELS, type Institution } from './institution';
import {
  CONCERN_LEVEL_LABELS,
  FINDING_TYPE_LABELS,
  INSTITUTION_ROLE_LABELS,
  STATUS_LABELS,
  VERIFICATION_LABELS,
  type Anbefaling,
  type Anerkendelse,
  type ConcernLevel,
  type FindingType,
  type Inspection,
  type ThemeScore,
} from './inspection';
import { formatObservedTime, observationEvidence, type Observation } from './observation';
import { MIN_CELL_N } from './themeAverages';
import { evidenceGaps } from './visitEvidence';

export interface ReportRow extends ProfileEntry {
  /** What practice at this step looks like for the theme (the framework's descriptor); null without a step. Absent in versions frozen before. */
  descriptor?: string | null;
  anerkendelser: string[];
  anbefalinger: string[];
  /** Påbud under the theme (absent in versions frozen before påbud existed). */
  paabud?: string[];
}

/** One line of the report's follow-up section: the concrete instruction of an anbefaling or a påbud (§ 5 b stk. 2). */
export interface ReportFollowUpItem {
  anbefalingId: string;
  type: FindingType;
  typeLabel: string;
  themeName: string;
  text: string;
  owner: string;
  /** Formatted; '' when not given. */
  due: string;
  action: string;
  /** Påbud: how compliance is checked. */
  verification: string;
}

/** The leder's answer to one anbefaling, as the report shows it. */
export interface ReportHoeringItem {
  anbefalingId: string;
  themeId: string;
  themeName: string;
  anbefaling: string;
  answer: HoeringAnswer | null;
  /** "Enig" / "Uenig" / "Plan", or "Ikke besvaret". */
  answerLabel: string;
  text: string;
}

export interface ReportHoering {
  items: ReportHoeringItem[];
  comment: string;
  answered: number;
  total: number;
}

export interface ReportModel {
  title: string;
  institutionId: string;
  institutionName: string;
  institutionType: string;
  /** Formatted in the model's language ("3. marts 2025"); `isoDate` is the same date as YYYY-MM-DD. */
  date: string;
  isoDate: string;
  visitType: string;
  consultants: string[];
  /**
   * The retired free-text "Deltagere i dialogen" (visits before the dialogue record, issue 12): shown
   * as a legacy line where present; no new input writes it.
   */
  participants: string[];
  status: string;
  final: boolean;
  frameworkName: string;
  rows: ReportRow[];
  /** The leder's høringssvar: from høring on (or when answers exist), else null. */
  hoering: ReportHoering | null;
  /** The follow-up section (absent in versions frozen before it). */
  followUp?: ReportFollowUpItem[];
  /** The concern level the final report established ("Ingen bekymring" …); null before it is final. */
  concern?: { level: ConcernLevel; label: string } | null;
  /** What the assessment rests on (§ 5 a stk. 5–6): observations, observed time, the dialogue. Absent in reports made before issue 12. */
  evidence?: ReportEvidence;
}

/** "Vurderingen bygger på …": never a forvaltning override (those are for the audit trail only). */
export interface ReportEvidence {
  observations: number;
  observedMinutes: number;
  /** "3 timer og 15 minutter". */
  observedTime: string;
  /** The dialogue meeting: the time as "kl. 13.00" on the date it was held, and who took part by role. */
  dialogue: { when: string; leder: string[]; staff: string[]; consultants: string[] } | null;
  /** Why observations or the dialogue are missing, as the consultant stated it; '' when nothing is missing. */
  reason: string;
}

/** The visit input of a report (issue 12): who the consultant users are, and the observations. */
export interface ReportVisitInput {
  /** User id → display name (the consultant directory); a missing one shows as "Ukendt bruger". */
  consultantNames?: ReadonlyMap<string, string>;
  observations?: readonly Pick<Observation, 'observedAt' | 'minutes' | 'deleted'>[];
}

/**
 * The report model's own words in `lng`. A report is built in Danish to be frozen and published
 * (the default), and in the UI's language for the screen.
 */
export function reportText(key: string, lng: Language, options: Record<string, unknown> = {}): string {
  return translate(`report:model.${key}`, { ...options, lng });
}

/** "Anmeldt tilsyn", "Uanmeldt, skærpet tilsyn" (English: "Unannounced, intensified inspection"). */
export function visitTypeText(inspection: Pick<Inspection, 'visitType' | 'kind'>, lng: Language = DEFAULT_LANGUAGE): string {
  return reportText(`visitType.${inspection.visitType}${inspection.kind === 'skaerpet' ? 'Skaerpet' : ''}`, lng);
}

/** "1. december 2026 kl. 13.00" (English: "1 December 2026 at 13:00"): a local date-time `2026-12-01T13:00` as the report writes it. */
export function dialogueWhenText(at: string, lng: Language = DEFAULT_LANGUAGE): string {
  const [day, time] = at.split('T') as [string, string];
  return reportText('dialogueWhen', lng, { date: formatLongDate(day, lng), time: lng === 'da' ? time.replace(':', '.') : time });
}

/** The consultants as the report names them: users by name, then the legacy free-text names as written. */
export function consultantNamesOf(inspection: Pick<Inspection, 'consultantIds' | 'consultants'>, names: ReadonlyMap<string, string> = new Map(), lng: Language = DEFAULT_LANGUAGE): string[] {
  return [...(inspection.consultantIds ?? []).map((id) => names.get(id) ?? reportText('unknownUser', lng)), ...inspection.consultants];
}

function buildEvidence(inspection: Inspection, visit: ReportVisitInput, lng: Language): ReportEvidence {
  const { count, minutes } = observationEvidence(visit.observations ?? []);
  const d = inspection.dialogue;
  const names = visit.consultantNames ?? new Map<string, string>();
  return {
    observations: count,
    observedMinutes: minutes,
    observedTime: formatObservedTime(minutes, lng),
    dialogue: d ? { when: dialogueWhenText(d.at, lng), leder: d.leder, staff: d.staff, consultants: d.consultantIds.map((id) => names.get(id) ?? reportText('unknownUser', lng)) } : null,
    reason: evidenceGaps(inspection, count).length > 0 ? (inspection.evidenceReason ?? '').trim() : '',
  };
}

export interface ReportHoeringInput {
  svar: readonly Hoeringssvar[];
  kommentar?: Pick<Hoeringskommentar, 'text'> | null;
}

/**
 * The schematic tilsynsrapport as data, so the screen, the PDF and exports show the same thing. Its
 * text is in `lng`: Danish (the default) for what is frozen and published, the UI's language on screen.
 */
export function buildReport(
  framework: Framework,
  inspection: Inspection,
  institution: Institution | undefined,
  scores: readonly ThemeScore[],
  anerkendelser: readonly Anerkendelse[],
  anbefalinger: readonly Anbefaling[],
  hoering: ReportHoeringInput = { svar: [] },
  visit: ReportVisitInput = {},
  lng: Language = DEFAULT_LANGUAGE,
): ReportModel {
  const texts = (list: readonly { themeId: string; text: string; deleted: boolean }[], themeId: string) =>
    list.filter((x) => x.themeId === themeId && !x.deleted && x.text.trim()).map((x) => x.text.trim());
  return {
    title: reportText('title', lng),
    institutionId: inspection.institutionId,
    institutionName: institution?.name ?? inspection.institutionId,
    institutionType: institution ? labelIn(INSTITUTION_TYPE_LABELS, institution.type, lng) : '',
    date: formatLongDate(inspection.date, lng),
    isoDate: inspection.date,
    visitType: visitTypeText(inspection, lng),
    consultants: consultantNamesOf(inspection, visit.consultantNames, lng),
    participants: inspection.participants,
    status: labelIn(STATUS_LABELS, inspection.status, lng),
    final: inspection.status === 'endelig',
    frameworkName: reportText('frameworkName', lng, { name: framework.name, version: framework.version }),
    rows: themeProfile(framework, scores).map((p) => ({
      ...p,
      descriptor: stepDescriptor(framework, p.themeId, p.step),
      anerkendelser: texts(anerkendelser, p.themeId),
      anbefalinger: texts(anbefalinger.filter((a) => a.type !== 'paabud'), p.themeId),
      paabud: texts(anbefalinger.filter((a) => a.type === 'paabud'), p.themeId),
    })),
    hoering: buildHoering(framework, inspection, anbefalinger, hoering, lng),
    evidence: buildEvidence(inspection, visit, lng),
    followUp: reportedAnbefalinger(framework, anbefalinger).map((a) => ({
      anbefalingId: a.id,
      type: a.type,
      typeLabel: labelIn(FINDING_TYPE_LABELS, a.type, lng),
      themeName: framework.themes.find((t) => t.id === a.themeId)?.name ?? a.themeId,
      text: a.text.trim(),
      owner: a.ownerRole ? labelIn(INSTITUTION_ROLE_LABELS, a.ownerRole, lng) : '',
      due: a.dueDate ? formatLongDate(a.dueDate, lng) : '',
      action: a.action.trim(),
      verification: a.verification ? labelIn(VERIFICATION_LABELS, a.verification, lng) : '',
    })),
    concern: inspection.concernLevel ? { level: inspection.concernLevel, label: labelIn(CONCERN_LEVEL_LABELS, inspection.concernLevel, lng) } : null,
  };
}

/** The framework's descriptor of `step` for the theme; null without a step. */
export function stepDescriptor(framework: Framework, themeId: string, step: number | null): string | null {
  const theme = framework.themes.find((t) => t.id === themeId);
  return step && theme ? (theme.descriptors[step - 1] ?? null) : null;
}

/** The anbefalinger that appear in the report (not deleted, not empty), in theme order, then as written. */
export function reportedAnbefalinger(framework: Framework, anbefalinger: readonly Anbefaling[]): Anbefaling[] {
  const order = new Map(framework.themes.map((t, i) => [t.id as string, i]));
  return anbefalinger
    .filter((a) => !a.deleted && a.text.trim())
    .sort((a, b) => (order.get(a.themeId) ?? 99) - (order.get(b.themeId) ?? 99) || a.createdAt.localeCompare(b.createdAt));
}

/** The leder's answer as the report names it in `lng`; "Ikke besvaret" for none. */
export function hoeringAnswerText(answer: HoeringAnswer | null, lng: Language = DEFAULT_LANGUAGE): string {
  return answer ? labelIn(HOERING_ANSWER_LABELS, answer, lng) : reportText('notAnswered', lng);
}

function buildHoering(framework: Framework, inspection: Inspection, anbefalinger: readonly Anbefaling[], input: ReportHoeringInput, lng: Language): ReportHoering | null {
  const comment = input.kommentar?.text.trim() ?? '';
  const inHoering = inspection.status === 'i_hoering' || inspection.status === 'endelig';
  if (!inHoering && input.svar.length === 0 && !comment) return null;
  const svarOf = new Map(input.svar.map((s) => [s.anbefalingId, s]));
  const items = reportedAnbefalinger(framework, anbefalinger).map((a): ReportHoeringItem => {
    const s = svarOf.get(a.id);
    const answer = s?.answer ?? null;
    return {
      anbefalingId: a.id,
      themeId: a.themeId,
      themeName: framework.themes.find((t) => t.id === a.themeId)?.name ?? a.themeId,
      anbefaling: a.text.trim(),
      answer,
      answerLabel: hoeringAnswerText(answer, lng),
      text: s?.text.trim() ?? '',
    };
  });
  return { items, comment, answered: items.filter((i) => i.answer !== null).length, total: items.length };
}

export interface ComparisonRow {
  themeId: string;
  themeName: string;
  shortName: string;
  current: number | null;
  previous: number | null;
  municipal: number | null;
  municipalN: number;
  /** The server withheld the cell (n < 5); absent in versions frozen before the server's figure. */
  municipalSuppressed?: boolean;
}

/** The municipal cell as a reader may see it: frozen n < 5 (also in versions made before the rule) is never shown. */
export function municipalShown(row: Pick<ComparisonRow, 'municipal' | 'municipalN' | 'municipalSuppressed'>): { mean: number; n: number } | 'suppressed' | null {
  if (row.municipalSuppressed || (row.municipalN > 0 && row.municipalN < MIN_CELL_N)) return 'suppressed';
  return row.municipal === null ? null : { mean: row.municipal, n: row.municipalN };
}

/** "vises ikke (n < 5)": the text of a withheld cell, in `lng` (the app's language unless given). */
export function suppressedText(lng?: Language): string {
  return translate('report:model.suppressed', { n: MIN_CELL_N, ...(lng ? { lng } : {}) });
}

/** This inspection's steps beside the institution's previous inspection and the municipal average. */
export function comparisonRows(
  framework: Framework,
  current: readonly ThemeScore[],
  previous: readonly ThemeScore[] | null,
  municipal: Record<string, { mean: number | null; n: number | null; suppressed?: boolean }>,
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
    municipal: municipal[t.id]?.suppressed ? null : (municipal[t.id]?.mean ?? null),
    municipalN: municipal[t.id]?.n ?? 0,
    ...(municipal[t.id]?.suppressed ? { municipalSuppressed: true } : {}),
  }));
}

/**
 * Who took part in the dialogue, as a published report lists them: the dialogue meeting's ledere and
 * staff representatives, else (a visit recorded before the dialogue record) the legacy participants.
 * Reads a frozen snapshot defensively: versions made before issue 12 have no evidence.
 */
export function dialogueParticipantsOf(r: { participants: readonly string[]; evidence?: unknown }): string[] {
  const d = (r.evidence as { dialogue?: { leder?: unknown; staff?: unknown } | null } | undefined)?.dialogue;
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const fromDialogue = d ? [...names(d.leder), ...names(d.staff)] : [];
  return fromDialogue.length > 0 ? fromDialogue : [...r.participants];
}
