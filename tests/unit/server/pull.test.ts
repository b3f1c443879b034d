import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { expect, it } from 'vitest';
import { themeScoreId } from '../../../shared/inspection';
import type { PullResponse } from '../../../shared/sync/wire';
import { loadAuthUser } from '../../../server/auth/tokens';
import type { Database } from '../../../server/db/schema';
import { seedRecords } from '../../../server/seed/records';
import { pullChanges } from '../../../server/sync/pull';
import { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer } from './helpers';

describeDialects('pull', (d) => {
  const s = useServer(d, {}, { world: true });

  async function seedTwoInstitutions() {
    const w = s.world;
    const items = [];
    for (const inst of ['INST-A', 'INST-B']) {
      for (const [i, status] of (['i_gang', 'endelig', 'i_hoering'] as const).entries()) {
        const insp = newInspection(inst, { status, date: `202${i}-05-0${i + 1}` });
        items.push({ type: 'inspection' as const, data: insp });
        for (const t of ['leg', 'interaktion'] as const)
          items.push({ type: 'themeScore' as const, data: { id: themeScoreId(insp.id, t), inspectionId: insp.id, themeId: t, step: 3 } });
      }
    }
    await seedRecords(s.app.tilsyn.db, items);
    return w;
  }

  it('pages through everything in sequence order; the pages add up to the whole', async () => {
    const w = await seedTwoInstitutions();
    const whole = await pullAll(s.app, w.admin, 0, 2000);
    expect(whole.changes).toHaveLength(18);
    const paged = await pullAll(s.app, w.admin, 0, 4);
    expect(paged.changes.map((c) => c.recordId)).toEqual(whole.changes.map((c) => c.recordId));
    const seqs = paged.changes.map((c) => c.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    // The last page's cursor is the server's sequence: nothing more to come.
    const after = (await api(s.app, w.admin).pull(paged.nextCursor)).json() as PullResponse;
    expect(after).toMatchObject({ changes: [], hasMore: false, nextCursor: paged.nextCursor });
  });

  // SQLite's planner reads a LIMIT's value: with a bound LIMIT every run of the statement prepared it
  // again (server/sync/pull.ts, sqlitePageQueries).
  it.skipIf(d.name !== 'sqlite')('SQLite: the page queries carry their LIMIT in the SQL, not as a bound value', async () => {
    const w = await seedTwoInstitutions();
    const texts: string[] = [];
    const file = path.join(s.database.options.dataDir!, 'tilsyn.sqlite');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true }) }), log: (e) => void texts.push(e.query.sql) });
    try {
      const user = (await loadAuthUser(db, w.users['konsulent-a']!))!;
      for (const limit of [4, 2000]) {
        texts.length = 0;
        const page = await pullChanges(db, user, { v: 1, cursor: 0, limit });
        expect(page.hasMore).toBe(limit === 4);
        const limited = texts.filter((t) => / limit /.test(t));
        // records, conflicts and the reference data, each with the page's limit + 1
        expect(limited).toHaveLength(3);
        for (const t of limited) expect(t).toMatch(new RegExp(` limit ${limit + 1}$`));
      }
    } finally {
      await db.destroy();
    }
  });

  it('sends reference data: institutions the user may see and the framework versions', async () => {
    const w = await seedTwoInstitutions();
    const k = await pullAll(s.app, w.konsulentA);
    expect(k.institutions.map((i) => i.id)).toEqual(['INST-A']);
    expect(k.frameworks.map((f) => f.id)).toEqual(['v1']);
    expect(k.scope).toMatchObject({ all: false, institutionIds: ['INST-A'] });
    const a = await pullAll(s.app, w.admin);
    expect(a.institutions.map((i) => i.id).sort()).toEqual(['INST-A', 'INST-B']);
    expect(a.scope.all).toBe(true);
  });

  it('filters by role: konsulent sees assigned institutions, leder only høring and final inspections of their own', async () => {
    const w = await seedTwoInstitutions();
    const k = await pullAll(s.app, w.konsulentA);
    expect(k.changes).toHaveLength(9);
    expect(k.changes.every((c) => c.institutionId === 'INST-A')).toBe(true);
    const l = await pullAll(s.app, w.lederA);
    const inspections = l.changes.filter((c) => c.recordType === 'inspection');
    expect(inspections.map((c) => c.data.status).sort()).toEqual(['endelig', 'i_hoering']);
    expect(l.changes).toHaveLength(6);
    expect(l.changes.every((c) => c.institutionId === 'INST-A')).toBe(true);
    const ids = new Set(inspections.map((c) => c.recordId));
    expect(l.changes.filter((c) => c.recordType === 'themeScore').every((c) => ids.has(String(c.data.inspectionId)))).toBe(true);
  });

  it('delivers only what changed after the cursor', async () => {
    const w = await seedTwoInstitutions();
    const first = await pullAll(s.app, w.konsulentA);
    const insp = first.changes.find((c) => c.recordType === 'inspection' && c.data.status === 'i_gang')!;
    pushBody(await api(s.app, w.konsulentA).push('device-1-xxxx', [mutation('inspection', insp.recordId, insp.rev, { date: '2024-12-12' })]));
    const next = await pullAll(s.app, w.konsulentA, first.nextCursor);
    expect(next.changes.map((c) => [c.recordId, c.rev, c.data.date])).toEqual([[insp.recordId, 2, '2024-12-12']]);
    expect(next.institutions).toEqual([]);
    expect(next.frameworks).toEqual([]);
  });

  it('a change of the user\'s institutions resets their next pull to a full copy', async () => {
    const w = await seedTwoInstitutions();
    const first = (await api(s.app, w.konsulentA).pull(0, 2000)).json() as PullResponse;
    expect(first.reset).toBe(false);
    const epoch = first.scope.epoch;
    // Nothing new: no reset with the same epoch.
    const same = (await api(s.app, w.konsulentA).pull(first.nextCursor, 2000, epoch)).json() as PullResponse;
    expect(same).toMatchObject({ reset: false, changes: [] });
    // Assigned to B as well: the next pull starts from 0 and contains B's old records.
    const res = await api(s.app, w.admin).patch(`/api/admin/users/${w.users['konsulent-a']}`, { institutionIds: ['INST-A', 'INST-B'] });
    expect(res.statusCode).toBe(200);
    const after = (await api(s.app, w.konsulentA).pull(first.nextCursor, 2000, epoch)).json() as PullResponse;
    expect(after.reset).toBe(true);
    expect(after.scope.epoch).toBe(epoch + 1);
    expect(after.changes).toHaveLength(18);
    expect(after.scope.institutionIds).toEqual(['INST-A', 'INST-B']);
  });

  it('validates the query in Danish', async () => {
    const w = s.world;
    for (const q of ['cursor=-1', 'cursor=abc', 'limit=0', 'limit=100000', 'cursor=1.5']) {
      const res = await api(s.app, w.admin).get(`/api/sync/pull?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error, q).toMatch(/^Ugyldig synkronisering: (cursor|limit)/);
    }
  });

  it('a cursor ahead of the server (restored backup) starts over instead of skipping', async () => {
    const w = await seedTwoInstitutions();
    const res = (await api(s.app, w.konsulentA).pull(1_000_000)).json() as PullResponse;
    expect(res.reset).toBe(true);
    expect(res.changes).toHaveLength(9);
  });
});
