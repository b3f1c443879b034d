import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { REVISION_KEY } from '../../../renderer/db/dashboardStores';
import { buildSummaries, entriesOf, scoresOf, type InstitutionSummaries } from '../../../renderer/db/inspectionSummaries';
import { setThemeNote, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { OUTBOX_LOCK_KEY } from '../../../renderer/db/recordStore';
import { themeScoreId, type ThemeScore } from '../../../shared/inspection';

/*
 * A theme score's save goes straight to IndexedDB (renderer/db/recordStore.ts saveScore), past Dexie
 * and its middlewares: it must still write everything they would, in one transaction, and tell the
 * live queries.
 */

const TODAY = '2026-11-23';
let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`direct-save-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  await db.delete();
});

const start = (date = '2026-01-05') => startInspection(db, { institutionId: 'DI-01', date, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);

describe('the direct save of a theme score', () => {
  it('keeps the summary row, the revision and the outbox as the general path does', async () => {
    const insp = await start();
    const rev0 = (await db.dashboardRevision.get(REVISION_KEY))?.rev;
    await setThemeStep(db, insp.id, 'leg', 2);
    const rev1 = (await db.dashboardRevision.get(REVISION_KEY))?.rev;
    expect(rev1).not.toBe(rev0);
    await setThemeStep(db, insp.id, 'leg', 3);
    await setThemeNote(db, insp.id, 'leg', 'Legen i gården');
    expect((await db.dashboardRevision.get(REVISION_KEY))?.rev).not.toBe(rev1);
    // Folded into one pending row.
    const rows = await db.outbox.where('[recordType+recordId]').equals(['themeScore', themeScoreId(insp.id, 'leg')]).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields).toMatchObject({ inspectionId: insp.id, themeId: 'leg', step: 3, notAssessed: false, note: 'Legen i gården' });
    // The stored summaries are what the records make.
    const [inspections, scores, stored] = await Promise.all([db.inspections.toArray(), db.themeScores.toArray(), db.institutionSummaries.toArray()]);
    // Entry by entry (the order of entries in a row, and of scores in an entry, is not part of it).
    const flat = (rows: InstitutionSummaries[]) =>
      rows.flatMap((r) => entriesOf(r).map((e) => ({ row: r.id, id: e.id, i: e.i, u: e.u, scores: scoresOf(e).sort((a, b) => a.themeId.localeCompare(b.themeId)) }))).sort((a, b) => a.id.localeCompare(b.id));
    expect(flat(stored)).toEqual(flat(buildSummaries(inspections, scores)));
    const e = entriesOf(stored.find((r) => r.id === 'DI-01')!).find((x) => x.id === insp.id)!;
    expect(scoresOf(e).map((s) => [s.themeId, s.step])).toEqual([['leg', 3]]);
  });

  it('writes a row of its own once the pending row is locked for a push', async () => {
    const insp = await start();
    await setThemeStep(db, insp.id, 'leg', 2);
    const [first] = await scoreRows();
    await db.meta.put({ key: OUTBOX_LOCK_KEY, value: first!.seq });
    await setThemeStep(db, insp.id, 'leg', 4);
    expect((await scoreRows()).map((r) => r.fields.step)).toEqual([2, 4]);
  });

  it('writes nothing when nothing changes', async () => {
    const insp = await start();
    await setThemeStep(db, insp.id, 'leg', 2);
    const rev = (await db.dashboardRevision.get(REVISION_KEY))?.rev;
    await setThemeStep(db, insp.id, 'leg', 2);
    expect((await db.dashboardRevision.get(REVISION_KEY))?.rev).toBe(rev);
    expect(await scoreRows()).toHaveLength(1);
  });

  it('tells a live query of the scores, and one of the outbox', async () => {
    const insp = await start();
    const id = themeScoreId(insp.id, 'leg');
    const seen: (number | null | undefined)[] = [];
    const counts: number[] = [];
    const a = liveQuery(() => db.themeScores.where('inspectionId').equals(insp.id).toArray()).subscribe((s: ThemeScore[]) => seen.push(s.find((x) => x.id === id)?.step));
    const b = liveQuery(() => db.outbox.where('recordType').equals('themeScore').count()).subscribe((c: number) => counts.push(c));
    try {
      await waitFor(() => seen.length > 0 && counts.length > 0);
      await setThemeStep(db, insp.id, 'leg', 3);
      await waitFor(() => seen.at(-1) === 3 && counts.at(-1) === 1);
      await setThemeStep(db, insp.id, 'leg', 1);
      await waitFor(() => seen.at(-1) === 1);
    } finally {
      a.unsubscribe();
      b.unsubscribe();
    }
    expect(seen.at(-1)).toBe(1);
  });

  it('refuses as the judge does, and writes nothing then', async () => {
    const insp = await start();
    await db.inspections.update(insp.id, { status: 'endelig' });
    await expect(setThemeStep(db, insp.id, 'leg', 2)).rejects.toThrow();
    expect(await db.themeScores.get(themeScoreId(insp.id, 'leg'))).toBeUndefined();
    expect(await db.outbox.where('recordType').equals('themeScore').count()).toBe(0);
  });

  it('leaves a planned inspection to the general path, which starts it with the score', async () => {
    const insp = await start('2026-12-24');
    expect(insp.status).toBe('planlagt');
    await setThemeStep(db, insp.id, 'leg', 2);
    expect((await db.inspections.get(insp.id))?.status).toBe('i_gang');
    expect((await db.themeScores.get(themeScoreId(insp.id, 'leg')))?.step).toBe(2);
  });
});

const scoreRows = () => db.outbox.where('recordType').equals('themeScore').sortBy('seq');

async function waitFor(ok: () => boolean) {
  for (let k = 0; k < 200 && !ok(); k++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
}
