import type { DashboardOpen } from './dashboardProtocol';

/*
 * The dashboard worker, started at boot when the app opens on the dashboard (renderer/main.tsx):
 * its module load and its IndexedDB read then run beside the app's own boot (the main bundle, the
 * React render, the lazy dashboard chunk) instead of after it. useDashboard takes it over; if the
 * page turns out not to want it (a leder's dashboard), it is ended there.
 */

let early: { databaseName: string; worker: Worker } | null = null;

/** A new dashboard worker that starts reading `databaseName` at once. */
export function startDashboardWorker(databaseName: string): Worker {
  performance.mark('tilsyn:dashboard-worker');
  const worker = new Worker(new URL('./dashboardWorker.ts', import.meta.url), { type: 'module' });
  worker.postMessage({ type: 'open', databaseName } satisfies DashboardOpen);
  return worker;
}

/** Starts the worker ahead of the page (only once, and only where workers exist). */
export function startDashboardWorkerEarly(databaseName: string) {
  if (early || typeof Worker === 'undefined') return;
  early = { databaseName, worker: startDashboardWorker(databaseName) };
}

/** The worker started early for this database, handed over once (null if none). */
export function takeEarlyDashboardWorker(databaseName: string): Worker | null {
  const w = early;
  early = null;
  if (!w) return null;
  if (w.databaseName === databaseName) return w.worker;
  w.worker.terminate();
  return null;
}
