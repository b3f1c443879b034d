import { FIRST_REVISION, OPENING_KEY, RESULTS_TABLE, REVISION_KEY, REVISION_TABLE, type StoredDashboardResult } from '../../db/dashboardStores';
import type { DashboardRequest, DashboardResult } from './dashboardProtocol';

/*
 * The dashboard as it last opened, kept with the data revision it was computed from
 * (renderer/db/dashboardRevision.ts): at the next start the worker shows it while the revision is
 * unchanged, before (and without) reading and indexing 4,000 institutions. Read here with the bare
 * IndexedDB API, so the worker's first module needs neither Dexie nor zod; written by the engine.
 */

export interface CachedDashboard extends StoredDashboardResult {
  result: Extract<DashboardResult, { type: 'result' }>;
}

/** The identity of a request's answer: the request, the database's schema version and this build's worker (in its hashed URL: a new app version computes again). */
export function cacheKey(request: DashboardRequest, schemaVersion: number, build: string): string {
  return JSON.stringify([build, schemaVersion, request.databaseName, request.filters, request.options, request.goalsReadOn]);
}

/** The stored result and whether the data has changed since: null when there is none or the database lacks the stores. */
export function readCachedDashboard(databaseName: string): Promise<{ cached: CachedDashboard; current: boolean; schemaVersion: number } | null> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(databaseName);
    } catch {
      return resolve(null);
    }
    // Opened without a version, a missing database would be created (empty, version 1): abort that, the app creates it.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
    req.onsuccess = () => {
      const idb = req.result;
      // Give way at once if the app upgrades or deletes the database.
      idb.onversionchange = () => idb.close();
      const done = (v: { cached: CachedDashboard; current: boolean; schemaVersion: number } | null) => {
        idb.close();
        resolve(v);
      };
      if (!idb.objectStoreNames.contains(RESULTS_TABLE) || !idb.objectStoreNames.contains(REVISION_TABLE)) return done(null);
      try {
        const tx = idb.transaction([RESULTS_TABLE, REVISION_TABLE], 'readonly');
        const cached = tx.objectStore(RESULTS_TABLE).get(OPENING_KEY);
        const revision = tx.objectStore(REVISION_TABLE).get(REVISION_KEY);
        tx.oncomplete = () => {
          const c = cached.result as CachedDashboard | undefined;
          const rev = (revision.result as { rev?: string } | undefined)?.rev ?? FIRST_REVISION;
          done(c ? { cached: c, current: c.rev === rev, schemaVersion: idb.version } : null);
        };
        tx.onerror = () => done(null);
        tx.onabort = () => done(null);
      } catch {
        done(null);
      }
    };
  });
}
