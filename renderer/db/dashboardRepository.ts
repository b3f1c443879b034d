import type { DashboardData } from '../../shared/dashboard';
import { FRAMEWORKS } from '../../shared/frameworks/v1';
import type { Goal } from '../../shared/goals';
import type { TilsynDatabase } from './database';

/**
 * Everything the dashboard and the exports compute from, read in one read-only transaction so the
 * figures come from one consistent moment. Frameworks the app ships are included even if the
 * database has not stored them yet (a scale id must always be known to compare it).
 */
export async function loadDashboardData(db: TilsynDatabase): Promise<DashboardData & { goals: Goal[] }> {
  return db.transaction('r', [db.institutions, db.inspections, db.themeScores, db.frameworks, db.goals], async () => {
    const [institutions, inspections, themeScores, stored, goals] = await Promise.all([
      db.institutions.toArray(),
      db.inspections.toArray(),
      db.themeScores.toArray(),
      db.frameworks.toArray(),
      db.goals.toArray(),
    ]);
    const frameworks = new Map(FRAMEWORKS.map((f) => [f.id, f]));
    for (const f of stored) frameworks.set(f.id, f);
    return { institutions, inspections, themeScores, frameworks: [...frameworks.values()], goals };
  });
}
