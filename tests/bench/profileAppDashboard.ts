import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { openProfile } from '../e2e/support/browser';
import { THEME_IDS } from '../../shared/framework';
import { benchScript, seededProfile, startBenchServer } from './support/appProfile';
import { syntheticInstitutionId } from './support/synthetic';
import { FORGET_STORED, PAINTED } from './support/dashboardPage';

/*
 * Where the time of "overblik efter start" (appDashboard.ts) goes, from a Chromium trace of each run
 * (DevTools' own categories: the timeline events and the V8 CPU profiler's samples of every thread,
 * the dashboard worker's included). Not part of `npm run bench`; run it on its own:
 *
 *   npx tsx tests/bench/profileAppDashboard.ts [institutions=4000] [runs=5] [stored|changed|write]
 *
 * stored: reopened unchanged; changed: the first opening after a change; write: one score written in
 * another tab while the dashboard is open. It prints, for the window from navigation (write: from the
 * write) to the painted heat map, each thread's CPU time by kind
 * (script compile, script run, style and layout, paint, GC, …), its script time by chunk, and the
 * heaviest functions, as the median over the runs. TILSYN_PROFILE_TRACE=<file> keeps the last trace
 * (open it in DevTools' Performance panel).
 */

const FIRST_CELL = '[data-testid="heatmap"] tbody tr:first-child td.num';

const CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'loading',
  'toplevel',
  '__metadata',
];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

/** The Tracing domain's events, which playwright-core's CDPSession types do not list. */
interface TracingSession {
  on(event: 'Tracing.dataCollected', listener: (e: { value: TraceEvent[] }) => void): void;
  off(event: 'Tracing.dataCollected', listener: (e: { value: TraceEvent[] }) => void): void;
  once(event: 'Tracing.tracingComplete', listener: () => void): void;
  send(method: string, params?: object): Promise<unknown>;
}

async function traced(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const session = cdp as unknown as TracingSession;
  const events: TraceEvent[] = [];
  const onData = (e: { value: TraceEvent[] }) => events.push(...e.value);
  session.on('Tracing.dataCollected', onData);
  await session.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' } });
  await run();
  const done = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.end');
  await done;
  session.off('Tracing.dataCollected', onData);
  return events;
}

/** What kind of work a timeline event is (the leaf kinds DevTools' summary uses). */
const KIND: Record<string, string> = {
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'V8.CompileCode': 'compile',
  'v8.produceModuleCache': 'compile',
  'v8.produceCache': 'compile',
  CacheScript: 'compile',
  'v8.deserializeOnBackground': 'compile',
  EvaluateScript: 'script',
  'v8.evaluateModule': 'script',
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  'V8.Execute': 'script',
  ParseHTML: 'parse HTML',
  ParseAuthorStyleSheet: 'style',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  'UpdateLayer': 'paint',
  Commit: 'paint',
  MinorGC: 'GC',
  MajorGC: 'GC',
  'V8.GC_SCAVENGER': 'GC',
  'V8.GC_MARK_COMPACTOR': 'GC',
  'BlinkGC.AtomicPhase': 'GC',
};

interface RunProfile {
  painted: number;
  /** thread → kind → ms (the exclusive time of the timeline events in the window). */
  kinds: Map<string, Map<string, number>>;
  /** thread → chunk → ms of CPU profiler samples. */
  chunks: Map<string, Map<string, number>>;
  /** thread → function@chunk → self ms. */
  functions: Map<string, Map<string, number>>;
  marks: Map<string, number>;
}

function add(m: Map<string, Map<string, number>>, a: string, b: string, v: number) {
  let inner = m.get(a);
  if (!inner) m.set(a, (inner = new Map()));
  inner.set(b, (inner.get(b) ?? 0) + v);
}

function analyse(events: TraceEvent[], startMark = 'navigationStart'): RunProfile | null {
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const marks = events.filter((e) => e.cat.includes('blink.user_timing'));
  const nav =
    startMark === 'navigationStart'
      ? (marks.find((e) => e.name === startMark && (e.args?.data as { documentLoaderURL?: string } | undefined)?.documentLoaderURL?.includes('/#/overblik')) ?? marks.find((e) => e.name === startMark))
      : marks.find((e) => e.name === startMark);
  const paintedMark = marks.find((e) => e.name === 'tilsyn:painted' && (!nav || e.ts > nav.ts));
  if (!nav || !paintedMark) return null;
  const from = nav.ts;
  const to = paintedMark.ts;
  // The dashboard's renderer (the writer's tab, a process of its own or not, is counted apart).
  const rendererPid = paintedMark.pid;
  const label = (key: string) => {
    const n = threadName.get(key) ?? key;
    return n === 'CrRendererMain' ? 'page (main thread)' : n.startsWith('DedicatedWorker') ? 'dashboard worker' : n;
  };
  const kinds = new Map<string, Map<string, number>>();
  // Exclusive time of each known kind: nested events of the same thread subtract from their parent.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || e.pid !== rendererPid) continue;
    if (e.ts + e.dur < from || e.ts > to) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key)!.push(e);
  }
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: { e: TraceEvent; kind: string | undefined; child: number }[] = [];
    const close = (until: number) => {
      while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= until) {
        const top = stack.pop()!;
        const start = Math.max(top.e.ts, from);
        const end = Math.min(top.e.ts + top.e.dur!, to);
        const own = Math.max(0, end - start) - top.child;
        const kind = top.kind ?? (stack.length === 0 ? 'other (tasks)' : undefined);
        if (kind) add(kinds, label(key), kind, own / 1000);
        // Time of a kind-less nested event belongs to the nearest ancestor with a kind.
        const parent = stack[stack.length - 1];
        if (parent) parent.child += kind ? Math.max(0, end - start) : Math.max(0, end - start) - own;
      }
    };
    for (const e of list) {
      close(e.ts);
      stack.push({ e, kind: KIND[e.name], child: 0 });
    }
    close(Infinity);
  }
  // CPU profiler samples (Profile + ProfileChunk events, one profile per thread).
  const chunks = new Map<string, Map<string, number>>();
  const functions = new Map<string, Map<string, number>>();
  const profiles = new Map<string, { key: string; start: number; nodes: Map<number, { url: string; fn: string }>; t: number }>();
  for (const e of events) {
    if (e.pid !== rendererPid) continue;
    if (e.name === 'Profile') profiles.set(`${e.pid}:${e.id}`, { key: `${e.pid}:${e.tid}`, start: (e.args?.data as { startTime: number }).startTime, nodes: new Map(), t: (e.args?.data as { startTime: number }).startTime });
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: { id: number; callFrame: { url: string; functionName: string } }[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, { url: n.callFrame.url, fn: n.callFrame.functionName });
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let k = 0; k < samples.length; k++) {
      const before = p.t;
      p.t += deltas[k] ?? 0;
      if (p.t < from || p.t > to) continue;
      const node = p.nodes.get(samples[k]!);
      if (!node || node.fn === '(idle)') continue;
      // The next sample's delta is this one's duration; the previous one's is a fair stand-in.
      const ms = (deltas[k + 1] ?? p.t - before) / 1000;
      const chunk = node.url ? path.basename(node.url.split('?')[0]!).replace(/-[\w-]{8}\.js$/, '.js') : node.fn;
      add(chunks, label(p.key), chunk, ms);
      add(functions, label(p.key), `${node.fn || '(anonymous)'} @ ${chunk}`, ms);
    }
  }
  const markTimes = new Map<string, number>();
  for (const m of marks) if (m.ts >= from && m.ts <= to && m.name.startsWith('tilsyn:')) markTimes.set(m.name, (m.ts - from) / 1000);
  return { painted: (to - from) / 1000, kinds, chunks, functions, marks: markTimes };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
}

function table(runs: RunProfile[], pick: (r: RunProfile) => Map<string, Map<string, number>>, top: number) {
  const threads = new Set(runs.flatMap((r) => [...pick(r).keys()]));
  for (const thread of [...threads].sort()) {
    const keys = new Set(runs.flatMap((r) => [...(pick(r).get(thread)?.keys() ?? [])]));
    const rows = [...keys].map((k) => [k, median(runs.map((r) => pick(r).get(thread)?.get(k) ?? 0))] as const).sort((a, b) => b[1] - a[1]);
    const total = median(runs.map((r) => [...(pick(r).get(thread)?.values() ?? [])].reduce((a, b) => a + b, 0)));
    console.log(`    ${thread}: ${total.toFixed(0)} ms`);
    for (const [k, v] of rows.slice(0, top)) if (v >= 1) console.log(`      ${v.toFixed(0).padStart(6)} ms  ${k}`);
  }
}

const [institutions = 4000, runs = 5] = process.argv.slice(2).map(Number).filter(Boolean);
const mode = process.argv.includes('changed') ? 'changed' : process.argv.includes('write') ? 'write' : 'stored';
const server = await startBenchServer();
const profile = await seededProfile(server, institutions);
try {
  const ctx = await openProfile(profile);
  try {
    await ctx.addInitScript(PAINTED);
    const profiles: RunProfile[] = [];
    let last: TraceEvent[] = [];
    const keep = (p: RunProfile | null, i: number) => {
      if (p) {
        profiles.push(p);
        console.log(`  run ${i}: painted ${p.painted.toFixed(0)} ms after ${mode === 'write' ? 'the write' : 'navigation'}; ${[...p.marks].map(([k, v]) => `${k.replace('tilsyn:', '')} ${v.toFixed(0)}`).join(', ')}`);
      } else console.log(`  run ${i}: no start/paint marks in the trace`);
    };
    if (mode === 'write') {
      const writerPage = await ctx.newPage();
      await writerPage.goto(`${server.url}/api/health`);
      await writerPage.evaluate(await benchScript(path.join(import.meta.dirname, 'support/writeInPage.ts')));
      const page = await ctx.newPage();
      const session = await ctx.newCDPSession(page);
      await page.goto(`${server.url}/#/overblik`);
      await page.bringToFront();
      await page.waitForSelector(FIRST_CELL, { timeout: 600_000 });
      await page.waitForTimeout(5000);
      const scoreId = `syn-${syntheticInstitutionId(1)}-2025:${THEME_IDS[0]}`;
      for (let i = 1; i <= runs; i++) {
        const current = (await page.evaluate(`document.querySelector(${JSON.stringify(FIRST_CELL)}).textContent.trim()`)) as string;
        const notAssessed = current !== 'iv';
        const expected = notAssessed ? 'iv' : '2';
        last = await traced(session, async () => {
          const shown = page.evaluate(`new Promise((resolve) => {
            const check = () => {
              if (document.querySelector(${JSON.stringify(FIRST_CELL)})?.textContent.trim() === ${JSON.stringify(expected)}) requestAnimationFrame(() => setTimeout(() => resolve(performance.mark('tilsyn:painted')), 0));
              else requestAnimationFrame(check);
            };
            check();
          })`);
          await page.evaluate(`performance.mark('tilsyn:write')`);
          await writerPage.evaluate(`window.writeScore(${JSON.stringify(scoreId)}, ${notAssessed})`);
          await shown;
        });
        keep(analyse(last, 'tilsyn:write'), i);
        await page.waitForTimeout(3000);
      }
    } else {
      const page = await ctx.newPage();
      const session = await ctx.newCDPSession(page);
      for (let i = 0; i <= runs; i++) {
        if (mode === 'stored') await page.goto('about:blank');
        else {
          await page.goto(`${server.url}/api/health`);
          await page.evaluate(FORGET_STORED);
        }
        const open = async () => {
          await page.goto(`${server.url}/#/overblik`);
          await page.waitForFunction(() => (window as unknown as { __dashboardPainted?: number }).__dashboardPainted, null, { timeout: 600_000, polling: 50 });
        };
        if (i === 0) await open(); // installs the service worker, fills the HTTP cache, stores the result
        else keep(analyse((last = await traced(session, open))), i);
        await page.waitForTimeout(3000);
      }
    }
    const what = { stored: 'reopened unchanged (stored result)', changed: 'first opening after a change', write: 'after a write in another tab' }[mode];
    console.log(`\n${institutions} institutions, ${what}: painted after ${median(profiles.map((p) => p.painted)).toFixed(0)} ms (median of ${profiles.length})`);
    console.log('  CPU by kind (timeline events, exclusive), median per thread:');
    table(profiles, (r) => r.kinds, 12);
    console.log('  Script CPU by chunk (V8 profiler samples):');
    table(profiles, (r) => r.chunks, 10);
    console.log('  Heaviest functions (self time):');
    table(profiles, (r) => r.functions, 15);
    if (process.env.TILSYN_PROFILE_TRACE) writeFileSync(process.env.TILSYN_PROFILE_TRACE, JSON.stringify({ traceEvents: last }));
  } finally {
    await ctx.close();
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
  await server.stop();
}
