import { buildDemoData } from '../../shared/demo/demoData';
import { FRAMEWORKS } from '../../shared/frameworks/v1';
import { DEMO_GOALS } from '../../shared/goals';
import type { TilsynDatabase } from './database';

/**
 * Loads the 40 demo institutions with their final inspections 2019–2025 and the two municipal goals. Demo data is history, not
 * the user's own changes, so it writes no outbox rows. Ids are fixed, so loading twice changes nothing.
 */
export async function loadDemoData(db: TilsynDatabase): Promise<void> {
  const demo = buildDemoData();
  await db.transaction(
    'rw',
    [db.institutions, db.frameworks, db.inspections, db.themeScores, db.anerkendelser, db.anbefalinger, db.goals],
    async () => {
      await db.frameworks.bulkPut([...FRAMEWORKS]);
      await db.goals.bulkPut([...DEMO_GOALS]);
      await db.institutions.bulkPut(demo.institutions);
      await db.inspections.bulkPut(demo.inspections);
      await db.themeScores.bulkPut(demo.themeScores);
      await db.anerkendelser.bulkPut(demo.anerkendelser);
      await db.anbefalinger.bulkPut(demo.anbefalinger);
    },
  );
}

export async function hasInstitutions(db: TilsynDatabase): Promise<boolean> {
  return (await db.institutions.count()) > 0;
}
