/// <reference lib="webworker" />
// The dashboard's reading and computing, off the main thread: this worker opens the app's database,
// follows the summaries with a Dexie liveQuery (it hears the page's writes), keeps the index and
// answers each filter change with the computed figures. The page only renders.
import { liveQuery } from 'dexie';
import { z } from 'zod';
import { computeDashboard, type DashboardIndex } from '../../../shared/dashboard';
import type { Goal } from '../../../shared/goals';
import type { Tilsynsramme } from '../../../shared/tilsynsramme';
import { TilsynDatabase } from '../../db/database';
import { loadDashboardIndex } from '../../db/dashboardRepository';
import { readGoals, visitMixOf, type DashboardOpen, type DashboardRequest, type DashboardResult, type DashboardTimings } from './dashboardProtocol';

z.config({ jitless: true });

let index: DashboardIndex | null = null;
let goals: Goal[] = [];
let rammer: Tilsynsramme[] = [];
let request: DashboardRequest | null = null;
let db: TilsynDatabase | null = null;
let timings: DashboardTimings = { startup: 0, read: 0, index: 0, compute: 0 };

function answer() {
  if (!index || !request) return;
  const t0 = performance.now();
  const dashboard = computeDashboard(index, request.filters, request.options);
  const visitMix = visitMixOf(index, request.filters, rammer, request.options.today);
  timings.compute = performance.now() - t0;
  const result: DashboardResult = {
    type: 'result',
    dashboard,
    timings,
    years: index.years,
    districts: index.districts,
    institutionTotal: index.institutions.length,
    goals,
    goalReadings: {},
    visitMix,
  };
  postMessage(result);
  timings = { startup: 0, read: 0, index: 0, compute: 0 };
  // The goal cards follow in a message of their own (reading every goal's rounds takes a while at
  // 4,000 institutions); skipped when a newer request or newer data has come in meanwhile.
  const asked = request;
  const from = index;
  setTimeout(() => {
    if (request !== asked || index !== from) return;
    postMessage({ type: 'goals', goalReadings: readGoals(goals, from, asked.goalsReadOn) } satisfies DashboardResult);
  }, 0);
}

let failure: string | null = null;

function open(databaseName: string) {
  db = new TilsynDatabase(databaseName);
  timings.startup = performance.now();
  let readStart = 0;
  liveQuery(() => {
    readStart = performance.now();
    return loadDashboardIndex(db!);
  }).subscribe({
    next: (data) => {
      // The index is built as the summaries are decoded, inside the read.
      timings.index = data.indexMs;
      timings.read = performance.now() - readStart - data.indexMs;
      index = data.index;
      goals = data.goals;
      rammer = data.rammer;
      answer();
    },
    error: (err: unknown) => {
      failure = err instanceof Error ? err.message : String(err);
      // Before the page's first request nobody listens yet: the request gets the error.
      if (request) postMessage({ type: 'error', message: failure } satisfies DashboardResult);
    },
  });
}

// The reading starts on 'open' (sent at boot, before the page knows its filters); each request is answered
// as soon as the data is in.
addEventListener('message', (e: MessageEvent<DashboardOpen | DashboardRequest>) => {
  const m = e.data;
  if (m.type === 'open') {
    if (!db) open(m.databaseName);
    return;
  }
  request = m;
  if (!db) open(m.databaseName);
  else if (failure) postMessage({ type: 'error', message: failure } satisfies DashboardResult);
  else answer();
});
