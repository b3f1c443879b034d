import { monthsBefore } from './dates';
import type { Inspection } from './inspection';

/**
 * Announced and unannounced visits (dagtilbudsloven § 5 a stk. 2; LAW.md R1.7): how many of each
 * an institution had per period, and whether it went a whole cycle of the tilsynsramme
 * (`unannouncedCycleMonths`) without an unannounced one. A visit counts once it has been carried
 * out: any status after planlagt, on or before today. Whether *each* unit must get both kinds is a
 * legal reading to confirm (LAW.md); the warning follows the municipality's own ramme.
 */

export interface VisitMix {
  announced: number;
  unannounced: number;
}

type Visit = Pick<Inspection, 'institutionId' | 'date' | 'status' | 'visitType'>;

function carriedOut(v: Visit, today: string): boolean {
  return v.status !== 'planlagt' && v.date <= today;
}

/** Visits carried out per institution and year ("2025"): announced and unannounced. */
export function visitMixByYear(visits: Iterable<Visit>, today: string): Map<string, Map<string, VisitMix>> {
  const out = new Map<string, Map<string, VisitMix>>();
  for (const v of visits) {
    if (!carriedOut(v, today)) continue;
    let years = out.get(v.institutionId);
    if (!years) out.set(v.institutionId, (years = new Map()));
    const year = v.date.slice(0, 4);
    const mix = years.get(year) ?? { announced: 0, unannounced: 0 };
    if (v.visitType === 'uanmeldt') mix.unannounced++;
    else mix.announced++;
    years.set(year, mix);
  }
  return out;
}

export interface UnannouncedWarning {
  institutionId: string;
  /** The latest unannounced visit carried out, or null when there has been none. */
  lastUnannounced: string | null;
  /** The cycle began the day after this date. */
  since: string;
}

/**
 * Institutions without an unannounced visit carried out in the last `cycleMonths` months up to
 * `today` (the window (today − cycle, today]), with their latest one if any. Sorted by id.
 */
export function unannouncedWarnings(institutionIds: Iterable<string>, visits: Iterable<Visit>, cycleMonths: number, today: string): UnannouncedWarning[] {
  const since = monthsBefore(today, cycleMonths);
  const last = new Map<string, string>();
  for (const v of visits) {
    if (v.visitType !== 'uanmeldt' || !carriedOut(v, today)) continue;
    const seen = last.get(v.institutionId);
    if (!seen || v.date > seen) last.set(v.institutionId, v.date);
  }
  const out: UnannouncedWarning[] = [];
  for (const id of institutionIds) {
    const l = last.get(id) ?? null;
    if (l === null || l <= since) out.push({ institutionId: id, lastUnannounced: l, since });
  }
  return out.sort((a, b) => a.institutionId.localeCompare(b.institutionId));
}

export interface VisitMixRow extends VisitMix {
  institutionId: string;
  name: string;
}

/** The dashboard's figure: the mix per year over the institutions shown, and who lacks an unannounced visit in the cycle. */
export interface VisitMixOverview {
  /** The ramme's cycle (months) and the version it comes from; null: no gældende ramme, the default is used. */
  cycleMonths: number;
  rammeId: string | null;
  years: (VisitMix & { year: string })[];
  /** Per institution, the visits in the chosen years (all years when open). */
  rows: VisitMixRow[];
  warnings: (UnannouncedWarning & { name: string })[];
}

/**
 * The whole figure for the institutions that pass the dashboard's filters, in one pass each.
 * `fromYear`/`toYear` limit the mix (not the warning, which is about the cycle up to today).
 */
export function visitMixOverview(input: {
  institutions: readonly { id: string; name: string }[];
  visitsOf: (institutionId: string) => readonly Visit[];
  cycle: { months: number; rammeId: string | null };
  today: string;
  fromYear?: number | null;
  toYear?: number | null;
}): VisitMixOverview {
  const from = input.fromYear ? String(input.fromYear) : '0000';
  const to = input.toYear ? String(input.toYear) : '9999';
  const years = new Map<string, VisitMix>();
  const rows: VisitMixRow[] = [];
  const all: Visit[] = [];
  for (const inst of input.institutions) {
    const visits = input.visitsOf(inst.id);
    all.push(...visits);
    const row: VisitMixRow = { institutionId: inst.id, name: inst.name, announced: 0, unannounced: 0 };
    for (const [year, mix] of visitMixByYear(visits, input.today).get(inst.id) ?? []) {
      if (year < from || year > to) continue;
      row.announced += mix.announced;
      row.unannounced += mix.unannounced;
      const y = years.get(year) ?? { announced: 0, unannounced: 0 };
      y.announced += mix.announced;
      y.unannounced += mix.unannounced;
      years.set(year, y);
    }
    rows.push(row);
  }
  const names = new Map(input.institutions.map((i) => [i.id, i.name]));
  return {
    cycleMonths: input.cycle.months,
    rammeId: input.cycle.rammeId,
    years: [...years].sort(([a], [b]) => a.localeCompare(b)).map(([year, m]) => ({ year, ...m })),
    rows,
    warnings: unannouncedWarnings(names.keys(), all, input.cycle.months, input.today).map((w) => ({ ...w, name: names.get(w.institutionId) ?? w.institutionId })),
  };
}
