import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDashboard, indexDashboardData } from '../../../shared/dashboard';
import { syncOnce } from '../../../shared/sync/clientCore';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDashboardData } from '../../../renderer/db/dashboardRepository';
import { FIRST_REVISION, REVISION_KEY } from '../../../renderer/db/dashboardStores';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { dexieSyncStorage } from '../../../renderer/sync/dexieSyncStorage';
import { cacheKey, readCachedDashboard } from '../../../renderer/features/dashboard/dashboardCache';
import { startEngine } from '../../../renderer/features/dashboard/dashboardEngine';
import type { DashboardRequest, DashboardResult } from '../../../renderer/features/dashboard/dashboardProtocol';
import { ADMIN_PASSWORD, DIALECTS, freshDatabase, injectFetch, login, startApp } from '../server/helpers';

const TODAY = '2026-11-23';
const BUILD = 'test-build';
let db: TilsynDatabase;
let n = 0;
beforeEach(async () => {
  db = new TilsynDatabase(`dashboard-cache-${++n}`);
  await loadDemoData(db);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const revision = async () => (await db.dashboardRevision.get(REVISION_KEY))?.rev ?? FIRST_REVISION;

async function until<T>(what: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the dashboard data revision (renderer/db/dashboardRevision.ts)', () => {
  it('changes with every committed write to a store the dashboard reads, and with nothing else', async () => {
    let before = await revision();
    const changed = async (write: () => Promise<unknown>) => {
      await write();
      const after = await revision();
      const moved = after !== before;
      before = after;
      return moved;
    };
    const score = (await db.themeScores.toCollection().first())!;
    const institution = (await db.institutions.toCollection().first())!;
    expect(await changed(() => db.themeScores.put({ ...score, step: score.step === 1 ? 2 : 1 }))).toBe(true);
    expect(await changed(() => db.institutions.bulkPut([{ ...institution, name: `${institution.name} (ny)` }]))).toBe(true);
    expect(await changed(() => db.inspections.delete('no-such-inspection'))).toBe(true);
    expect(await changed(async () => db.goals.delete((await db.goals.toCollection().primaryKeys())[0]!))).toBe(true);
    expect(await changed(() => db.tilsynsrammer.clear())).toBe(true);
    expect(await changed(() => db.frameworks.toArray().then((f) => db.frameworks.bulkPut(f)))).toBe(true);
    // Stores no figure reads, and reads: the stored result stays good.
    expect(await changed(() => db.meta.put({ key: 'something', value: 1 }))).toBe(false);
    expect(await changed(() => db.fokuspunktNotes.clear())).toBe(false);
    expect(await changed(() => db.transaction('rw', db.themeScores, () => db.themeScores.get(score.id)))).toBe(false);
    // An aborted transaction takes its bump with it.
    await expect(
      changed(() =>
        db.transaction('rw', db.themeScores, async () => {
          await db.themeScores.put({ ...score, step: 4 });
          throw new Error('afbrudt');
        }),
      ),
    ).rejects.toThrow('afbrudt');
    expect(await revision()).toBe(before);
  });

  it('changes when a sync pull writes records', async () => {
    const app = await startApp(await freshDatabase(DIALECTS[0]!), { demo: true } as never);
    const pulled = new TilsynDatabase(`dashboard-cache-pull-${n}`);
    try {
      const token = await login(app, 'admin', ADMIN_PASSWORD);
      expect((await pulled.dashboardRevision.get(REVISION_KEY))?.rev).toBeUndefined();
      const report = await syncOnce(dexieSyncStorage(pulled), injectFetch(() => app, token), 'client-dashboard-cache-1');
      expect(report.ok).toBe(true);
      expect((await pulled.dashboardRevision.get(REVISION_KEY))?.rev).toBeTruthy();
    } finally {
      await app.close();
      pulled.close();
      await pulled.delete();
    }
  });
});

describe('the result the dashboard opens with (dashboardCache.ts, dashboardEngine.ts)', () => {
  const request: DashboardRequest = { databaseName: '', filters: {}, options: { today: TODAY, grouping: 'year' }, goalsReadOn: TODAY };

  it('is computed from the records, stored with its revision, shown only while the data is unchanged, and stored again after a write', async () => {
    const asked = { ...request, databaseName: db.name };
    const posted: DashboardResult[] = [];
    const engine = startEngine(db.name, { post: (m) => posted.push(m), shown: () => null, build: BUILD, timings: { startup: 0, engine: 0 } }, asked);
    engine.request(asked);
    const first = await until(() => posted.find((m) => m.type === 'result'));
    // Nothing is stored before the page has painted (it would take CPU the paint needs).
    await new Promise((r) => setTimeout(r, 1800));
    expect(await readCachedDashboard(db.name)).toBeNull();
    engine.painted();
    const expected = computeDashboard(indexDashboardData(await loadDashboardData(db)), asked.filters, asked.options);
    expect(first.dashboard).toEqual(expected);

    const stored = await until(async () => (await readCachedDashboard(db.name))?.current && readCachedDashboard(db.name));
    expect(stored.cached.key).toBe(cacheKey(asked, stored.schemaVersion, BUILD));
    expect(stored.cached.rev).toBe(await revision());
    expect(stored.cached.result.dashboard).toEqual(expected);
    expect(stored.cached.result.goalReadings).toEqual((posted.find((m) => m.type === 'goals') as Extract<DashboardResult, { type: 'goals' }>).goalReadings);

    // A save (as the page or a pull would write it): the stored result is stale at once, in the same transaction.
    const insp = await startInspection(db, { institutionId: 'DI-01', date: TODAY, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
    await setThemeStep(db, insp.id, 'paedagogisk-organisering', 1);
    expect((await readCachedDashboard(db.name))?.current).toBe(false);
    // The engine hears the write, answers again and stores the new figures.
    const again = await until(async () => (await readCachedDashboard(db.name))?.current && readCachedDashboard(db.name));
    const now = computeDashboard(indexDashboardData(await loadDashboardData(db)), asked.filters, asked.options);
    expect(again.cached.result.dashboard).toEqual(now);
    expect((posted.filter((m) => m.type === 'result').at(-1) as Extract<DashboardResult, { type: 'result' }>).dashboard).toEqual(now);
  });

  it('is not answered again by an engine when the worker already showed it for the same data', async () => {
    const asked = { ...request, databaseName: db.name };
    const posted: DashboardResult[] = [];
    const rev = await revision();
    const engine = startEngine(db.name, { post: (m) => posted.push(m), shown: () => ({ request: asked, rev }), build: BUILD, timings: { startup: 0, engine: 0 } }, asked);
    engine.request(asked);
    // Another request (a filter) is answered: by then the first read is in, and it posted nothing for the first.
    const filtered = { ...asked, filters: { district: 'Nord' } };
    engine.request(filtered);
    await until(() => posted.find((m) => m.type === 'result'));
    expect(posted.filter((m) => m.type === 'result')).toHaveLength(1);
  });

  it('is nothing for a database that does not exist, which the read does not create', async () => {
    expect(await readCachedDashboard('no-such-database')).toBeNull();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('no-such-database');
  });
});
