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
