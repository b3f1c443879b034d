import { performance } from 'node:perf_hooks';
import { computeDashboard, indexDashboardData } from '../../shared/dashboard';
import { report, sample } from './support/report';
import { BENCH_TODAY, BENCH_YEARS, syntheticDashboardData } from './support/synthetic';

/*
 * The dashboard's computation alone (shared/dashboard.ts in Node; budget < 20 ms at 40 institutions
 * × 10 years), on synthetic data:
 *   - index + compute: what opening the page costs once the data is read;
 *   - a new filter on the same index: what changing a filter costs.
 * What the user waits for in the app (IndexedDB read + compute + paint) is tests/bench/appDashboard.ts.
 */

function measure(runs: number, warmup: number, fn: () => unknown) {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return sample(times);
}

export function benchCompute(institutionCount: number, runs: number) {
  const data = syntheticDashboardData(institutionCount);
  const filters = [{}, { type: 'integreret' }, { ownership: 'kommunal', fromYear: 2020 }, { district: 'Nord' }];
  let k = 0;
  const cold = measure(runs, 20, () => computeDashboard(indexDashboardData(data), {}, { today: BENCH_TODAY }));
  const index = indexDashboardData(data);
  const warm = measure(runs, 20, () => computeDashboard(index, filters[k++ % filters.length]!, { today: BENCH_TODAY, grouping: k % 2 ? 'round' : 'year' }));
  // Sanity: the synthetic data gives a full dashboard (n per year = institutions).
  const d = computeDashboard(index, {}, { today: BENCH_TODAY });
  if (d.periods.length !== BENCH_YEARS || d.heatMap.length !== institutionCount) throw new Error('syntetiske data gav ikke et fuldt overblik');
  return { inspections: data.inspections.length, scores: data.themeScores.length, cold, warm };
}

export async function runDashboardBench() {
  console.log(`\nOverblik: beregningen alene (shared/dashboard.ts, Node ${process.version}), syntetiske data, ${BENCH_YEARS} år`);
  for (const [count, runs] of [
    [40, 200],
    [400, 50],
    [4000, 9],
  ] as const) {
    const r = benchCompute(count, runs);
    report(`beregning (indeks + beregn), ${count} inst.`, r.cold, count === 40 ? { kind: 'ms', max: 20 } : { kind: 'none' }, `${r.inspections} tilsyn, ${r.scores} temascorer`);
    report(`nyt filter (samme indeks), ${count} inst.`, r.warm, { kind: 'none' });
  }
}

if (process.argv[1] === import.meta.filename) await runDashboardBench();
