import { z } from 'zod';
import { LocalDateTimeSchema } from './dates';
import { recordBase } from './recordBase';
import { msg, translate, type Language } from './i18n/i18n';

/**
 * An observation record (dagtilbudsloven § 5 a stk. 5, LAW.md R1.5): what the consultant saw during
 * the visit, written on the spot, the Ballerup way (observe practice for some hours, note as you go).
 * Time, place or group, activity and what was seen; never a child's name (the form refuses what
 * shared/privacy.ts finds, the server flags it for forvaltning).
 *
 * One record per observation, so two consultants on one visit each add theirs without conflicts.
 * Deleting is a tombstone (`deleted`), like the findings.
 */
export const OBSERVATION_TEXT_MAX = 4000;
export const OBSERVATION_MINUTES_DEFAULT = 15;

export const ObservationSchema = z.object({
  ...recordBase,
  inspectionId: z.string().min(1),
  /** When the observation began (local time). */
  observedAt: LocalDateTimeSchema,
  /** How long it lasted; the report sums the observed time from these (overlaps counted once). */
  minutes: z
    .number({ error: msg('validation:observation.minutes') })
    .int({ error: msg('validation:observation.wholeMinutes') })
    .min(1, { error: msg('validation:observation.minMinutes') })
    .max(480, { error: msg('validation:observation.maxMinutes') })
    .default(OBSERVATION_MINUTES_DEFAULT),
  /** Place or group ("Legepladsen", "Vuggestuegruppen Mariehønen"). */
  place: z.string().trim().min(1, { error: msg('validation:observation.place') }).max(200, { error: msg('validation:maxChars', { max: 200 }) }),
  /** The activity observed ("Frokost", "Fri leg"). */
  activity: z.string().trim().max(200, { error: msg('validation:maxChars', { max: 200 }) }).default(''),
  /** What was seen. */
  text: z.string().trim().min(1, { error: msg('validation:observation.text') }).max(OBSERVATION_TEXT_MAX, { error: msg('validation:maxChars', { max: OBSERVATION_TEXT_MAX }) }),
  createdAt: z.string().min(1),
  deleted: z.boolean().default(false),
});
export type Observation = z.infer<typeof ObservationSchema>;

export interface ObservationEvidence {
  /** Observation records that are not deleted. */
  count: number;
  /** The observed time: the union of [observedAt, observedAt + minutes] over the records, in minutes. */
  minutes: number;
}

function startMinute(observedAt: string): number {
  // Local wall-clock time, read as UTC only to count minutes between two readings.
  return Date.parse(`${observedAt}:00Z`) / 60_000;
}

/** How many observations, and how much observed time, an assessment rests on. */
export function observationEvidence(observations: readonly Pick<Observation, 'observedAt' | 'minutes' | 'deleted'>[]): ObservationEvidence {
  const spans = observations
    .filter((o) => !o.deleted)
    .map((o) => [startMinute(o.observedAt), startMinute(o.observedAt) + o.minutes] as const)
    .filter(([a]) => Number.isFinite(a))
    .sort((x, y) => x[0] - y[0]);
  let minutes = 0;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (a >= end) minutes += b - a;
    else if (b > end) minutes += b - end;
    end = Math.max(end, b);
  }
  return { count: observations.filter((o) => !o.deleted).length, minutes };
}

/** "3 timer og 15 minutter", "45 minutter", "2 timer". */
export function formatObservedTime(minutes: number, lng?: Language): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const options = lng ? { lng } : {};
  const mins = translate('inspection:observations.minutes', { ...options, count: m });
  if (h === 0) return mins;
  const hours = translate('inspection:observations.hours', { ...options, count: h });
  return m === 0 ? hours : translate('inspection:observations.hoursAndMinutes', { ...options, hours, minutes: mins });
}
