import { expect, it } from 'vitest';
import { goalsForScale } from '../../../shared/dashboard';
import { DEMO_GOALS, type Goal } from '../../../shared/goals';
import { seedGoals } from '../../../server/admin/goals';
import { syncOnce } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import { api, describeDialects, injectFetch, pullAll, useServer } from './helpers';

const GOAL = {
  id: 'maal-leg',
  themeId: 'leg',
  title: 'Hæve den gennemsnitlige score på leg fra 2,5 til 3,0',
  baselineValue: 2.5,
  baselineYear: 2023,
  targetValue: 3,
  targetYear: 2027,
};

async function goalSeq(s: { app: { tilsyn: { db: import('kysely').Kysely<import('../../../server/db/schema').Database> } } }, id: string): Promise<number> {
  const row = await s.app.tilsyn.db.selectFrom('goals').select('seq').where('id', '=', id).executeTakeFirstOrThrow();
  return Number(row.seq);
}

describeDialects('goals as data on the server', (d) => {
  const s = useServer(d, {}, { world: true });

  it('forvaltning creates a goal; every user reads the same list', async () => {
    const admin = api(s.app, s.world.admin);
    const res = await admin.post('/api/admin/goals', GOAL);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ...GOAL, rev: 1, retired: false, roundMonths: 24, coverage: { minShare: 0.5, minN: 5 }, scaleId: 'tilsyn-4-trin' });
    for (const token of [s.world.admin, s.world.konsulentA, s.world.lederB]) {
      const list = await api(s.app, token).get('/api/goals');
      expect(list.statusCode).toBe(200);
      expect(list.json().goals.map((g: Goal) => g.id)).toEqual(['maal-leg']);
    }
    expect((await admin.post('/api/admin/goals', GOAL)).json().error).toBe('Målet maal-leg findes allerede');
    const audit = (await admin.get('/api/admin/audit?action=goal.created')).json();
    expect(audit.entries).toHaveLength(1);
  });

  it('only forvaltning may create or change goals', async () => {
    await api(s.app, s.world.admin).post('/api/admin/goals', GOAL);
    for (const token of [s.world.konsulentA, s.world.lederA]) {
      expect((await api(s.app, token).post('/api/admin/goals', { ...GOAL, id: 'andet' })).statusCode).toBe(403);
      expect((await api(s.app, token).patch('/api/admin/goals/maal-leg', { retired: true })).statusCode).toBe(403);
    }
    expect((await api(s.app).get('/api/goals')).statusCode).toBe(401);
  });

  it('refuses an invalid goal in Danish', async () => {
    const admin = api(s.app, s.world.admin);
    const bad = await admin.post('/api/admin/goals', { ...GOAL, targetYear: 2020 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('Ugyldigt mål: targetYear: Målåret skal ligge efter baselineåret');
    const off = await admin.post('/api/admin/goals', { ...GOAL, targetValue: 5 });
    expect(off.json().error).toContain('Værdien skal være mellem 1 og 4');
  });

  it('edits keep the fields not sent; retiring keeps the goal (hidden on the dashboard); every change takes a new sequence number', async () => {
    const admin = api(s.app, s.world.admin);
    await admin.post('/api/admin/goals', { ...GOAL, coverage: { minShare: 0.8, minN: 10 } });
    const seq1 = await goalSeq(s, 'maal-leg');
    const edited = await admin.patch('/api/admin/goals/maal-leg', { title: 'Leg: fra 2,5 til 3,1', targetValue: 3.1 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Leg: fra 2,5 til 3,1', targetValue: 3.1, coverage: { minShare: 0.8, minN: 10 }, retired: false, rev: 2 });
    const seq2 = await goalSeq(s, 'maal-leg');
    expect(seq2).toBeGreaterThan(seq1);
    const retired = await admin.patch('/api/admin/goals/maal-leg', { retired: true });
    expect(retired.json()).toMatchObject({ retired: true, rev: 3, coverage: { minShare: 0.8, minN: 10 } });
    const goals: Goal[] = (await admin.get('/api/goals')).json().goals;
    expect(goals).toHaveLength(1);
    expect(goalsForScale(goals, 'tilsyn-4-trin')).toEqual([]);
    // The whole goal is checked after the patch.
    const backwards = await admin.patch('/api/admin/goals/maal-leg', { baselineYear: 2030 });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toBe('Ugyldigt mål: targetYear: Målåret skal ligge efter baselineåret');
    expect((await admin.patch('/api/admin/goals/findes-ikke', { retired: true })).statusCode).toBe(404);
    const idChange = await admin.patch('/api/admin/goals/maal-leg', { id: 'nyt' });
    expect(idChange.statusCode).toBe(400);
    expect(idChange.json().error).toMatch(/Ukendt felt: id/);
    expect((await admin.patch('/api/admin/goals/maal-leg', {})).json().error).toMatch(/Angiv mindst ét felt/);
  });

  it('the demo goals are seeded on the server once', async () => {
    expect(await seedGoals(s.app.tilsyn.db, DEMO_GOALS)).toBe(2);
    expect(await seedGoals(s.app.tilsyn.db, DEMO_GOALS)).toBe(0);
    const goals: Goal[] = (await api(s.app, s.world.lederA).get('/api/goals')).json().goals;
    expect(goals.map((g) => g.id)).toEqual(['maal-boernenes-kompetencer', 'maal-paedagogisk-organisering']);
  });
});

describeDialects('goals reach every device through pull', (d) => {
  const s = useServer(d, {}, { world: true });

  it('a new goal, an edit and a retirement are pulled by a leder and a konsulent; the client stores them', async () => {
    const admin = api(s.app, s.world.admin);
    await admin.post('/api/admin/goals', GOAL);
    const first = await pullAll(s.app, s.world.lederA);
    expect(first.goals.map((g) => [g.id, g.rev])).toEqual([['maal-leg', 1]]);
    await admin.patch('/api/admin/goals/maal-leg', { retired: true });
    const next = await pullAll(s.app, s.world.konsulentB, first.nextCursor);
    expect(next.goals.map((g) => [g.id, g.rev, g.data.retired])).toEqual([['maal-leg', 2, true]]);

    // The sync algorithm puts them where the dashboard reads goals.
    const storage = new MemoryStorage();
    await syncOnce(storage, injectFetch(() => s.app, s.world.lederA), 'leder-laptop');
    expect(storage.references('goal')).toMatchObject([{ id: 'maal-leg', retired: true, rev: 2 }]);
  });
});
