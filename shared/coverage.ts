import { monthsBefore } from './dates';
import type { Inspection } from './inspection';

/** The law asks for an inspection at least every second year. */
export const DUE_AFTER_MONTHS = 24;

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
