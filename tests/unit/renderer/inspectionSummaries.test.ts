import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDashboard, indexDashboardData } from '../../../shared/dashboard';
import { FRAMEWORKS } from '../../../shared/frameworks/v1';
import { themeScoreId, type ThemeScore } from '../../../shared/inspection';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDashboardData, loadDashboardIndex } from '../../../renderer/db/dashboardRepository';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { ORPHANS, entriesOf, scoresOf, type InspectionSummary } from '../../../renderer/db/inspectionSummaries';
import { setNotAssessed, setThemeNote, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { writeTogether } from '../../../renderer/db/recordStore';

const TODAY = '2026-11-23';
let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`summaries-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await db.delete();
});

/** The summary of one inspection, and the row (institution or ORPHANS) that holds it. */
async function entry(inspectionId: string): Promise<(InspectionSummary & { row: string }) | undefined> {
  for (const row of await db.institutionSummaries.toArray()) {
    const e = entriesOf(row).find((x) => x.id === inspectionId);
    if (e) return { ...e, row: row.id };
  }
  return undefined;
}

/** What the dashboard shows, computed from the full records (notes and all) the way it was before summaries. */
async function fromRecords() {
  const [institutions, inspections, themeScores] = await Promise.all([db.institutions.toArray(), db.inspections.toArray(), db.themeScores.toArray()]);
  return computeDashboard(indexDashboardData({ institutions, inspections, themeScores, frameworks: [...FRAMEWORKS] }), {}, { today: TODAY });
}
/** From the summaries, both ways the app reads them: as records (exports) and as the worker's index built while decoding. */
async function fromSummaries() {
  const viaRecords = computeDashboard(indexDashboardData(await loadDashboardData(db)), {}, { today: TODAY });
  const { index } = await loadDashboardIndex(db);
  expect(computeDashboard(index, {}, { today: TODAY })).toEqual(viaRecords);
  expect(computeDashboard(index, {}, { today: TODAY, grouping: 'round' })).toEqual(computeDashboard(indexDashboardData(await loadDashboardData(db)), {}, { today: TODAY, grouping: 'round' }));
  return viaRecords;
}

describe('the per-inspection summaries the dashboard reads', () => {
  it('give the same dashboard as the records, and carry no notes', async () => {
    const rows = await db.institutionSummaries.toArray();
    expect(rows.map((r) => r.id).sort()).toEqual((await db.institutions.toCollection().primaryKeys()).sort());
    expect(rows.reduce((n, r) => n + r.n.length, 0)).toBe(await db.inspections.count());
    expect(await fromSummaries()).toEqual(await fromRecords());
    const data = await loadDashboardData(db);
    expect(data.themeScores.every((s) => s.note === '')).toBe(true);
  });

  it('follow every save in the same transaction: a step, ikke vurderet, a note, a new inspection', async () => {
    const insp = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
    await setThemeStep(db, insp.id, 'paedagogisk-organisering', 3);
    await setNotAssessed(db, insp.id, 'boernenes-kompetencer', 'Ikke observeret');
    await setThemeNote(db, insp.id, 'paedagogisk-organisering', 'En lang note '.repeat(50));
    const row = (await entry(insp.id))!;
    expect(row.row).toBe('DI-01');
    expect(row.i?.status).toBe('i_gang');
    expect(scoresOf(row)).toEqual([
      { themeId: 'paedagogisk-organisering', step: 3, notAssessed: false, notAssessedReason: '' },
      { themeId: 'boernenes-kompetencer', step: null, notAssessed: true, notAssessedReason: 'Ikke observeret' },
    ]);
    expect(JSON.stringify(row)).not.toContain('En lang note');
    expect(await fromSummaries()).toEqual(await fromRecords());
  });

  it('decode again after a write only the row it changed: the others give the same objects back', async () => {
    const before = (await loadDashboardIndex(db)).index;
    const untouched = before.inspectionsByInstitution.get('DI-02')!;
    const kept = before.inspectionsByInstitution.get('DI-01')!;
    const insp = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
    await setThemeStep(db, insp.id, 'paedagogisk-organisering', 3);
    const after = (await loadDashboardIndex(db)).index;
    expect(after.inspectionsByInstitution.get('DI-02')![0]).toBe(untouched[0]);
    expect(after.inspectionsByInstitution.get('DI-02')).toEqual(untouched);
    expect(after.inspectionsByInstitution.get('DI-01')!.map((i) => i.id).sort()).toEqual([...kept.map((i) => i.id), insp.id].sort());
    expect(after.scoresByInspection.get(insp.id)).toEqual([{ themeId: 'paedagogisk-organisering', step: 3, notAssessed: false, notAssessedReason: '' }]);
    expect(await fromSummaries()).toEqual(await fromRecords());
  });

  it('follow bulk writes, deletes and clearing a table (a pull, a reset)', async () => {
    const inspection = (await db.inspections.where('institutionId').equals('DI-01').first())!;
    const id = inspection.id;
    const scores = await db.themeScores.where('inspectionId').equals(id).toArray();
    expect(scores.length).toBeGreaterThan(1);
    await db.themeScores.bulkPut(scores.map((s) => ({ ...s, step: 1 }) as ThemeScore));
    expect(scoresOf((await entry(id))!).every((s) => s.step === 1)).toBe(true);
    await db.themeScores.delete(themeScoreId(id, scores[0]!.themeId));
    expect(scoresOf((await entry(id))!)).toHaveLength(scores.length - 1);
    await db.inspections.delete(id);
    // Its scores are still in the database: their summary waits under ORPHANS until the inspection comes back.
    expect(await entry(id)).toMatchObject({ row: ORPHANS, i: null });
    await db.inspections.put(inspection);
    expect(await entry(id)).toMatchObject({ row: 'DI-01', i: { status: 'endelig' } });
    expect(scoresOf((await entry(id))!)).toHaveLength(scores.length - 1);
    await db.inspections.delete(id);
    expect(await fromSummaries()).toEqual(await fromRecords());
    await db.transaction('rw', db.inspections, db.themeScores, async () => {
      await db.themeScores.clear();
      await db.inspections.clear();
    });
    expect(await db.institutionSummaries.count()).toBe(0);
  });

  it('follow a page of new inspections and their scores written side by side (a pull), reading no inspection back', async () => {
    // Reads of the inspections store as they reach IndexedDB (below the summaries' middleware).
    const fresh = new TilsynDatabase(`summaries-page-${++n}`);
    let inspectionKeysRead = 0;
    fresh.use({ stack: 'dbcore', name: 'countInspectionReads', level: 0, create: (down) => ({ ...down, table: (name) => {
      const table = down.table(name);
      if (name !== 'inspections') return table;
      return { ...table, getMany: (req) => ((inspectionKeysRead += req.keys.length), table.getMany(req)), get: (req) => ((inspectionKeysRead += 1), table.get(req)) };
    } }) });
    const previous = db;
    db = fresh;
    try {
      await loadDemoData(db);
      const inspections = (await db.inspections.toArray()).slice(0, 3).map((i, k) => ({ ...i, id: `side-om-side-${k}` }));
      const scores = (await db.themeScores.where('inspectionId').equals((await db.inspections.toArray())[0]!.id).toArray()).flatMap((s) => inspections.map((i) => ({ ...s, id: themeScoreId(i.id, s.themeId), inspectionId: i.id }) as ThemeScore));
      inspectionKeysRead = 0;
      await db.transaction('rw', db.inspections, db.themeScores, db.institutionSummaries, () => Promise.all([db.inspections.bulkPut(inspections), db.themeScores.bulkPut(scores)]));
      // The inspections' own write reads what it replaces (3 keys); the scores' summary reads none of them again.
      expect(inspectionKeysRead).toBe(inspections.length);
      for (const i of inspections) expect(await entry(i.id)).toMatchObject({ row: i.institutionId, i: { status: i.status } });
      for (const i of inspections) expect(scoresOf((await entry(i.id))!)).toHaveLength(scores.length / inspections.length);
      expect(await fromSummaries()).toEqual(await fromRecords());
    } finally {
      await fresh.delete();
      db = previous;
    }
  });

  it('are built when a version-4 database is upgraded, keeping its records', async () => {
    const name = `summaries-upgrade-${n}`;
    const old = new Dexie(name);
    old.version(4).stores({ institutions: 'id, name, type, ownership, district', inspections: 'id, institutionId, [institutionId+date], status, date', themeScores: 'id, inspectionId' });
    const all = { institutions: await db.institutions.toArray(), inspections: await db.inspections.toArray(), themeScores: await db.themeScores.toArray() };
    await old.table('institutions').bulkPut(all.institutions);
    await old.table('inspections').bulkPut(all.inspections);
    await old.table('themeScores').bulkPut(all.themeScores);
    old.close();
    const upgraded = new TilsynDatabase(name);
    try {
      expect((await upgraded.institutionSummaries.toArray()).reduce((k, r) => k + r.n.length, 0)).toBe(all.inspections.length);
      expect(await upgraded.themeScores.count()).toBe(all.themeScores.length);
      const d = computeDashboard(indexDashboardData(await loadDashboardData(upgraded)), {}, { today: TODAY });
      expect(d).toEqual(await fromRecords());
    } finally {
      await upgraded.delete();
    }
  });

  it('hands the dashboard goals stored by an older version with the fields they lacked filled in', async () => {
    const [goal] = await db.goals.toArray();
    const { roundMonths: _dropped, ...old } = goal!;
    await db.goals.put(old as typeof goal & object);
    const read = (await loadDashboardData(db)).goals.find((g) => g.id === goal!.id);
    expect(read?.roundMonths).toBe(goal!.roundMonths);
  });
});

describe('summaries under saves made together', () => {
  it('two scores of one institution saved at once in one transaction both reach its row', async () => {
    const insp = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
    await writeTogether(db, ['themeScore'], () => Promise.all([setThemeStep(db, insp.id, 'paedagogisk-organisering', 2), setThemeStep(db, insp.id, 'boernenes-kompetencer', 4)]));
    expect(scoresOf((await entry(insp.id))!).map((s) => [s.themeId, s.step])).toEqual([
      ['paedagogisk-organisering', 2],
      ['boernenes-kompetencer', 4],
    ]);
    expect(await fromSummaries()).toEqual(await fromRecords());
  });

  it('show no score whose write failed, although a save writes its summary beside the record, not after it', async () => {
    const insp = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
    await setThemeStep(db, insp.id, 'paedagogisk-organisering', 2);
    const stored = (await db.themeScores.get(themeScoreId(insp.id, 'paedagogisk-organisering')))!;
    // A put that fails (a value with no valid key), caught by its caller: the transaction commits the rest.
    const failed = await db.transaction('rw', db.themeScores, db.inspections, async () => {
      await db.inspections.get(insp.id);
      return db.themeScores.put({ ...stored, id: { not: 'a key' } as unknown as string, step: 4 }).then(
        () => false,
        () => true,
      );
    });
    expect(failed).toBe(true);
    expect(scoresOf((await entry(insp.id))!).map((s) => [s.themeId, s.step])).toEqual([['paedagogisk-organisering', 2]]);
    expect(await fromSummaries()).toEqual(await fromRecords());
  });
});
