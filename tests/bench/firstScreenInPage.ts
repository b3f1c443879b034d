// Bundled by tests/bench/firstScreen.ts: fills the app's own database on its origin with a
// year-2030 municipality (40 institutions, one final inspection a year for 10 years).
import { TilsynDatabase } from '../../renderer/db/database';
import { loadDemoData } from '../../renderer/db/demoRepository';
import { THEME_IDS } from '../../shared/framework';
import type { Anbefaling, Anerkendelse, Inspection, ThemeScore } from '../../shared/inspection';

(window as unknown as { fill2030: () => Promise<number> }).fill2030 = async () => {
  const db = new TilsynDatabase('tilsyn');
  await loadDemoData(db);
  const institutions = await db.institutions.toArray();
  const inspections: Inspection[] = [];
  const scores: ThemeScore[] = [];
  const findings: Anerkendelse[] = [];
  for (const inst of institutions)
    for (let year = 2021; year <= 2030; year++) {
      const id = `bench-${inst.id}-${year}`;
      const date = `${year}-0${1 + (year % 9)}-15`;
      inspections.push({ id, rev: 0, updatedAt: `${date}T12:00:00Z`, institutionId: inst.id, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Bench'], participants: [], status: 'endelig', correctionReason: '' } as Inspection);
      THEME_IDS.forEach((themeId, k) =>
        scores.push({ id: `${id}:${themeId}`, rev: 0, updatedAt: `${date}T12:00:00Z`, inspectionId: id, themeId, step: (((k + year) % 4) + 1) as 1, notAssessed: false, notAssessedReason: '', note: 'Observeret praksis '.repeat(10) }),
      );
      for (let k = 0; k < 2; k++) findings.push({ id: `${id}-f${k}`, rev: 0, updatedAt: `${date}T12:00:00Z`, inspectionId: id, themeId: THEME_IDS[k]!, text: 'En anerkendelse af praksis.', createdAt: `${date}T12:00:00Z`, deleted: false });
    }
  await db.inspections.bulkPut(inspections);
  await db.themeScores.bulkPut(scores);
  await db.anerkendelser.bulkPut(findings);
  await db.anbefalinger.bulkPut(findings.map((f) => ({ ...f, id: `${f.id}-b` }) as Anbefaling));
  const total = await db.inspections.count();
  db.close();
  return total;
};
