// `npm run bench`: runs every benchmark and prints its figures. Benchmarks measure; they never fail a build.
import { existsSync } from 'node:fs';
import path from 'node:path';

const benches: [file: string, fn: string][] = [
  ['saveScore.ts', 'runSaveScoreBench'],
  ['firstScreen.ts', 'runFirstScreenBench'],
  ['dashboard.ts', 'runDashboardBench'],
  ['sync.ts', 'runSyncBench'],
];

for (const [file, fn] of benches) {
  const full = path.resolve(import.meta.dirname, file);
  if (!existsSync(full)) continue;
  const mod = (await import(full)) as Record<string, () => Promise<unknown>>;
  await mod[fn]!();
}
