import type { Kysely } from 'kysely';
import { todayIso } from '../../shared/dates';
import type { ThemeAverages } from '../../shared/themeAverages';
import type { Database } from '../db/schema';
import { currentSeq } from '../db/sequence';
import { sumThemeAverages } from './themeAverageSums';

/** Every committed change takes a new sequence number, so the answer can be reused until the next one (and the next day). */
const cache = new WeakMap<Kysely<Database>, { seq: number; day: string; value: ThemeAverages }>();

/**
 * The municipal theme averages over ALL institutions' final inspections. Deliberately not limited to
 * the caller's institutions (a leder needs the municipal average to compare with), which is why the
 * answer holds aggregates only, with small cells suppressed (shared/themeAverages.ts).
 */
export async function municipalThemeAverages(db: Kysely<Database>, now = new Date()): Promise<ThemeAverages> {
  const seq = await currentSeq(db);
  const day = todayIso(now);
  const hit = cache.get(db);
  if (hit && hit.seq === seq && hit.day === day) return hit.value;
  // Summed in SQL, then the shared rule (server/stats/themeAverageSums.ts): the same answer as computeThemeAverages over the loaded rows.
  const value = await sumThemeAverages(db, now.toISOString());
  cache.set(db, { seq, day, value });
  return value;
}
