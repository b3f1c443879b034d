import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DEMO_GOALS } from '../../../shared/goals';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDashboardData } from '../../../renderer/db/dashboardRepository';
import { loadDemoData } from '../../../renderer/db/demoRepository';
import { href, parseRoute } from '../../../renderer/state/router';

describe('Dexie version 2: the goals table', () => {
  it('a database made by version 1 of the app upgrades and keeps its data and unsent changes', async () => {
    const name = 'upgrade-v1-v2';
    const v1 = new Dexie(name);
    // Version 1's schema exactly as the first release shipped it.
    v1.version(1).stores({
      institutions: 'id, name, type, ownership, district',
      frameworks: 'id',
      inspections: 'id, institutionId, [institutionId+date], status, date',
      themeScores: 'id, inspectionId',
      fokuspunktNotes: 'id, inspectionId',
      anerkendelser: 'id, inspectionId',
      anbefalinger: 'id, inspectionId',
      outbox: '++seq, mutationId, [recordType+recordId]',
      meta: 'key',
    });
    await v1.table('institutions').put({ id: 'DI-01', name: 'Agerhønen', type: 'vuggestue', ownership: 'kommunal', children0to2: 36, children3to5: 0, rev: 0 });
    await v1.table('outbox').add({ mutationId: 'm1', recordType: 'themeScore', recordId: 'x', baseRev: 0, fields: { step: 3 }, createdAt: '2026-11-23T08:00:00Z' });
    v1.close();

    const db = new TilsynDatabase(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(2);
    expect(db.tables.map((t) => t.name)).toContain('goals');
    expect((await db.institutions.get('DI-01'))!.name).toBe('Agerhønen');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.goals.count()).toBe(0);
    await db.goals.bulkPut([...DEMO_GOALS]);
    expect((await db.goals.where('themeId').equals('boernenes-kompetencer').first())!.baselineValue).toBe(2.6);
    await db.delete();
  });

  it('loading the demo data seeds the two goals, and the dashboard reads them', async () => {
    const db = new TilsynDatabase('demo-goals');
    await loadDemoData(db);
    await loadDemoData(db); // twice changes nothing
    expect(await db.goals.toArray()).toEqual([...DEMO_GOALS].sort((a, b) => a.id.localeCompare(b.id)));
    const data = await loadDashboardData(db);
    expect(data.goals).toHaveLength(2);
    expect(data.institutions).toHaveLength(40);
    expect(data.frameworks.map((f) => f.id)).toEqual(['v1']);
    await db.delete();
  });
});

describe('routes', () => {
  it('#/overblik and #/import', () => {
    expect(parseRoute('#/overblik')).toEqual({ name: 'dashboard' });
    expect(parseRoute('#/import')).toEqual({ name: 'import' });
    expect(href({ name: 'dashboard' })).toBe('#/overblik');
    expect(href({ name: 'import' })).toBe('#/import');
  });
});
