import { z } from 'zod';
import { LocalDateTimeSchema } from './dates';
import { recordBase } from './recordBase';

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
    .number({ error: 'Skriv varigheden i minutter' })
    .int({ error: 'Skriv varigheden i hele minutter' })
    .min(1, { error: 'Mindst 1 minut' })
    .max(480, { error: 'Højst 480 minutter' })
    .default(OBSERVATION_MINUTES_DEFAULT),
  /** Place or group ("Legepladsen", "Vuggestuegruppen Mariehønen"). */
  place: z.string().trim().min(1, { error: 'Skriv sted eller gruppe' }).max(200, { error: 'Højst 200 tegn' }),
  /** The activity observed ("Frokost", "Fri leg"). */
  activity: z.string().trim().max(200, { error: 'Højst 200 tegn' }).default(''),
  /** What was seen. */
  text: z.string().trim().min(1, { error: 'Skriv hvad du så' }).max(OBSERVATION_TEXT_MAX, { error: `Højst ${OBSERVATION_TEXT_MAX} tegn` }),
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
export function formatObservedTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = h === 1 ? '1 time' : `${h} timer`;
  const mins = m === 1 ? '1 minut' : `${m} minutter`;
  if (h === 0) return mins;
  return m === 0 ? hours : `${hours} og ${mins}`;
}
