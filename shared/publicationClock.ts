import { daysBetween, monthsAfter } from './dates';

/**
 * The two-year clock of § 5 stk. 3: every unit's tilsynsrapport is published at least every second
 * year. It runs from the last *publication* (not the visit): the last day is the publication date
 * plus 24 months, and a configurable warning period before it turns the unit "snart".
 */
export const PUBLICATION_INTERVAL_MONTHS = 24;
/** Default warning period before the last day [proposal]; a municipality may set its own. */
export const DEFAULT_WARNING_DAYS = 60;

export type PublicationClockState = 'ok' | 'snart' | 'sidste_frist' | 'overskredet' | 'aldrig';

export interface PublicationClock {
  state: PublicationClockState;
  /** The last day a new report may be published on; null when nothing has been published. */
  dueDate: string | null;
  /** Days from today to the last day (0 on it, negative after); null when nothing has been published. */
  daysLeft: number | null;
}

export function publicationClock(lastPublishedOn: string | null, today: string, warningDays: number = DEFAULT_WARNING_DAYS): PublicationClock {
  if (!lastPublishedOn) return { state: 'aldrig', dueDate: null, daysLeft: null };
  const dueDate = monthsAfter(lastPublishedOn, PUBLICATION_INTERVAL_MONTHS);
  const daysLeft = daysBetween(today, dueDate);
  const state: PublicationClockState = daysLeft < 0 ? 'overskredet' : daysLeft === 0 ? 'sidste_frist' : daysLeft <= warningDays ? 'snart' : 'ok';
  return { state, dueDate, daysLeft };
}

/** The clock needs attention (the dashboard lists these units). */
export function clockNeedsAttention(clock: Pick<PublicationClock, 'state'>): boolean {
  return clock.state !== 'ok';
}

export interface UnitClock extends PublicationClock {
  institutionId: string;
  name: string;
  lastPublishedOn: string | null;
}

/**
 * The clock of every unit: from its latest publication. The units that need attention (snart, last
 * day, overdue, never published) first, the nearest last day first.
 */
export function publicationClocks(
  units: readonly { institutionId: string; name: string }[],
  publications: readonly { institutionId: string; publishedOn: string }[],
  today: string,
  warningDays: number = DEFAULT_WARNING_DAYS,
): UnitClock[] {
  const last = new Map<string, string>();
  for (const p of publications) if ((last.get(p.institutionId) ?? '') < p.publishedOn) last.set(p.institutionId, p.publishedOn);
  const rank = (c: UnitClock) => (clockNeedsAttention(c) ? 0 : 1);
  return units
    .map((u) => {
      const lastPublishedOn = last.get(u.institutionId) ?? null;
      return { ...u, lastPublishedOn, ...publicationClock(lastPublishedOn, today, warningDays) };
    })
    .sort((a, b) => rank(a) - rank(b) || (a.daysLeft ?? -Infinity) - (b.daysLeft ?? -Infinity) || a.name.localeCompare(b.name, 'da'));
}
