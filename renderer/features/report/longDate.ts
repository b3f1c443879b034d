import { formatDateTime } from '../../../shared/dates';

/** "3. marts 2025" (English: "3 March 2025"): a report's date in the app's language. `iso` is a date or a timestamp. */
export function longDate(iso: string): string {
  const moment = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso;
  return formatDateTime(moment, /^\d{4}-\d{2}-\d{2}$/.test(iso) ? { dateStyle: 'long', timeZone: 'UTC' } : { dateStyle: 'long' });
}
