import { indexGroupedData, type DashboardData, type DashboardIndex } from '../../shared/dashboard';
import type { ScoreFacts } from '../../shared/aggregate';
import { FRAMEWORKS } from '../../shared/frameworks/v1';
import { GoalSchema, type Goal } from '../../shared/goals';
import { TilsynsrammeSchema, type Tilsynsramme } from '../../shared/tilsynsramme';
import type { Inspection, ThemeScore } from '../../shared/inspection';
import { themeScoreId } from '../../shared/inspection';
import type { TilsynDatabase } from './database';
import { FIRST_REVISION, REVISION_KEY } from './dashboardStores';
import { decodeRow, decodeRowGrouped, type InstitutionSummaries } from './inspectionSummaries';
import type { Framework } from '../../shared/framework';
import type { Institution } from '../../shared/institution';

/**
 * A theme score rebuilt from a summary, with what the dashboard and the exports read as its own
 * fields; id, rev and the (left-behind) note come from the prototype, so 280,000 of them stay cheap.
 */
class SummaryThemeScore {
  constructor(
    readonly inspectionId: string,
    readonly themeId: ThemeScore['themeId'],
    readonly step: ThemeScore['step'],
    readonly notAssessed: boolean,
    readonly notAssessedReason: string,
    readonly updatedAt: string,
  ) {}
  get id() {
    return themeScoreId(this.inspectionId, this.themeId);
  }
  get rev() {
    return 0;
  }
  get note() {
    return '';
  }
}

/**
 * Everything the dashboard and the exports compute from, read in one read-only transaction so the
 * figures come from one consistent moment. It reads the compact summaries (one row per institution,
 * renderer/db/inspectionSummaries.ts), never the scores' notes. Frameworks the app ships are
 * included even if the database has not stored them yet (a scale id must always be known to compare it).
 */
export async function loadDashboardData(db: TilsynDatabase): Promise<DashboardData & { goals: Goal[]; rammer: Tilsynsramme[] }> {
  return readAll(db, ({ institutions, rows, frameworks, goals, rammer }) => {
    const inspections: Inspection[] = [];
    const themeScores: ThemeScore[] = [];
    for (const row of rows)
      decodeRow(
        row,
        (i) => inspections.push(i),
        (inspectionId, s, updatedAt) => themeScores.push(new SummaryThemeScore(inspectionId, s.themeId, s.step, s.notAssessed, s.notAssessedReason, updatedAt) as ThemeScore),
      );
    return { institutions, inspections, themeScores, frameworks, goals, rammer };
  });
}

/**
 * The dashboard's index straight from the summaries (the dashboard's worker): loadDashboardData +
 * indexDashboardData without a score object per score on the way (the scores are shared lists, see
 * decodeRowGrouped), for the same figures.
 */
export async function loadDashboardIndex(db: TilsynDatabase): Promise<{
  index: DashboardIndex;
  goals: Goal[];
  rammer: Tilsynsramme[];
  /** Of the time taken, decoding and indexing (the rest is IndexedDB). */
  indexMs: number;
  /** The data revision read with the data (renderer/db/dashboardRevision.ts). */
  rev: string;
}> {
  return readAll(db, ({ institutions, rows, frameworks, goals, rammer, rev }) => {
    const t0 = performance.now();
    const inspections: Inspection[] = [];
    const scoresByInspection = new Map<string, readonly ScoreFacts[]>();
    let scoresUpdatedAt: string | null = null;
    for (const row of rows)
      decodeRowGrouped(row, (id, inspection, scores, updatedAt) => {
        if (inspection) inspections.push(inspection);
        if (scores.length === 0) return;
        scoresByInspection.set(id, scores);
        if (updatedAt && (!scoresUpdatedAt || updatedAt > scoresUpdatedAt)) scoresUpdatedAt = updatedAt;
      });
    const index = indexGroupedData({ institutions, inspections, frameworks, scoresByInspection, scoresUpdatedAt });
    return { index, goals, rammer, indexMs: performance.now() - t0, rev };
  });
}

/** Everything the dashboard reads, in one read-only transaction (one consistent moment), with goals and rammer read through their schemas. */
function readAll<T>(db: TilsynDatabase, build: (read: { institutions: Institution[]; rows: InstitutionSummaries[]; frameworks: Framework[]; goals: Goal[]; rammer: Tilsynsramme[]; rev: string }) => T): Promise<T> {
  return db.transaction('r', [db.institutions, db.institutionSummaries, db.frameworks, db.goals, db.tilsynsrammer, db.dashboardRevision], async () => {
    const [institutions, rows, stored, goals, rammer, revision] = await Promise.all([
      db.institutions.toArray(),
      db.institutionSummaries.toArray(),
      db.frameworks.toArray(),
      db.goals.toArray(),
      db.tilsynsrammer.toArray(),
      db.dashboardRevision.get(REVISION_KEY),
    ]);
    const frameworks = new Map(FRAMEWORKS.map((f) => [f.id, f]));
    for (const f of stored) frameworks.set(f.id, f);
    // Goals stored by an older app version lack newer fields (roundMonths): read them through the schema, which fills its defaults.
    const readable = goals.flatMap((g) => {
      const parsed = GoalSchema.safeParse(g);
      return parsed.success ? [{ ...g, ...parsed.data } as Goal] : [];
    });
    const gaeldende = rammer.flatMap((r) => {
      const parsed = TilsynsrammeSchema.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    });
    return build({ institutions, rows, frameworks: [...frameworks.values()], goals: readable, rammer: gaeldende, rev: revision?.rev ?? FIRST_REVISION });
  });
}
