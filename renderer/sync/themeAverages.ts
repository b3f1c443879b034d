import { ThemeAveragesSchema, type ThemeAverages } from '../../shared/themeAverages';
import type { TilsynDatabase } from '../db/database';

/**
 * The municipal theme averages (GET /api/stats/theme-averages), kept in the meta table so a leder's
 * dashboard can compare with them offline. Fetched after every successful sync; a failure keeps the
 * copy there is.
 */
export interface CachedThemeAverages {
  serverUrl: string;
  fetchedAt: string;
  averages: ThemeAverages;
}

const KEY = 'themeAverages';

export async function refreshThemeAverages(db: TilsynDatabase, serverUrl: string, token: string, fetchImpl: typeof fetch = fetch): Promise<CachedThemeAverages | null> {
  const res = await fetchImpl(`${serverUrl}/api/stats/theme-averages`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (!res.ok) return null;
  const parsed = ThemeAveragesSchema.safeParse(await res.json());
  if (!parsed.success) return null;
  const row: CachedThemeAverages = { serverUrl, fetchedAt: new Date().toISOString(), averages: parsed.data };
  await db.meta.put({ key: KEY, value: row });
  return row;
}

/** The stored copy, or null when there is none (never synced) or it cannot be read (an older app's). */
export async function getCachedThemeAverages(db: TilsynDatabase): Promise<CachedThemeAverages | null> {
  const value = (await db.meta.get(KEY))?.value as CachedThemeAverages | undefined;
  if (!value || typeof value.serverUrl !== 'string') return null;
  const parsed = ThemeAveragesSchema.safeParse(value.averages);
  return parsed.success ? { ...value, averages: parsed.data } : null;
}
