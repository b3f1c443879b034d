import { OverviewSchema, type Overview } from '../../shared/overview';
import type { TilsynDatabase } from '../db/database';
import type { ServerClient } from './serverClient';

/**
 * The Overblik's coverage and heat map as the server computes them (GET /api/stats/overview), kept in
 * the meta table for a konsulent, whose own copy may not hold every record (a first pull still
 * running, a copy behind the server). Fetched after every successful sync; a failure keeps the copy
 * there is, and the Overblik shows it with the time of the server's answer. Forvaltning holds every
 * record and computes the same figures itself; a leder has a dashboard of their own.
 */
export interface CachedOverview {
  serverUrl: string;
  /** Whose answer it is: the lists are within that user's scope. */
  userId: string;
  fetchedAt: string;
  overview: Overview;
}

const KEY = 'overview';

export async function refreshOverview(db: TilsynDatabase, client: ServerClient, user: { id: string; role: string } | null): Promise<CachedOverview | null> {
  if (user?.role !== 'konsulent') return null;
  const overview = await client.get('/api/stats/overview', OverviewSchema).catch(() => null);
  if (!overview) return null;
  const row: CachedOverview = { serverUrl: client.baseUrl, userId: user.id, fetchedAt: new Date().toISOString(), overview };
  await db.meta.put({ key: KEY, value: row });
  return row;
}

/** The stored copy, or null when there is none or it cannot be read (an older app's). */
export async function getCachedOverview(db: TilsynDatabase): Promise<CachedOverview | null> {
  const value = (await db.meta.get(KEY))?.value as CachedOverview | undefined;
  if (!value || typeof value.serverUrl !== 'string' || typeof value.fetchedAt !== 'string' || typeof value.userId !== 'string') return null;
  const parsed = OverviewSchema.safeParse(value.overview);
  return parsed.success ? { ...value, overview: parsed.data } : null;
}
