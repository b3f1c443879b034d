// `npm run bench [-- --only <name>[,<name>…]]`: runs the benchmarks and prints every figure with its
// budget and a verdict (OK / OVER), then one table of all verdicts. Benchmarks measure; they never
// fail a build. Names: save, firstScreen, dashboard, appDashboard, list, firstPull, sync, multiServer, loginFlood, biExport, stats, compression.
import path from 'node:path';
import { printSummary } from './support/report';

const benches: [name: string, file: string, fn: string][] = [
  ['save', 'saveScore.ts', 'runSaveScoreBench'],
  ['firstScreen', 'firstScreen.ts', 'runFirstScreenBench'],
  ['dashboard', 'dashboard.ts', 'runDashboardBench'],
  ['appDashboard', 'appDashboard.ts', 'runAppDashboardBench'],
  ['list', 'appList.ts', 'runAppListBench'],
  ['firstPull', 'appFirstPull.ts', 'runAppFirstPullBench'],
  ['sync', 'sync.ts', 'runSyncBench'],
  ['multiServer', 'multiServer.ts', 'runMultiServerBench'],
  ['loginFlood', 'loginFlood.ts', 'runLoginFloodBench'],
  ['biExport', 'biExport.ts', 'runBiExportBench'],
  ['stats', 'stats.ts', 'runStatsBench'],
  ['compression', 'compression.ts', 'runCompressionBench'],
];

const args = process.argv.slice(2);
const at = args.indexOf('--only');
const only = at >= 0 ? (args[at + 1] ?? '').split(',').filter(Boolean) : null;
if (only) {
  const unknown = only.filter((n) => !benches.some(([name]) => name === n));
  if (unknown.length || only.length === 0) {
    console.error(`Ukendt benchmark: ${unknown.join(', ') || '(intet navn)'}. Vælg blandt: ${benches.map(([n]) => n).join(', ')}`);
    process.exit(2);
  }
}

for (const [name, file, fn] of benches) {
  if (only && !only.includes(name)) continue;
  const mod = (await import(path.resolve(import.meta.dirname, file))) as Record<string, () => Promise<unknown>>;
  await mod[fn]!();
}
printSummary();
