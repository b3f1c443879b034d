import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { syncOnce } from '../../../shared/sync/clientCore';
import { TilsynDatabase } from '../../../renderer/db/database';
import { dexieSyncStorage } from '../../../renderer/sync/dexieSyncStorage';
import { ADMIN_PASSWORD, DIALECTS, freshDatabase, injectFetch, login, startApp } from '../server/helpers';

// Regression: a forvaltning's first pull (many records a page) once failed with Dexie's
// "Transaction committed too early", because native promise hops let IndexedDB commit mid-page.
it('the app’s Dexie storage takes a full first pull of the demo municipality in one go', async () => {
  const app = await startApp(await freshDatabase(DIALECTS[0]!), { demo: true } as never);
  const token = await login(app, 'admin', ADMIN_PASSWORD);
  const db = new TilsynDatabase('first-pull');
  const report = await syncOnce(dexieSyncStorage(db), injectFetch(() => app, token), 'client-first-pull-1');
  expect(report.error).toBeUndefined();
  expect(report.ok).toBe(true);
  expect(await db.institutions.count()).toBe(40);
  expect(await db.inspections.count()).toBeGreaterThan(100);
  expect(await db.themeScores.count()).toBe((await db.inspections.count()) * 7);
  // The tilsynsramme's gældende version is cached for offline use (Dexie version 8).
  expect((await db.tilsynsrammer.toArray()).map((r) => [r.version, r.status, r.rules.unannouncedCycleMonths])).toEqual([[1, 'gaeldende', 24]]);
  await app.close();
  await db.delete();
});

// A pulled page's records are looked up by their keys first and only the stored ones are read
// (dexieSyncStorage.ts storedAmong): a record the device holds must still be found, in order, also
// when the page's span of ids holds many other records (then every id is read as before).
it('finds the stored records among a page of mostly new ids, in the order asked', async () => {
  const db = new TilsynDatabase('stored-among');
  const score = (id: string, rev: number) => ({ id, inspectionId: id.split(':')[0]!, themeId: 'leg', step: 2, note: '', rev, updatedAt: '2026-01-01T00:00:00.000Z' });
  await db.themeScores.bulkPut(Array.from({ length: 300 }, (_, k) => score(`i${String(k).padStart(3, '0')}:leg`, k + 1)) as never[]);
  const storage = dexieSyncStorage(db);
  const ask = (ids: string[]) => storage.transaction((tx) => tx.getRecords('themeScore', ids)).then((rows) => rows.map((r) => r?.rev ?? null));
  // Few stored in the span: keys first.
  expect(await ask(['new-b', 'i005:leg', 'i004:lef', 'i004:leg', 'new-a'])).toEqual([null, 6, null, 5, null]);
  // A span holding far more records than asked for: read one by one.
  expect(await ask(['i299:leg', 'i000:leg', 'zzz'])).toEqual([300, 1, null]);
  expect(await ask([])).toEqual([]);
  db.close();
  await db.delete();
});
