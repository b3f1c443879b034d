import { themeStats, type ThemeStat } from './aggregate';
import { formatLongDate, monthsBefore } from './dates';
import { DEFAULT_LANGUAGE, translate, type Language } from './i18n/i18n';
import type { Framework } from './framework';
import type { Anbefaling, Anerkendelse, Inspection, ThemeScore } from './inspection';

/**
 * One combined report for a dagpleje (dagtilbudsloven § 5 stk. 3; LAW.md R1.2): the final visits
 * of one reporting round (24 months up to a date) pooled into one result per theme, with the
 * recognitions and recommendations of all visits. The visits to single dagplejere stay internal
 * (Aalborg: reports on individual dagplejere are not public), so the combined report lists no visit
 * by date or home: only how many visits, and how many were unannounced.
 */
export const DAGPLEJE_ROUND_MONTHS = 24;

export interface DagplejeThemeRow extends ThemeStat {
  name: string;
  anerkendelser: string[];
  anbefalinger: string[];
}

export interface DagplejeReport {
  institutionName: string;
  /** Inclusive ISO dates of the round. */
  from: string;
  to: string;
  /** "4. december 2024 – 3. december 2026" (in the language the report was built in) */
  periodLabel: string;
  visits: number;
  unannounced: number;
  rows: DagplejeThemeRow[];
}

export interface DagplejeReportInput {
  institutionName: string;
  /** The dagpleje's inspections (any status: only final ones in the round count). */
  inspections: readonly Inspection[];
  scoresByInspection: ReadonlyMap<string, readonly ThemeScore[]>;
  anerkendelser: readonly Anerkendelse[];
  anbefalinger: readonly Anbefaling[];
  /** The round ends on this date. */
  to: string;
  months?: number;
  /** The language of the report's own text (the screen's); Danish unless given. */
  lng?: Language;
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The combined report, themes in the framework's order; theme texts of deleted or empty findings left out. */
export function buildDagplejeReport(framework: Framework, input: DagplejeReportInput): DagplejeReport {
  const lng = input.lng ?? DEFAULT_LANGUAGE;
  const from = dayAfter(monthsBefore(input.to, input.months ?? DAGPLEJE_ROUND_MONTHS));
  // One framework's visits only: scores on another scale are never pooled (DOMAIN.md, framework versions).
  const visits = input.inspections.filter((i) => i.status === 'endelig' && i.frameworkId === framework.id && i.date >= from && i.date <= input.to);
  const ids = new Set(visits.map((v) => v.id));
  const stats = themeStats(visits, input.scoresByInspection);
  const texts = (list: readonly (Anerkendelse | Anbefaling)[], themeId: string) =>
    list.filter((f) => ids.has(f.inspectionId) && f.themeId === themeId && !f.deleted && f.text.trim() !== '').map((f) => f.text.trim());
  return {
    institutionName: input.institutionName,
    from,
    to: input.to,
    periodLabel: translate('report:model.period', { lng, from: formatLongDate(from, lng), to: formatLongDate(input.to, lng) }),
    visits: visits.length,
    unannounced: visits.filter((v) => v.visitType === 'uanmeldt').length,
    rows: framework.themes.map((t) => ({ ...stats[t.id], name: t.name, anerkendelser: texts(input.anerkendelser, t.id), anbefalinger: texts(input.anbefalinger, t.id) })),
  };
}
