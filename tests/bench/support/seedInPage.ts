// Bundled by tests/bench/support/appProfile.ts and run on the app's origin: fills the app's own
// database ('tilsyn', through the app's Dexie schema) with a synthetic municipality.
import { TilsynDatabase } from '../../../renderer/db/database';
import { FRAMEWORKS } from '../../../shared/frameworks/v1';
import { DEMO_GOALS } from '../../../shared/goals';
import { syntheticDashboardData } from './synthetic';

async function inChunks<T>(rows: readonly T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let k = 0; k < rows.length; k += size) await write(rows.slice(k, k + size));
}

(window as unknown as { seed: (n: number) => Promise<number> }).seed = async (institutionCount: number) => {
  const db = new TilsynDatabase('tilsyn');
  const data = syntheticDashboardData(institutionCount, { notes: true });
  await db.frameworks.bulkPut([...FRAMEWORKS]);
  await db.goals.bulkPut([...DEMO_GOALS]);
  await db.institutions.bulkPut(data.institutions as never);
  await inChunks(data.inspections, 5000, (c) => db.inspections.bulkPut(c));
  await inChunks(data.themeScores, 10_000, (c) => db.themeScores.bulkPut(c));
  const n = await db.themeScores.count();
  db.close();
  return n;
};
