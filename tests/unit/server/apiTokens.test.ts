import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { hashToken } from '../../../server/auth/tokens';
import { seedRecords } from '../../../server/seed/records';
import { themeScoreId } from '../../../shared/inspection';
import { api, countRows, describeDialects, institution, mutation, newInspection, useServer } from './helpers';

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

/** A final inspection with a score in each of A, B and C. */
async function seedScores(app: FastifyInstance, admin: string): Promise<void> {
  const res = await api(app, admin).post('/api/admin/institutions', institution('INST-C'));
  expect(res.statusCode, res.body).toBe(201);
  const records = ['INST-A', 'INST-B', 'INST-C'].flatMap((inst) => {
    const i = newInspection(inst, { status: 'endelig', date: '2025-03-04' });
    return [
      { type: 'inspection' as const, data: i },
      { type: 'themeScore' as const, data: { id: themeScoreId(i.id, 'leg'), inspectionId: i.id, themeId: 'leg', step: 3 } },
    ];
  });
  await seedRecords(app.tilsyn.db, records);
}

describeDialects('BI API tokens', (d) => {
  const s = useServer(d, { tokenMaxAgeDays: 30 }, { world: true });

  async function create(body: Record<string, unknown>): Promise<{ token: string; id: string }> {
    const res = await api(s.app, s.world.admin).post('/api/admin/api-tokens', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    return { token: res.json().token, id: res.json().apiToken.id };
  }

  it('forvaltning creates one (the secret shown once, stored hashed), lists and revokes it; audited', async () => {
    const admin = api(s.app, s.world.admin);
    const res = await admin.post('/api/admin/api-tokens', { name: 'Power BI, forvaltningen', institutionIds: ['INST-B', 'INST-A', 'INST-A'] });
    expect(res.statusCode, res.body).toBe(201);
    const { token, apiToken } = res.json();
    expect(token).toMatch(/^tbi_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'Power BI, forvaltningen', scopes: ['export', 'stats'], institutionIds: ['INST-A', 'INST-B'], createdBy: 'admin', lastUsedAt: null, revokedAt: null });
    const row = await s.app.tilsyn.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const list = await admin.get('/api/admin/api-tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(row.token_hash);
    expect(list.json().apiTokens).toEqual([apiToken]);
    const revoked = await admin.post(`/api/admin/api-tokens/${apiToken.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    // Revoking again changes nothing and writes no second row.
    expect((await admin.post(`/api/admin/api-tokens/${apiToken.id}/revoke`)).json().revokedAt).toBe(revoked.json().revokedAt);
    expect((await admin.post('/api/admin/api-tokens/ingen/revoke')).statusCode).toBe(404);
    const audit = await s.app.tilsyn.db.selectFrom('audit').selectAll().where('action', 'like', 'api_token.%').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.actor_username, a.target])).toEqual([
      ['api_token.created', 'admin', apiToken.id],
      ['api_token.revoked', 'admin', apiToken.id],
    ]);
    expect(JSON.parse(audit[0]!.details)).toEqual({ name: 'Power BI, forvaltningen', scopes: ['export', 'stats'], institutionIds: ['INST-A', 'INST-B'] });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('only forvaltning manages them; bad input is refused in Danish beside its field', async () => {
    for (const t of [s.world.lederA, s.world.konsulentA]) {
      expect((await api(s.app, t).get('/api/admin/api-tokens')).statusCode).toBe(403);
      expect((await api(s.app, t).post('/api/admin/api-tokens', { name: 'x' })).statusCode).toBe(403);
    }
    const admin = api(s.app, s.world.admin);
    const noName = await admin.post('/api/admin/api-tokens', { name: ' ' });
    expect(noName.json().issues).toEqual([{ path: 'name', message: 'Giv tokenet et navn' }]);
    const noScope = await admin.post('/api/admin/api-tokens', { name: 'x', scopes: [] });
    expect(noScope.json().issues).toEqual([{ path: 'scopes', message: 'Vælg mindst én adgang' }]);
    const badScope = await admin.post('/api/admin/api-tokens', { name: 'x', scopes: ['sync'] });
    expect(badScope.statusCode).toBe(400);
    const unknown = await admin.post('/api/admin/api-tokens', { name: 'x', institutionIds: ['INST-A', 'FINDES-IKKE'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'ukendt_institution', issues: [{ path: 'institutionIds', message: 'Ukendt institution: FINDES-IKKE' }] });
    expect(await s.app.tilsyn.db.selectFrom('api_tokens').selectAll().execute()).toHaveLength(0);
  });

  it('reads export and stats; write (push), admin, auth and app login are refused', async () => {
    await seedScores(s.app, s.world.admin);
    const { token } = await create({ name: 'Power BI' });
    const bi = api(s.app, token);
    const json = await bi.get('/api/export/theme-scores');
    expect(json.statusCode, json.body).toBe(200);
    expect(new Set(json.json().rows.map((r: { institution_id: string }) => r.institution_id))).toEqual(new Set(['INST-A', 'INST-B', 'INST-C']));
    const csv = await bi.get('/api/export/theme-scores.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('INST-C');
    expect((await bi.get('/api/stats/theme-averages')).statusCode).toBe(200);

    const before = await countRows(s.app, 'records');
    const push = await bi.push('bi-client-0001', [mutation('inspection', newInspection('INST-A').id, 0, { institutionId: 'INST-A' })]);
    expect(push.statusCode).toBe(403);
    expect(push.json()).toMatchObject({ code: 'kun_laeseadgang' });
    expect(await countRows(s.app, 'records')).toBe(before);
    for (const res of [
      await bi.pull(0),
      await bi.get('/api/admin/users'),
      await bi.post('/api/admin/api-tokens', { name: 'mere' }),
      await bi.get('/api/auth/me'),
      await bi.get('/api/auth/devices'),
      await bi.post('/api/auth/password', { oldPassword: 'x', newPassword: 'y' }),
      await bi.get('/api/goals'),
    ]) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error).toBe('Et API-token kan kun læse udtræk og statistik (GET /api/export/… og /api/stats/…)');
    }
    // A POST to the read API (there is none, but the hook refuses writes) is refused, too.
    expect((await s.app.inject({ method: 'POST', url: '/api/export/theme-scores', headers: { authorization: `Bearer ${token}` }, payload: {} })).statusCode).toBeGreaterThanOrEqual(403);
    // It is no password: it cannot log in to the app.
    expect((await api(s.app).post('/api/auth/login', { username: 'admin', password: token })).statusCode).toBe(401);
    expect(await s.app.tilsyn.db.selectFrom('api_tokens').select('last_used_at').executeTakeFirstOrThrow()).not.toEqual({ last_used_at: null });
  });

  it('a revoked or expired token is refused with 401', async () => {
    const { token, id } = await create({ name: 'Excel' });
    expect((await api(s.app, token).get('/api/export/theme-scores')).statusCode).toBe(200);
    expect((await api(s.app, s.world.admin).post(`/api/admin/api-tokens/${id}/revoke`)).statusCode).toBe(200);
    const res = await api(s.app, token).get('/api/export/theme-scores');
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('API-tokenet er ukendt, tilbagekaldt eller udløbet. Bed forvaltningen om et nyt.');
    expect((await api(s.app, token).get('/api/stats/theme-averages')).statusCode).toBe(401);
    const old = await create({ name: 'Gammel' });
    await s.app.tilsyn.db.updateTable('api_tokens').set({ created_at: daysAgo(31) }).where('id', '=', old.id).execute();
    expect((await api(s.app, old.token).get('/api/export/theme-scores')).statusCode).toBe(401);
    expect((await api(s.app, `tbi_${'x'.repeat(43)}`).get('/api/export/theme-scores')).statusCode).toBe(401);
  });

  it('an institution-scoped token sees only its institutions; a scope it lacks is refused', async () => {
    await seedScores(s.app, s.world.admin);
    const { token } = await create({ name: 'Distrikt Nord', institutionIds: ['INST-A', 'INST-C'], scopes: ['export'] });
    const bi = api(s.app, token);
    const all = await bi.get('/api/export/theme-scores?status=alle');
    expect(all.statusCode).toBe(200);
    expect(new Set(all.json().rows.map((r: { institution_id: string }) => r.institution_id))).toEqual(new Set(['INST-A', 'INST-C']));
    expect((await bi.get('/api/export/theme-scores.csv')).body).not.toContain('INST-B');
    const asked = await bi.get('/api/export/theme-scores?institutionId=INST-B');
    expect(asked.statusCode).toBe(403);
    expect(asked.body).not.toContain('Institution INST-B');
    expect((await bi.get('/api/export/theme-scores?institutionId=FINDES-IKKE')).statusCode).toBe(403);
    expect((await bi.get('/api/export/theme-scores?institutionId=INST-C')).json().rows.every((r: { institution_id: string }) => r.institution_id === 'INST-C')).toBe(true);
    const stats = await bi.get('/api/stats/theme-averages');
    expect(stats.statusCode).toBe(403);
    expect(stats.json().error).toBe('API-tokenet "Distrikt Nord" har ikke adgang til statistik');
  });
});
