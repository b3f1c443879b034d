import { THEME_IDS, type Framework, type Step, type ThemeId } from './framework';
import type { Inspection, ThemeScore } from './inspection';

/** What a figure reads of a theme score (the dashboard's index holds only these, not notes or ids). */
export type ScoreFacts = Pick<ThemeScore, 'themeId' | 'step' | 'notAssessed' | 'notAssessedReason'>;

export interface Period {
  /** Inclusive ISO dates. */
  from: string;
  to: string;
}

export interface ThemeStat {
  themeId: ThemeId;
  /** Mean step over the institutions that were assessed; null when n = 0. */
  mean: number | null;
  /** Institutions whose theme got a step (ikke vurderet excluded). */
  n: number;
  /** How many institutions landed on each step: a mean can rise while weak institutions stay weak. */
  counts: Record<Step, number>;
  notAssessed: number;
}

export interface ProfileEntry {
  themeId: ThemeId;
  themeName: string;
  step: Step | null;
  label: string | null;
  notAssessed: boolean;
  notAssessedReason: string;
}

/** One inspection's seven themes, in framework order. */
export function themeProfile(framework: Framework, scores: readonly ThemeScore[]): ProfileEntry[] {
  const byTheme = new Map(scores.map((s) => [s.themeId, s]));
  return framework.themes.map((t) => {
    const s = byTheme.get(t.id);
    const step = s && !s.notAssessed && s.step ? (s.step as Step) : null;
    return {
      themeId: t.id,
      themeName: t.name,
      step,
      label: step ? framework.scale.labels[step - 1]! : null,
      notAssessed: s?.notAssessed ?? false,
      notAssessedReason: s?.notAssessedReason ?? '',
    };
  });
}

/**
 * The one rule for "latest": keeps `i` in `latest` (by institution) when it is later than the one
 * kept, by date and, on the same day, by id, so every figure picks the same inspection whatever
 * the order it reads them in. Callers pass only the inspections that count (final, in period, on scale).
 */
export function keepLatest(latest: Map<string, Inspection>, i: Inspection): void {
  const prev = latest.get(i.institutionId);
  if (!prev || i.date > prev.date || (i.date === prev.date && i.id > prev.id)) latest.set(i.institutionId, i);
}

/**
 * Each institution's latest final inspection dated within the period, among inspections whose
 * framework uses `scaleId` (so incompatible scales are never mixed).
 */
export function latestFinalPerInstitution(
  inspections: Iterable<Inspection>,
  period: Period,
  frameworks: ReadonlyMap<string, Framework>,
  scaleId: string,
  institutionIds?: ReadonlySet<string>,
): Map<string, Inspection> {
  const latest = new Map<string, Inspection>();
  for (const i of inspections) {
    if (i.status !== 'endelig' || i.date < period.from || i.date > period.to) continue;
    if (institutionIds && !institutionIds.has(i.institutionId)) continue;
    if (frameworks.get(i.frameworkId)?.scale.id !== scaleId) continue;
    keepLatest(latest, i);
  }
  return latest;
}

function emptyStat(themeId: ThemeId): ThemeStat {
  return { themeId, mean: null, n: 0, counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, notAssessed: 0 };
}

/** Statistics for every theme over the given inspections (one per institution). */
export function themeStats(
  inspections: Iterable<Inspection>,
  scoresByInspection: ReadonlyMap<string, readonly ScoreFacts[]>,
): Record<ThemeId, ThemeStat> {
  const stats = Object.fromEntries(THEME_IDS.map((t) => [t, emptyStat(t)])) as Record<ThemeId, ThemeStat>;
  const sums = Object.fromEntries(THEME_IDS.map((t) => [t, 0])) as Record<ThemeId, number>;
  for (const insp of inspections) {
    for (const s of scoresByInspection.get(insp.id) ?? []) {
      const stat = stats[s.themeId];
      if (s.notAssessed) stat.notAssessed++;
      else if (s.step) {
        stat.n++;
        stat.counts[s.step as Step]++;
        sums[s.themeId] += s.step;
      }
    }
  }
  for (const t of THEME_IDS) stats[t].mean = stats[t].n ? sums[t] / stats[t].n : null;
  return stats;
}

/** The statistic of one theme over the given inspections (themeStats for a single theme, without the other six). */
export function themeStat(inspections: Iterable<Inspection>, scoresByInspection: ReadonlyMap<string, readonly ScoreFacts[]>, themeId: ThemeId): ThemeStat {
  const stat = emptyStat(themeId);
  let sum = 0;
  for (const insp of inspections) {
    for (const s of scoresByInspection.get(insp.id) ?? []) {
      if (s.themeId !== themeId) continue;
      if (s.notAssessed) stat.notAssessed++;
      else if (s.step) {
        stat.n++;
        stat.counts[s.step as Step]++;
        sum += s.step;
      }
    }
  }
  stat.mean = stat.n ? sum / stat.n : null;
  return stat;
}

/** The municipal average of every theme for a period: latest final inspection per institution, with n and step counts. */
export function periodAverages(
  inspections: Iterable<Inspection>,
  scoresByInspection: ReadonlyMap<string, readonly ScoreFacts[]>,
  period: Period,
  frameworks: ReadonlyMap<string, Framework>,
  scaleId: string,
  institutionIds?: ReadonlySet<string>,
): Record<ThemeId, ThemeStat> {
  const latest = latestFinalPerInstitution(inspections, period, frameworks, scaleId, institutionIds);
  return themeStats(latest.values(), scoresByInspection);
}

export function groupByInspection<T extends { inspectionId: string }>(rows: Iterable<T>): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.inspectionId);
    if (list) list.push(r);
    else map.set(r.inspectionId, [r]);
  }
  return map;
}
