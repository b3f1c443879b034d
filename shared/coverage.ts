import { monthsBefore } from './dates';
import type { Inspection } from './inspection';

/** The law asks for an inspection at least every second year. */
export const DUE_AFTER_MONTHS = 24;
/** An institution is "due soon" when its 24 months run out within this many months. */
export const DUE_SOON_MONTHS = 3;

export interface Coverage {
  lastFinalDate: string | null;
  lastInspectionDate: string | null;
  /** No final inspection in the last 24 months. */
  due: boolean;
}

export function coverage(inspections: readonly Pick<Inspection, 'status' | 'date'>[], today: string): Coverage {
  let lastFinalDate: string | null = null;
  let lastInspectionDate: string | null = null;
  for (const i of inspections) {
    if (i.date <= today && (!lastInspectionDate || i.date > lastInspectionDate)) lastInspectionDate = i.date;
    if (i.status === 'endelig' && (!lastFinalDate || i.date > lastFinalDate)) lastFinalDate = i.date;
  }
  const due = lastFinalDate === null || lastFinalDate < monthsBefore(today, DUE_AFTER_MONTHS);
  return { lastFinalDate, lastInspectionDate, due };
}

export type CoverageState = 'overdue' | 'due_soon' | 'covered';

/**
 * An institution's place under the 24-month rule from its latest final inspection (any framework):
 * overdue, due soon (its 24 months run out within DUE_SOON_MONTHS), or covered. The one rule for the
 * dashboard's lists (shared/dashboard.ts) and the server's municipal counts (server/stats/overview.ts).
 */
export function coverageState(lastFinalDate: string | null, today: string): { state: CoverageState; coveredUntil: string | null } {
  const coveredUntil = lastFinalDate ? monthsBefore(lastFinalDate, -DUE_AFTER_MONTHS) : null;
  if (lastFinalDate === null || lastFinalDate < monthsBefore(today, DUE_AFTER_MONTHS)) return { state: 'overdue', coveredUntil };
  return { state: coveredUntil && coveredUntil <= monthsBefore(today, -DUE_SOON_MONTHS) ? 'due_soon' : 'covered', coveredUntil };
}
