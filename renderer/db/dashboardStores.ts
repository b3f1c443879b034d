/*
 * Names of the dashboard's two stores (Dexie version 20), in a module of their own without imports:
 * the dashboard worker's first module reads them with the bare IndexedDB API (dashboardCache.ts).
 */

/** One row, changed by every write to a store the dashboard reads (dashboardRevision.ts). */
export const REVISION_TABLE = 'dashboardRevision';
export const REVISION_KEY = 'revision';
/** The revision before any tracked write (a database fresh from its upgrade). */
export const FIRST_REVISION = '0';

/** The result the dashboard last opened with, and the revision it was computed from. */
export const RESULTS_TABLE = 'dashboardResults';
export const OPENING_KEY = 'opening';

export interface RevisionRow {
  id: typeof REVISION_KEY;
  rev: string;
}

export interface StoredDashboardResult {
  id: typeof OPENING_KEY;
  /** The data revision the figures were computed from. */
  rev: string;
  /** What they answer (renderer/features/dashboard/dashboardCache.ts cacheKey). */
  key: string;
  result: unknown;
}
