/// <reference lib="webworker" />
// The dashboard's worker. This first module is small on purpose (no Dexie, no zod): it reads the
// result the dashboard last opened with (dashboardCache.ts) and, while the data is unchanged, answers
// the page's first request with it at once. Beside that it loads the engine (dashboardEngine.ts),
// which reads and indexes the data, answers every other request and every change to the data.
import { cacheKey, readCachedDashboard } from './dashboardCache';
import type { DashboardOpen, DashboardRequest, DashboardResult } from './dashboardProtocol';
import type { Engine } from './dashboardEngine';

/** This build's worker (its URL carries the chunk hashes): a stored result from another build is not shown. */
const BUILD = import.meta.url;

let started = false;
let cache: ReturnType<typeof readCachedDashboard> | null = null;
let engine: Promise<Engine> | null = null;
let first: DashboardRequest | null = null;
let latest: DashboardRequest | null = null;
let shown: { request: DashboardRequest; rev: string } | null = null;
let engineAnswered = false;
let failure: string | null = null;
let startupMs = 0;
let cacheMs = 0;

function start(databaseName: string) {
  if (started) return;
  started = true;
  const startup = performance.now();
  startupMs = startup;
  const cacheStart = performance.now();
  cache = readCachedDashboard(databaseName).then((c) => {
    cacheMs = performance.now() - cacheStart;
    return c;
  });
  const engineStart = performance.now();
  engine = import('./dashboardEngine').then((m) =>
    m.startEngine(databaseName, {
      post(m: DashboardResult) {
        if (m.type === 'result') engineAnswered = true;
        postMessage(m);
      },
      shown: () => shown,
      build: BUILD,
      timings: { startup, engine: performance.now() - engineStart },
    }),
  );
  engine.catch((err: unknown) => {
    failure = err instanceof Error ? err.message : String(err);
    if (latest) postMessage({ type: 'error', message: failure } satisfies DashboardResult);
  });
}

/** The page's first request, answered from the stored result when it is still current and for the same request. */
function answerFromCache(request: DashboardRequest) {
  void cache!.then((c) => {
    if (!c || !c.current || engineAnswered || latest !== request) return;
    if (c.cached.key !== cacheKey(request, c.schemaVersion, BUILD)) return;
    shown = { request, rev: c.cached.rev };
    const timings = { startup: startupMs, engine: 0, read: cacheMs, index: 0, compute: 0, cached: true, postedAt: performance.timeOrigin + performance.now() };
    postMessage({ ...c.cached.result, timings } satisfies DashboardResult);
    postMessage({ type: 'goals', goalReadings: c.cached.result.goalReadings } satisfies DashboardResult);
  });
}

// The reading starts on 'open' (sent at boot, before the page knows its filters); each request is
// answered as soon as the data (or the stored result) is in.
addEventListener('message', (e: MessageEvent<DashboardOpen | DashboardRequest>) => {
  const m = e.data;
  start(m.databaseName);
  if (m.type === 'open') return;
  latest = m;
  if (failure) {
    postMessage({ type: 'error', message: failure } satisfies DashboardResult);
    return;
  }
  if (!first) {
    first = m;
    answerFromCache(m);
  }
  void engine!.then((e) => e.request(m));
});
