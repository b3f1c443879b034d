// The dashboard's reading and computing, in its worker (loaded by dashboardWorker.ts): it opens the
// app's database, follows the summaries with a Dexie liveQuery (it hears the page's writes), keeps
// the index and answers each filter change with the computed figures. The page only renders.
import { liveQuery } from 'dexie';
import { z } from 'zod';
import { computeDashboard, type DashboardIndex } from '../../../shared/dashboard';
import type { Goal } from '../../../shared/goals';
import type { Tilsynsramme } from '../../../shared/tilsynsramme';
import { TilsynDatabase } from '../../db/database';
import { loadDashboardIndex } from '../../db/dashboardRepository';
import { OPENING_KEY } from '../../db/dashboardStores';
import { cacheKey, type CachedDashboard } from './dashboardCache';
import { readGoals, visitMixOf, type DashboardRequest, type DashboardResult, type DashboardTimings } from './dashboardProtocol';

z.config({ jitless: true });

export interface EngineHooks {
  post(m: DashboardResult): void;
  /** The request and data revision the worker has already answered from the stored result, if any. */
  shown(): { request: DashboardRequest; rev: string } | null;
  /** This build's worker, part of the stored result's key. */
  build: string;
  /** What the worker spent before the engine ran (its first module, the engine's load). */
  timings: Pick<DashboardTimings, 'startup' | 'engine'>;
}

export interface Engine {
  request(r: DashboardRequest): void;
  /** The page has painted its first result: storing may begin. */
  painted(): void;
}

/**
 * The opening result is stored once the page has painted and the data has been still this long (a
 * burst of writes, a pull, stores it once, after): storing 4,000 rows costs CPU the page needs to paint.
 */
const STORE_WHEN_STILL_MS = 1500;

/** The engine for `databaseName`; `opening` is the page's first request, whose result is kept for the next start. */
export function startEngine(databaseName: string, hooks: EngineHooks, opening: DashboardRequest): Engine {
  const db = new TilsynDatabase(databaseName);
  let index: DashboardIndex | null = null;
  let rev = '';
  let goals: Goal[] = [];
  let rammer: Tilsynsramme[] = [];
  let request: DashboardRequest | null = null;
  let stored = '';
  let storeTimer: ReturnType<typeof setTimeout> | undefined;
  let pagePainted = false;
  /** The latest opening result, waiting to be stored. */
  let pending: { rev: string; result: CachedDashboard['result'] } | null = null;
  const scheduleStore = () => {
    clearTimeout(storeTimer);
    if (pending && pagePainted) storeTimer = setTimeout(() => pending && store(opening, pending.rev, pending.result), STORE_WHEN_STILL_MS);
  };
  let failure: string | null = null;
  let timings: DashboardTimings = { ...hooks.timings, read: 0, index: 0, compute: 0, cached: false, postedAt: 0 };

  function answer() {
    if (!index || !request) return;
    const shown = hooks.shown();
    // Already on the page from the stored result, computed from this very data.
    if (shown && shown.request === request && shown.rev === rev) return;
    const t0 = performance.now();
    const dashboard = computeDashboard(index, request.filters, request.options);
    const visitMix = visitMixOf(index, request.filters, rammer, request.options.today);
    timings.compute = performance.now() - t0;
    timings.postedAt = performance.timeOrigin + performance.now();
    const result: Extract<DashboardResult, { type: 'result' }> = {
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
    hooks.post(result);
    timings = { startup: 0, engine: 0, read: 0, index: 0, compute: 0, cached: false, postedAt: 0 };
    // The goal cards follow in a message of their own (reading every goal's rounds takes a while at
    // 4,000 institutions); skipped when a newer request or newer data has come in meanwhile.
    const asked = request;
    const from = index;
    const fromRev = rev;
    setTimeout(() => {
      if (request !== asked || index !== from) return;
      const goalReadings = readGoals(goals, from, asked.goalsReadOn);
      hooks.post({ type: 'goals', goalReadings });
      if (asked !== opening) return;
      pending = { rev: fromRev, result: { ...result, goalReadings } };
      scheduleStore();
    }, 0);
  }

  /** Keeps the opening result for the next start (dashboardCache.ts); a failure only costs that. */
  function store(asked: DashboardRequest, fromRev: string, result: CachedDashboard['result']) {
    const key = cacheKey(asked, db.backendDB().version, hooks.build);
    if (stored === fromRev + key) return;
    stored = fromRev + key;
    pending = null;
    db.dashboardResults.put({ id: OPENING_KEY, rev: fromRev, key, result } satisfies CachedDashboard).catch(() => (stored = ''));
  }

  let readStart = 0;
  liveQuery(() => {
    readStart = performance.now();
    return loadDashboardIndex(db);
  }).subscribe({
    next: (data) => {
      // The index is built as the summaries are decoded, inside the read.
      timings.index = data.indexMs;
      timings.read = performance.now() - readStart - data.indexMs;
      index = data.index;
      rev = data.rev;
      goals = data.goals;
      rammer = data.rammer;
      answer();
    },
    error: (err: unknown) => {
      failure = err instanceof Error ? err.message : String(err);
      // Before the page's first request nobody listens yet: the request gets the error.
      if (request) hooks.post({ type: 'error', message: failure });
    },
  });

  return {
    request(r) {
      request = r;
      if (failure) hooks.post({ type: 'error', message: failure });
      else answer();
    },
    painted() {
      pagePainted = true;
      scheduleStore();
    },
  };
}
