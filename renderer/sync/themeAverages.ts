import { ThemeAveragesSchema, type ThemeAverages } from '../../shared/themeAverages';
import type { TilsynDatabase } from '../db/database';
import type { ServerClient } from './serverClient';

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

export async function refreshThemeAverages(db: TilsynDatabase, client: ServerClient): Promise<CachedThemeAverages | null> {
  const averages = await client.get('/api/stats/theme-averages', ThemeAveragesSchema).catch(() => null);
  if (!averages) return null;
  const row: CachedThemeAverages = { serverUrl: client.baseUrl, fetchedAt: new Date().toISOString(), averages };
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
