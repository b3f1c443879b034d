import type { Kysely } from 'kysely';
import { groupByInspection } from '../../shared/aggregate';
import { computeReportAverage, reportWindow, type ReportAverage } from '../../shared/reportAverage';
import type { Database } from '../db/schema';
import { loadScoreData } from '../export/scoreData';
import { ALL_RECORDS } from '../sync/visibility';

/**
 * The municipal average for a report's window (the 24 months up to `to`) over ALL institutions'
 * final inspections on the scale. Forvaltning sees every cell; everyone else gets cells with
 * n < 5 suppressed, so a leder cannot work out another institution's step from a small cell.
 */
export async function municipalReportAverage(db: Kysely<Database>, q: { to: string; scale: string; forvaltning: boolean }, now = new Date()): Promise<ReportAverage> {
  const window = reportWindow(q.to);
  const data = await loadScoreData(db, ALL_RECORDS, { onlyFinal: true, from: window.from, to: window.to });
  return computeReportAverage(
    { inspections: data.inspections, themeScores: groupByInspection(data.themeScores), frameworks: new Map(data.frameworks.map((f) => [f.id, f])) },
    { to: q.to, scaleId: q.scale, generatedAt: now.toISOString(), suppressSmall: !q.forvaltning },
  );
}
