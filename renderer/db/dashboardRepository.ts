import type { DashboardData } from '../../shared/dashboard';
import { FRAMEWORKS } from '../../shared/frameworks/v1';
import type { Goal } from '../../shared/goals';
import type { Inspection, ThemeScore } from '../../shared/inspection';
import { themeScoreId } from '../../shared/inspection';
import type { TilsynDatabase } from './database';
import { inspectionOf, scoresOf } from './inspectionSummaries';

/**
 * Everything the dashboard and the exports compute from, read in one read-only transaction so the
 * figures come from one consistent moment. It reads the compact per-inspection summaries
 * (renderer/db/inspectionSummaries.ts), never the scores' notes. Frameworks the app ships are
 * included even if the database has not stored them yet (a scale id must always be known to compare it).
 */
export async function loadDashboardData(db: TilsynDatabase): Promise<DashboardData & { goals: Goal[] }> {
  return db.transaction('r', [db.institutions, db.inspectionSummaries, db.frameworks, db.goals], async () => {
    const [institutions, summaries, stored, goals] = await Promise.all([
      db.institutions.toArray(),
      db.inspectionSummaries.toArray(),
      db.frameworks.toArray(),
      db.goals.toArray(),
    ]);
    const inspections: Inspection[] = [];
    const themeScores: ThemeScore[] = [];
    for (const row of summaries) {
      const inspection = inspectionOf(row);
      if (inspection) inspections.push(inspection);
      // Rebuilt with everything the dashboard and the exports use; the note is left behind.
      const updatedAt = row.u ?? '';
      for (const s of scoresOf(row)) themeScores.push({ ...s, id: themeScoreId(row.id, s.themeId), rev: 0, updatedAt, inspectionId: row.id, note: '' });
    }
    const frameworks = new Map(FRAMEWORKS.map((f) => [f.id, f]));
    for (const f of stored) frameworks.set(f.id, f);
    return { institutions, inspections, themeScores, frameworks: [...frameworks.values()], goals };
  });
}
