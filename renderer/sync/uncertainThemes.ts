import { UncertainThemesSchema, type UncertainThemes } from '../../shared/calibration/figuresAccess';
import type { TilsynDatabase } from '../db/database';
import type { ServerClient } from './serverClient';

/**
 * The themes whose agreement the server has flagged (GET /api/kalibrering/usikre-temaer), kept in
 * the meta table so the goals dashboard marks them offline too. Fetched after every successful sync
 * by konsulent and forvaltning (a leder is refused, and never sees agreement figures); a failure
 * keeps the copy there is.
 */
export interface CachedUncertainThemes {
  serverUrl: string;
  fetchedAt: string;
  uncertain: UncertainThemes;
}

const KEY = 'uncertainThemes';

export async function refreshUncertainThemes(db: TilsynDatabase, client: ServerClient, role: string | null): Promise<CachedUncertainThemes | null> {
  if (role === 'leder') {
    await db.meta.delete(KEY);
    return null;
  }
  const uncertain = await client.get('/api/kalibrering/usikre-temaer', UncertainThemesSchema).catch(() => null);
  if (!uncertain) return null;
  const row: CachedUncertainThemes = { serverUrl: client.baseUrl, fetchedAt: new Date().toISOString(), uncertain };
  await db.meta.put({ key: KEY, value: row });
  return row;
}

/** The stored copy, or null (never fetched, or an older app's that does not read). */
export async function getCachedUncertainThemes(db: TilsynDatabase): Promise<CachedUncertainThemes | null> {
  const value = (await db.meta.get(KEY))?.value as CachedUncertainThemes | undefined;
  if (!value || typeof value.serverUrl !== 'string' || typeof value.fetchedAt !== 'string') return null;
  const parsed = UncertainThemesSchema.safeParse(value.uncertain);
  return parsed.success ? { ...value, uncertain: parsed.data } : null;
}
