import { formatLongDate, parseDanishDate } from './dates';
import { DEFAULT_LANGUAGE, type Language } from './i18n/i18n';
import { codeOfDanishLabel, labelIn } from './i18n/labels';
import { INSTITUTION_TYPE_LABELS } from './institution';
import { CONCERN_LEVEL_LABELS, FINDING_TYPE_LABELS, INSTITUTION_ROLE_LABELS, STATUS_LABELS, VERIFICATION_LABELS } from './inspection';
import { formatObservedTime } from './observation';
import { dialogueWhenText, hoeringAnswerText, reportText, visitTypeText } from './reportModel';
import type { ReportSnapshot } from './reportVersion';

/*
 * A frozen report version holds Danish text (it is what was finalised and what is published). A
 * screen in another language shows it with the report's own words in that language: every text the
 * model wrote from a code (title, visit type, status, labels, dates, durations) is written again in
 * `lng`; what people wrote and the municipality's content stay as they are. A text that does not
 * read as the model's Danish (a version frozen by an older app) is left as it was.
 */

/** `snapshot` as a screen in `lng` shows it; Danish: unchanged. */
export function reportInLanguage(snapshot: ReportSnapshot, lng: Language): ReportSnapshot {
  if (lng === DEFAULT_LANGUAGE) return snapshot;
  const danish = (key: string, options?: Record<string, unknown>) => reportText(key, 'da', options);
  const relabel = <C extends string>(table: Readonly<Record<C, string>>, text: string) => {
    const code = codeOfDanishLabel(table, text);
    return code ? labelIn(table, code, lng) : text;
  };
  const date = (text: string) => {
    const iso = parseDanishDate(text);
    return iso ? formatLongDate(iso, lng) : text;
  };
  const unknownUser = danish('unknownUser');
  const person = (name: string) => (name === unknownUser ? reportText('unknownUser', lng) : name);
  const visitType = VISIT_FORMS.find((v) => visitTypeText(v, 'da') === snapshot.visitType);
  const framework = /^(.*) \(version (\S+)\)$/.exec(snapshot.frameworkName);
  const evidence = snapshot.evidence;
  const dialogueAt = evidence?.dialogue ? danishDialogueAt(evidence.dialogue.when) : null;

  return {
    ...snapshot,
    title: snapshot.title === danish('title') ? reportText('title', lng) : snapshot.title,
    institutionType: relabel(INSTITUTION_TYPE_LABELS, snapshot.institutionType),
    date: /^\d{4}-\d{2}-\d{2}$/.test(snapshot.isoDate) ? formatLongDate(snapshot.isoDate, lng) : date(snapshot.date),
    visitType: visitType ? visitTypeText(visitType, lng) : snapshot.visitType,
    consultants: snapshot.consultants.map(person),
    status: relabel(STATUS_LABELS, snapshot.status),
    frameworkName: framework ? reportText('frameworkName', lng, { name: framework[1], version: framework[2] }) : snapshot.frameworkName,
    hoering: snapshot.hoering && {
      ...snapshot.hoering,
      items: snapshot.hoering.items.map((i) => ({ ...i, answerLabel: hoeringAnswerText(i.answer, lng) })),
    },
    ...(snapshot.followUp && {
      followUp: snapshot.followUp.map((f) => ({
        ...f,
        typeLabel: labelIn(FINDING_TYPE_LABELS, f.type, lng),
        owner: relabel(INSTITUTION_ROLE_LABELS, f.owner),
        due: date(f.due),
        verification: relabel(VERIFICATION_LABELS, f.verification),
      })),
    }),
    ...(snapshot.concern !== undefined && { concern: snapshot.concern && { ...snapshot.concern, label: labelIn(CONCERN_LEVEL_LABELS, snapshot.concern.level, lng) } }),
    ...(evidence && {
      evidence: {
        ...evidence,
        observedTime: observedTimeIn(evidence.observedMinutes, evidence.observedTime, lng),
        dialogue: evidence.dialogue && {
          ...evidence.dialogue,
          when: dialogueAt ? dialogueWhenText(dialogueAt, lng) : evidence.dialogue.when,
          consultants: evidence.dialogue.consultants.map(person),
        },
      },
    }),
    previousDate: snapshot.previousDate && date(snapshot.previousDate),
    municipalLabel: snapshot.municipalLabel === danish('municipalLabel') ? reportText('municipalLabel', lng) : snapshot.municipalLabel,
  };
}

const VISIT_FORMS = (['anmeldt', 'uanmeldt'] as const).flatMap((visitType) => (['ordinaer', 'skaerpet'] as const).map((kind) => ({ visitType, kind })));

/** "1. december 2026 kl. 13.00" (dialogueWhenText in Danish) back to `2026-12-01T13:00`, or null. */
function danishDialogueAt(when: string): string | null {
  const match = /^(.+) kl\. (\d{2})\.(\d{2})$/.exec(when);
  const day = match ? parseDanishDate(match[1]!) : null;
  return match && day ? `${day}T${match[2]}:${match[3]}` : null;
}

/** The observed time in `lng` from the minutes frozen beside it. */
function observedTimeIn(minutes: number, frozen: string, lng: Language): string {
  return Number.isInteger(minutes) && minutes >= 0 ? formatObservedTime(minutes, lng) : frozen;
}
