// Bundled by tests/bench/appDashboard.ts: a second tab on the app's origin that changes one score of
// an institution's latest final inspection, as a sync pull or a correction would.
import { TilsynDatabase } from '../../../renderer/db/database';

let db: TilsynDatabase | null = null;

(window as unknown as { writeScore: (scoreId: string, notAssessed: boolean) => Promise<number> }).writeScore = async (scoreId, notAssessed) => {
  db ??= new TilsynDatabase('tilsyn');
  await db.transaction('rw', db.themeScores, async () => {
    const s = (await db!.themeScores.get(scoreId))!;
    await db!.themeScores.put({ ...s, step: notAssessed ? null : 2, notAssessed, notAssessedReason: notAssessed ? 'Bench' : '', updatedAt: new Date().toISOString() });
  });
  // The moment the write committed, on the clock both tabs share.
  return performance.timeOrigin + performance.now();
};
