/// <reference lib="webworker" />
// The dashboard's reading and computing, off the main thread: this worker opens the app's database,
// follows the summaries with a Dexie liveQuery (it hears the page's writes), keeps the index and
// answers each filter change with the computed figures. The page only renders.
import { liveQuery } from 'dexie';
import { z } from 'zod';
import { computeDashboard, indexDashboardData, type DashboardIndex } from '../../../shared/dashboard';
import type { Goal } from '../../../shared/goals';
import { TilsynDatabase } from '../../db/database';
import { loadDashboardData } from '../../db/dashboardRepository';
import { readGoals, type DashboardRequest, type DashboardResult } from './dashboardProtocol';

z.config({ jitless: true });

let index: DashboardIndex | null = null;
let goals: Goal[] = [];
let request: DashboardRequest | null = null;
let db: TilsynDatabase | null = null;

function answer() {
  if (!index || !request) return;
  const result: DashboardResult = {
    type: 'result',
    dashboard: computeDashboard(index, request.filters, request.options),
    years: index.years,
    districts: index.districts,
    institutionTotal: index.institutions.length,
    goals,
    goalReadings: readGoals(goals, index, request.goalsReadOn),
  };
  postMessage(result);
}

addEventListener('message', (e: MessageEvent<DashboardRequest>) => {
  request = e.data;
  if (!db) {
    db = new TilsynDatabase(request.databaseName);
    liveQuery(() => loadDashboardData(db!)).subscribe({
      next: (data) => {
        index = indexDashboardData(data);
        goals = data.goals;
        answer();
      },
      error: (err: unknown) => postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies DashboardResult),
    });
  } else answer();
});
