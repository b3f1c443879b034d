/// <reference lib="webworker" />
// The dashboard's worker. This first module is small on purpose (no Dexie, no zod): it reads the
// result the dashboard last opened with (dashboardCache.ts) and, while the data is unchanged, answers
// the page's first request with it at once. The engine (dashboardEngine.ts), which reads and indexes
// the data and answers every other request and every change to the data, is loaded only when the
// stored result cannot answer: at once when there is none or the data has changed since, else once
// the page has painted the stored result (loading and evaluating its 500 kB, and its read of 4,000
// institutions, would otherwise take the CPU that answer and that paint need).
import { cacheKey, readCachedDashboard } from './dashboardCache';
import type { DashboardOpen, DashboardPainted, DashboardRequest, DashboardResult } from './dashboardProtocol';
import type { Engine } from './dashboardEngine';

/** This build's worker (its URL carries the chunk hashes): a stored result from another build is not shown. */
const BUILD = import.meta.url;

/** After a stored result is shown, the engine starts at the page's paint or this much later, whichever is first. */
const ENGINE_AT_THE_LATEST_MS = 3000;

let databaseName = '';
let startupMs = 0;
let cache: Promise<{ stored: Awaited<ReturnType<typeof readCachedDashboard>>; ms: number }> | null = null;
let engineModule: Promise<{ mod: typeof import('./dashboardEngine'); ms: number }> | null = null;
let engine: Promise<Engine> | null = null;
let first: DashboardRequest | null = null;
let latest: DashboardRequest | null = null;
let shown: { request: DashboardRequest; rev: string } | null = null;
let engineAnswered = false;
let painted = false;

function fail(err: unknown) {
  postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies DashboardResult);
}

function open(name: string) {
  if (cache) return;
  databaseName = name;
  startupMs = performance.now();
  cache = readCachedDashboard(name).then((stored) => {
    // Nothing stored that could be shown: the engine is needed, whatever the page asks.
    if (!stored?.current) loadEngine();
    return { stored, ms: performance.now() - startupMs };
  });
}

/** The engine's module, loaded once; its load time counts from the worker's start. */
function loadEngine() {
  engineModule ??= import('./dashboardEngine').then((mod) => ({ mod, ms: performance.now() - startupMs }));
  return engineModule;
}

/** The engine, started on first need, given the latest request. */
function runEngine() {
  engine ??= loadEngine().then(({ mod, ms }) =>
    mod.startEngine(
      databaseName,
      {
        post(m: DashboardResult) {
          if (m.type === 'result') engineAnswered = true;
          postMessage(m);
        },
        shown: () => shown,
        build: BUILD,
        timings: { startup: startupMs, engine: ms },
      },
      first!,
    ),
  );
  engine.then((e) => {
    e.request(latest!);
    if (painted) e.painted();
  }, fail);
}

/** The page's first request: the stored result when it is still current and for the same request, else the engine at once. */
function answerFirst(request: DashboardRequest) {
  void cache!.then(({ stored, ms }) => {
    const usable = stored && stored.current && stored.cached.key === cacheKey(request, stored.schemaVersion, BUILD);
    if (!usable || engineAnswered || latest !== request) return runEngine();
    shown = { request, rev: stored.cached.rev };
    const timings = { startup: startupMs, engine: 0, read: ms, index: 0, compute: 0, cached: true, postedAt: performance.timeOrigin + performance.now() };
    postMessage({ ...stored.cached.result, timings } satisfies DashboardResult);
    postMessage({ type: 'goals', goalReadings: stored.cached.result.goalReadings } satisfies DashboardResult);
    // Where no paint comes (a tab in the background has no frames), the engine starts anyway: it is what hears writes.
    setTimeout(runEngine, ENGINE_AT_THE_LATEST_MS);
  });
}

// The reading starts on 'open' (sent at boot, before the page knows its filters); each request is
// answered as soon as the stored result or the data is in.
addEventListener('message', (e: MessageEvent<DashboardOpen | DashboardPainted | DashboardRequest>) => {
  const m = e.data;
  open(m.databaseName);
  if (m.type === 'open') return;
  if (m.type === 'painted') {
    painted = true;
    // Started now if it waited for the paint (a stored result shown); else told, so it may store.
    if (engine) void engine.then((e) => e.painted());
    else if (first) runEngine();
    return;
  }
  latest = m;
  if (!first) {
    first = m;
    answerFirst(m);
  } else runEngine();
});
