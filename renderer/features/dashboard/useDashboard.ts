import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { computeDashboard, indexDashboardData, type DashboardFilters, type DashboardOptions } from '../../../shared/dashboard';
import { translate } from '../../../shared/i18n/i18n';
import type { TilsynDatabase } from '../../db/database';
import { loadDashboardData } from '../../db/dashboardRepository';
import { startDashboardWorker, takeEarlyDashboardWorker } from './dashboardWorkerStart';
import { readGoals, visitMixOf, type DashboardPainted, type DashboardRequest, type DashboardResult } from './dashboardProtocol';

export type DashboardView = Extract<DashboardResult, { type: 'result' }>;

/**
 * The dashboard's figures for some filters, computed in a Web Worker (dashboardWorker.ts) that reads
 * IndexedDB itself, so neither the read of 4,000 institutions nor a filter change blocks the page.
 * Where a worker cannot start, the same is computed here.
 */
export function useDashboard(db: TilsynDatabase, filters: DashboardFilters, options: DashboardOptions, goalsReadOn: string, enabled: boolean): { view?: DashboardView; error?: string } {
  const canWork = typeof Worker !== 'undefined';
  const worker = useRef<Worker | null>(null);
  const [state, setState] = useState<{ view?: DashboardView; error?: string }>({});
  const request: DashboardRequest = useMemo(() => ({ databaseName: db.name, filters, options, goalsReadOn }), [db.name, filters, options, goalsReadOn]);

  useEffect(() => {
    if (!enabled || !canWork) {
      takeEarlyDashboardWorker(db.name)?.terminate();
      return;
    }
    const w = takeEarlyDashboardWorker(db.name) ?? startDashboardWorker(db.name);
    w.onmessage = (e: MessageEvent<DashboardResult>) => {
      const m = e.data;
      if (m.type === 'result') {
        performance.mark('tilsyn:dashboard-result', { detail: m.timings });
        // The goal readings come right after (type 'goals'): until then the previous ones stay.
        setState((s) => ({ view: { ...m, goalReadings: s.view?.goalReadings ?? {} } }));
      } else if (m.type === 'goals') setState((s) => (s.view ? { view: { ...s.view, goalReadings: m.goalReadings } } : s));
      else setState({ error: m.message });
    };
    w.onerror = (e) => setState({ error: e.message || translate('dashboard:computeFailed') });
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, [enabled, canWork, db.name]);

  useEffect(() => {
    worker.current?.postMessage(request);
  }, [request, enabled]);

  // Tells the worker once the first figures are on screen (after the frame that painted them).
  const painted = useRef(false);
  const shown = !!state.view;
  useEffect(() => {
    if (!shown || painted.current) return;
    painted.current = true;
    const w = worker.current;
    requestAnimationFrame(() => setTimeout(() => w?.postMessage({ type: 'painted', databaseName: db.name } satisfies DashboardPainted), 0));
  }, [shown, db.name]);

  // Without workers: read and compute on this thread.
  const data = useLiveQuery(() => (enabled && !canWork ? loadDashboardData(db) : null), [db, enabled, canWork]);
  const index = useMemo(() => (data ? indexDashboardData(data) : null), [data]);
  const local = useMemo((): DashboardView | undefined => {
    if (!index || !data) return undefined;
    const t0 = performance.now();
    const dashboard = computeDashboard(index, filters, options);
    const timings = { startup: 0, engine: 0, read: 0, index: 0, compute: performance.now() - t0, cached: false, postedAt: 0 };
    return { type: 'result', dashboard, years: index.years, districts: index.districts, institutionTotal: index.institutions.length, goals: data.goals, goalReadings: readGoals(data.goals, index, goalsReadOn), visitMix: visitMixOf(index, filters, data.rammer, options.today), timings };
  }, [index, data, filters, options, goalsReadOn]);
  return canWork ? state : { view: local };
}
