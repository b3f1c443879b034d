import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeDashboard, indexDashboardData, type DashboardData } from '../../shared/dashboard';
import { THEME_IDS, type Step } from '../../shared/framework';
import { FRAMEWORKS } from '../../shared/frameworks/v1';
import { SCORE_IMPORT_REQUIRED } from '../../shared/importCsv';
import { INSTITUTION_TYPES, OWNERSHIPS, type Institution } from '../../shared/institution';
import type { Inspection, ThemeScore } from '../../shared/inspection';

/*
 * Dashboard benchmark (budget: 40 institutions × 10 years < 20 ms; 4,000 institutions < 1 s).
 * Synthetic data, deterministic (a seeded PRNG, no clock): every institution has one final
 * inspection a year for ten years with seven theme scores, ~1 % "ikke vurderet", and every tenth
 * institution one planned visit. Prints p50 / p95 over several runs of
 *   - cold: index the raw tables and compute (what opening the page costs), and
 *   - warm: compute again with other filters on the same index (what changing a filter costs),
 * and, when the renderer is built, the time to first render of the dashboard in Chromium.
 */

const TODAY = '2026-11-23';
const YEARS = 10;

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function syntheticDashboardData(institutionCount: number, years = YEARS, seed = 2026): DashboardData {
  const rnd = prng(seed);
  const institutions: Institution[] = [];
  const inspections: Inspection[] = [];
  const themeScores: ThemeScore[] = [];
  const firstYear = 2026 - years;
  for (let k = 1; k <= institutionCount; k++) {
    const id = `SYN-${pad(k, 5)}`;
    institutions.push({
      id,
      name: `Institution ${pad(k, 5)}`,
      type: INSTITUTION_TYPES[k % 3 === 0 ? 2 : k % 3]!,
      ownership: OWNERSHIPS[k % 2]!,
      district: ['Nord', 'Øst', 'Syd', 'Vest'][k % 4]!,
      children0to2: 20,
      children3to5: 40,
      rev: 0,
    });
    let level = 1.5 + rnd() * 2;
    for (let y = firstYear; y < firstYear + years; y++) {
      const date = `${y}-${pad(2 + Math.floor(rnd() * 9))}-${pad(1 + Math.floor(rnd() * 27))}`;
      const iid = `syn-${id}-${y}`;
      const stamp = `${date}T12:00:00.000Z`;
      inspections.push({ id: iid, rev: 0, updatedAt: stamp, institutionId: id, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Bench'], participants: [], status: 'endelig' });
      level = Math.min(3.8, level + 0.05);
      for (const themeId of THEME_IDS) {
        const notAssessed = rnd() < 0.01;
        const step = Math.max(1, Math.min(4, Math.round(level + (rnd() - 0.5) * 1.6))) as Step;
        themeScores.push({
          id: `${iid}:${themeId}`,
          rev: 0,
          updatedAt: stamp,
          inspectionId: iid,
          themeId,
          step: notAssessed ? null : step,
          notAssessed,
          notAssessedReason: notAssessed ? 'Ikke observeret' : '',
          note: '',
        });
      }
    }
    if (k % 10 === 0)
      inspections.push({ id: `syn-${id}-plan`, rev: 0, updatedAt: `${TODAY}T08:00:00.000Z`, institutionId: id, frameworkId: 'v1', visitType: 'uanmeldt', kind: 'ordinaer', date: '2027-03-01', consultants: ['Bench'], participants: [], status: 'planlagt' });
  }
  return { institutions, inspections, themeScores, frameworks: [...FRAMEWORKS] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function measure(runs: number, warmup: number, fn: () => unknown) {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), runs };
}

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;

export interface DashboardBenchResult {
  institutions: number;
  inspections: number;
  scores: number;
  cold: { p50: number; p95: number; runs: number };
  warm: { p50: number; p95: number; runs: number };
  budgetMs: number;
}

export function benchCompute(institutionCount: number, budgetMs: number, runs: number): DashboardBenchResult {
  const data = syntheticDashboardData(institutionCount);
  const filters = [{}, { type: 'integreret' }, { ownership: 'kommunal', fromYear: 2020 }, { district: 'Nord' }];
  let k = 0;
  const cold = measure(runs, 5, () => computeDashboard(indexDashboardData(data), {}, { today: TODAY }));
  const index = indexDashboardData(data);
  const warm = measure(runs, 5, () => computeDashboard(index, filters[k++ % filters.length]!, { today: TODAY, grouping: k % 2 ? 'round' : 'year' }));
  // Sanity: the synthetic data gives a full dashboard (n per year = institutions).
  const d = computeDashboard(index, {}, { today: TODAY });
  if (d.periods.length !== YEARS || d.heatMap.length !== institutionCount) throw new Error('syntetiske data gav ikke et fuldt overblik');
  return { institutions: institutionCount, inspections: data.inspections.length, scores: data.themeScores.length, cold, warm, budgetMs };
}

/** Time from opening #/overblik to the table with the averages, in Chromium, with 40 institutions × 10 years imported through the CSV import. */
export async function benchFirstRender(runs = 5): Promise<{ p50: number; p95: number; runs: number } | null> {
  if (!existsSync(path.resolve(import.meta.dirname, '../../dist/renderer/index.html'))) {
    console.log('  (første visning i Chromium springes over: byg rendereren først med `npx vite build`)');
    return null;
  }
  const { newProfileDir, openProfile } = await import('../e2e/support/browser');
  const { startServer } = await import('../e2e/support/server');
  const { loadDemo } = await import('../e2e/support/app');
  const server = await startServer();
  const ctx = await openProfile(newProfileDir());
  try {
    const page = await ctx.newPage();
    await page.goto(server.url);
    await loadDemo(page);
    // Ten years for the 40 demo institutions: add 2016–2018, 2020, 2022, 2024 through the import page.
    const rnd = prng(7);
    const lines = [SCORE_IMPORT_REQUIRED.join(';')];
    for (let k = 1; k <= 40; k++)
      for (const y of [2016, 2017, 2018, 2020, 2022, 2024])
        lines.push([`DI-${pad(k)}`, `${y}-05-${pad(1 + Math.floor(rnd() * 27))}`, 'anmeldt', 'v1', ...THEME_IDS.map(() => String(1 + Math.floor(rnd() * 4)))].join(';'));
    await page.goto(`${server.url}/#/import`);
    await page.getByLabel('Vælg en CSV-fil').setInputFiles({ name: 'ti-aar.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.getByRole('button', { name: 'Importér', exact: true }).click();
    await page.getByText('nye tilsyn er importeret').waitFor();
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      await page.goto(`${server.url}/#/`);
      await page.getByRole('link', { name: 'Agerhønen' }).waitFor();
      // A string, not a function: tsx would add helpers (__name) that do not exist in the page.
      const t = (await page.evaluate(`new Promise((resolve) => {
        const t0 = performance.now();
        location.hash = '#/overblik';
        (function check() {
          if (document.querySelector('[data-testid="avg-paedagogisk-organisering-2016"]') && document.querySelector('[data-testid="heatmap"]')) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        })();
      })`)) as number;
      if (i > 0) times.push(t); // the first run also loads the lazy chunks
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), runs };
  } finally {
    await ctx.close();
    await server.stop();
  }
}

export async function runDashboardBench() {
  console.log(`\nOverblik: beregning (shared/dashboard.ts, Node ${process.version}), syntetiske data, ${YEARS} år`);
  for (const [count, budget, runs] of [
    [40, 20, 50],
    [4000, 1000, 9],
  ] as const) {
    const r = benchCompute(count, budget, runs);
    console.log(`  ${count} institutioner × ${YEARS} år (${r.inspections} tilsyn, ${r.scores} temascorer), ${runs} kørsler:`);
    console.log(`    indeksering + beregning:  p50 ${ms(r.cold.p50)}  p95 ${ms(r.cold.p95)}  → budget < ${budget} ms ${r.cold.p50 < budget ? 'overholdt' : 'IKKE overholdt'}`);
    console.log(`    nyt filter (samme indeks): p50 ${ms(r.warm.p50)}  p95 ${ms(r.warm.p95)}`);
  }
  const render = await benchFirstRender();
  if (render) console.log(`  første visning af #/overblik i Chromium (40 institutioner × 10 år, tabel og heatmap vist): p50 ${ms(render.p50)}  p95 ${ms(render.p95)} (${render.runs} kørsler)`);
}

if (process.argv[1] === import.meta.filename) await runDashboardBench();
