import { z } from 'zod';

/** Calendar dates are ISO strings (YYYY-MM-DD): no time zone can move an inspection to another day. */
export const IsoDateSchema = z
  .string({ error: 'Angiv en dato' })
  .min(1, { error: 'Angiv en dato', abort: true })
  .min(1, { error: 'Angiv en dato', abort: true })
  // abort: a malformed string should get one message, not also "Datoen findes ikke".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Datoen skal skrives som ÅÅÅÅ-MM-DD', abort: true })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: 'Datoen findes ikke',
  });

export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The date `months` calendar months before `iso` (clamped to the month's last day). */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "3. marts 2025", the way Danish reports write dates. */
export function formatDanishDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d}. ${MONTHS[m - 1]} ${y}`;
}

/** A local date and time as the consultant reads it off the clock: "2026-12-01T09:30" (observations, the dialogue). */
export const LocalDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'Skriv tidspunktet som tt:mm' });
