import { ReportAverageSchema, type ReportAverage } from '../../shared/reportAverage';
import { frameworkById } from '../../shared/frameworks/v1';
import type { TilsynDatabase } from '../db/database';
import type { ServerClient } from './serverClient';

/*
 * The server's municipal average for each open inspection's report window (GET
 * /api/stats/municipal-average), kept in the meta table with its fetch date, so a report finalised
 * offline (the usual case) freezes the server's figure and never one computed from this device's rows.
 */

export interface CachedReportAverage {
  serverUrl: string;
  fetchedAt: string;
  average: ReportAverage;
}

const PREFIX = 'reportAverage:';
/** A consultant has a handful of open inspections; this only caps a pathological device. */
const MAX_WINDOWS = 100;

const keyOf = (scaleId: string, to: string) => `${PREFIX}${scaleId}:${to}`;

/** The windows this device may need: every inspection not yet final (a visit date and its framework's scale). */
async function openWindows(db: TilsynDatabase): Promise<{ scaleId: string; to: string }[]> {
  const [open, frameworks] = await Promise.all([db.inspections.where('status').noneOf(['endelig']).toArray(), db.frameworks.toArray()]);
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const windows = new Map<string, { scaleId: string; to: string }>();
  for (const i of open) {
    const scaleId = (byId.get(i.frameworkId) ?? frameworkById(i.frameworkId))?.scale.id;
    if (scaleId) windows.set(keyOf(scaleId, i.date), { scaleId, to: i.date });
  }
  return [...windows.values()].sort((a, b) => b.to.localeCompare(a.to)).slice(0, MAX_WINDOWS);
}

/** Fetches the figure of every open window; one that fails keeps the copy there is. Returns how many were stored. */
export async function refreshReportAverages(db: TilsynDatabase, client: ServerClient): Promise<number> {
  let stored = 0;
  for (const w of await openWindows(db)) {
    const query = new URLSearchParams({ to: w.to, scale: w.scaleId });
    const average = await client.get(`/api/stats/municipal-average?${query.toString()}`, ReportAverageSchema).catch(() => null);
    if (!average) continue;
    const row: CachedReportAverage = { serverUrl: client.baseUrl, fetchedAt: new Date().toISOString(), average };
    await db.meta.put({ key: keyOf(w.scaleId, w.to), value: row });
    stored++;
  }
  return stored;
}

/** The last fetched figure for a report window, or null ("ikke hentet"). */
export async function getCachedReportAverage(db: TilsynDatabase, scaleId: string, to: string): Promise<CachedReportAverage | null> {
  const value = (await db.meta.get(keyOf(scaleId, to)))?.value as CachedReportAverage | undefined;
  if (!value || typeof value.fetchedAt !== 'string') return null;
  const parsed = ReportAverageSchema.safeParse(value.average);
  return parsed.success ? { ...value, average: parsed.data } : null;
}
