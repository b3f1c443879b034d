import { z } from 'zod';
import { currentLanguage, currentLocale, intlLocale, msg, type Language } from './i18n/i18n';

/** Calendar dates are ISO strings (YYYY-MM-DD): no time zone can move an inspection to another day. */
export const IsoDateSchema = z
  .string({ error: msg('validation:date.required') })
  .min(1, { error: msg('validation:date.required'), abort: true })
  // abort: a malformed string should get one message, not also "Datoen findes ikke".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: msg('validation:date.iso'), abort: true })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: msg('validation:date.notADate'),
  });

/** A local date and time to the minute, `2026-03-05T09:30` (an observation, a meeting): no time zone, as on the wall clock. */
export const LocalDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: msg('validation:date.time') });

export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * Orders ISO dates (YYYY-MM-DD, or '' for none: first) as their characters do, which is their
 * calendar order. Not localeCompare: that is a collation, dozens of times slower, and the dashboard
 * sorts tens of thousands of dates per goal at 4,000 institutions.
 */
export function compareIsoDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

/** The date `months` calendar months after `iso` (clamped to the month's last day). */
export function monthsAfter(iso: string, months: number): string {
  return monthsBefore(iso, -months);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "3. marts 2025", the way Danish reports write dates: what is published or frozen (a report version, the case file). */
export function formatDanishDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d}. ${MONTHS[m - 1]} ${y}`;
}

/** The ISO date of a date formatDanishDate wrote ("3. marts 2025" → 2025-03-03), or null: a frozen report shown in another language. */
export function parseDanishDate(text: string): string | null {
  const match = /^(\d{1,2})\. ([a-z]+) (\d{4})$/.exec(text.trim());
  const month = match ? MONTHS.indexOf(match[2]!) + 1 : 0;
  if (!match || month === 0) return null;
  return `${match[3]}-${String(month).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

/**
 * A date on a screen, written out, in `lng` (the app's language unless given): "3. marts 2025",
 * "3 March 2025". `value` is an ISO date or a timestamp (then the local day). By Intl, never the
 * browser's or the OS's locale; published documents use formatDanishDate.
 */
export function formatLongDate(value: string, lng: Language = currentLanguage()): string {
  const isoDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(isoDate ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(isoDate ? { dateStyle: 'long', timeZone: 'UTC' } : { dateStyle: 'long' }, intlLocale(lng)).format(date);
}

/**
 * A date in running text on a screen, in the app's language: "3. marts 2025" in Danish (as the
 * reports write it), 03/03/2025 in English. What is published stays formatDanishDate.
 */
export function formatShownDate(iso: string): string {
  return currentLanguage() === 'da' ? formatDanishDate(iso) : formatNumericDate(iso);
}

/** A wall-clock time "13:00" as the app's language writes it: "13.00" in Danish, "13:00" in English. */
export function formatClock(hhmm: string): string {
  return currentLanguage() === 'da' ? hhmm.replace(':', '.') : hhmm;
}

/**
 * 30.06.2021, 30-06-2021 (also 1.6.2021) as an ISO date; in the English UI also 30/06/2021, the way it
 * shows dates there (in Danish a slash is refused: 03/05/2025 may be an American 5 March). ISO and
 * anything else unchanged.
 */
export function danishDateToIso(text: string): string {
  const t = text.trim();
  const danish = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/.exec(t);
  if (danish && (danish[2] !== '/' || currentLanguage() === 'en')) return `${danish[4]}-${danish[3]!.padStart(2, '0')}-${danish[1]!.padStart(2, '0')}`;
  return t;
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** One Intl.DateTimeFormat per locale and style, in the app's language (never the browser's or the OS's). */
function dateFormat(options: Intl.DateTimeFormatOptions, locale: string = currentLocale()): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** "30.06.2021" (English: 30/06/2021): how a date is shown in a field and a table, in the app's language. */
export function formatNumericDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return dateFormat({ day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** A moment (ISO timestamp or Date) in the app's language, e.g. "1. dec. 2026 15.30"; `fallback` for none. */
export function formatDateTime(
  value: string | Date | null | undefined,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
  fallback = '',
): string {
  if (value === null || value === undefined || value === '') return fallback;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? fallback : dateFormat(options).format(date);
}

/**
 * A date typed in a form: dd.mm.åååå (also d.m.åååå, dd-mm-åååå or ISO), stored as ISO. The message
 * tells the person the format they see in the field, not the wire format.
 */
export const DateTextSchema = z
  .string({ error: msg('validation:date.required') })
  .transform(danishDateToIso)
  .pipe(
    z
      .string()
      .min(1, { error: msg('validation:date.required'), abort: true })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: msg('validation:date.format'), abort: true })
      .pipe(IsoDateSchema),
  );
