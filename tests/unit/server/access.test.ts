import { expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { themeScoreId } from '../../../shared/inspection';
import type { PullResponse } from '../../../shared/sync/wire';
import { seedRecords } from '../../../server/seed/records';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { buildReport } from '../../../shared/reportModel';
import { reportVersionId } from '../../../shared/reportVersion';
import { PASSWORD, api, countRows, describeDialects, institution, login, mutation, newInspection, pullAll, useServer, type World } from './helpers';

/**
 * For every route the server has: a leder of institution A asking for or writing to institution B
 * gets a refusal and no data, and never sees an inspection of their own before høring.
 */
interface Fixture {
  w: World;
  /** Final inspection in B (visible to B's leder) and its score. */
  finalB: string;
  scoreB: string;
  /** Draft inspection in A (invisible to A's leder) and its score. */
  draftA: string;
  scoreDraftA: string;
  /** Inspection in A in høring (visible to A's leder). */
  hoeringA: string;
  /** A planned unannounced visit to A and its anbefaling (already drafted): never shown to A's leder before høring (§ 5 a stk. 2). */
  uanmeldtA: string;
  anbUanmeldtA: string;
  /** B's anbefaling (its høringssvar and follow-up item have the same id), and B's frozen report version. */
  anbB: string;
  versionB: string;
}

const B_MARKERS = ['INST-B', 'Institution INST-B'];

async function fixture(app: FastifyInstance, w: World): Promise<Fixture> {
  const finalB = newInspection('INST-B', { status: 'endelig' });
  const draftA = newInspection('INST-A', { status: 'udkast' });
  const hoeringA = newInspection('INST-A', { status: 'i_hoering' });
  const uanmeldtA = newInspection('INST-A', { status: 'planlagt', visitType: 'uanmeldt', date: '2025-11-19', consultants: ['Ulla Uanmeldt'] });
  const anbB = `${finalB.id}:anb`;
  await seedRecords(app.tilsyn.db, [
    { type: 'inspection', data: finalB },
    { type: 'themeScore', data: { id: themeScoreId(finalB.id, 'leg'), inspectionId: finalB.id, themeId: 'leg', step: 2 } },
    { type: 'inspection', data: draftA },
    { type: 'themeScore', data: { id: themeScoreId(draftA.id, 'leg'), inspectionId: draftA.id, themeId: 'leg', step: 1 } },
    { type: 'inspection', data: hoeringA },
    { type: 'inspection', data: uanmeldtA },
    { type: 'anbefaling', data: { id: `${uanmeldtA.id}:anb`, inspectionId: uanmeldtA.id, themeId: 'leg', text: 'Forberedt anbefaling', createdAt: '2025-11-01T10:00:00Z' } },
    // B's høring answer, frozen report and follow-up item: a leder of A must reach none of them.
    { type: 'anbefaling', data: { id: anbB, inspectionId: finalB.id, themeId: 'leg', text: 'Anbefaling til B', createdAt: '2025-03-04T10:00:00Z' } },
    { type: 'hoeringssvar', data: { id: anbB, inspectionId: finalB.id, anbefalingId: anbB, answer: 'plan', text: 'Plan for B' } },
    {
      type: 'rapportversion',
      data: {
        id: reportVersionId(finalB.id, 1),
        inspectionId: finalB.id,
        version: 1,
        createdAt: '2025-03-20T09:00:00.000Z',
        createdBy: 'Konsulent B',
        snapshot: { ...buildReport(FRAMEWORK_V1, finalB, undefined, [], [], []), comparison: [], previousDate: null, municipalLabel: 'x' },
      },
    },
    { type: 'opfoelgning', data: { id: anbB, inspectionId: finalB.id, institutionId: 'INST-B', anbefalingId: anbB, themeId: 'leg', anbefaling: 'Anbefaling til B', createdAt: '2025-03-20T09:00:00.000Z' } },
  ]);
  return {
    w,
    finalB: finalB.id,
    scoreB: themeScoreId(finalB.id, 'leg'),
    draftA: draftA.id,
    scoreDraftA: themeScoreId(draftA.id, 'leg'),
    hoeringA: hoeringA.id,
    uanmeldtA: uanmeldtA.id,
    anbUanmeldtA: `${uanmeldtA.id}:anb`,
    anbB,
    versionB: reportVersionId(finalB.id, 1),
  };
}

function expectNoDataOf(res: LightMyRequestResponse, f: Fixture) {
  for (const marker of [...B_MARKERS, f.finalB, f.scoreB, f.draftA, f.scoreDraftA, f.uanmeldtA, 'Ulla Uanmeldt', '2025-11-19', 'Forberedt anbefaling']) expect(res.body).not.toContain(marker);
}

type Check = (app: FastifyInstance, f: Fixture) => Promise<void>;

const CHECKS: Record<string, Check> = {
  'GET /api/municipality': async (app, f) => {
    // The same for every user: the municipality's name and logo, nothing about an institution.
    const res = await api(app, f.w.lederA).get('/api/municipality');
    expect(res.statusCode).toBe(200);
    expectNoDataOf(res, f);
  },
  'GET /api/health': async (app, f) => {
    const res = await api(app, f.w.lederA).get('/api/health');
    expect(res.statusCode).toBe(200);
    expectNoDataOf(res, f);
  },
  'POST /api/auth/login': async (app, f) => {
    const res = await api(app).post('/api/auth/login', { username: 'leder-a', password: PASSWORD });
    expect(res.json().user.institutionIds).toEqual(['INST-A']);
    expectNoDataOf(res, f);
    // And cannot log in as B's leder.
    expect((await api(app).post('/api/auth/login', { username: 'leder-b', password: 'gaet-et-kodeord' })).statusCode).toBe(401);
  },
  'POST /api/auth/logout': async (app, f) => {
    const own = await login(app, 'leder-a');
    expect((await api(app, own).post('/api/auth/logout', { token: f.w.lederB })).statusCode).toBe(200);
    // Only the caller's own token is revoked; B's leder is still logged in.
    expect((await api(app, f.w.lederB).get('/api/auth/me')).statusCode).toBe(200);
  },
  'GET /api/auth/me': async (app, f) => {
    const res = await api(app, f.w.lederA).get('/api/auth/me');
    expect(res.json()).toMatchObject({ username: 'leder-a', institutionIds: ['INST-A'] });
    expectNoDataOf(res, f);
  },
  'GET /api/sync/pull': async (app, f) => {
    const all = await pullAll(app, f.w.lederA);
    expect(all.changes.map((c) => c.recordId)).toEqual([f.hoeringA]);
    expect(all.institutions.map((i) => i.id)).toEqual(['INST-A']);
    for (const limit of [1, 2]) {
      const res = await api(app, f.w.lederA).pull(0, limit);
      expectNoDataOf(res, f);
    }
    // Even asking from cursor 0 with an old epoch gives nothing of B.
    const res = await api(app, f.w.lederA).pull(0, 2000, 99);
    expectNoDataOf(res, f);
    expect((res.json() as PullResponse).scope.institutionIds).toEqual(['INST-A']);
  },
  'POST /api/sync/push': async (app, f) => {
    const leder = api(app, f.w.lederA);
    const before = await Promise.all([countRows(app, 'records'), countRows(app, 'mutations'), countRows(app, 'record_revisions')]);
    const attempts = [
      mutation('themeScore', f.scoreB, 1, { step: 4 }),
      mutation('inspection', f.finalB, 1, { participants: ['x'] }),
      mutation('inspection', newInspection('INST-B').id, 0, { ...withoutSystem(newInspection('INST-B')) }),
      mutation('anbefaling', 'ny-anbefaling-1', 0, { inspectionId: f.finalB, themeId: 'leg', text: 'x', createdAt: '2025-01-01T00:00:00Z' }),
      // Own institution, but the inspection is not in høring yet: as if it did not exist.
      mutation('inspection', f.draftA, 1, { date: '2025-01-01' }),
      mutation('themeScore', f.scoreDraftA, 1, { step: 4 }),
      // The planned unannounced visit: not answered, changed or even confirmed to exist.
      mutation('inspection', f.uanmeldtA, 1, { participants: ['x'] }),
      mutation('hoeringssvar', f.anbUanmeldtA, 0, { inspectionId: f.uanmeldtA, anbefalingId: f.anbUanmeldtA, answer: 'enig' }),
      mutation('hoeringskommentar', f.uanmeldtA, 0, { inspectionId: f.uanmeldtA, text: 'x' }),
      // B's høring, frozen report and follow-up: neither answered, changed nor created by A's leder.
      mutation('hoeringssvar', f.anbB, 1, { answer: 'uenig' }),
      mutation('hoeringssvar', `${f.finalB}:anb-ny`, 0, { inspectionId: f.finalB, anbefalingId: `${f.finalB}:anb-ny`, answer: 'enig' }),
      mutation('hoeringskommentar', f.finalB, 0, { inspectionId: f.finalB, text: 'x' }),
      mutation('rapportversion', f.versionB, 1, { createdBy: 'x' }),
      mutation('opfoelgning', f.anbB, 1, { status: 'gennemfoert', notes: 'x' }),
    ];
    for (const m of attempts) {
      const res = await leder.push('leder-a-device', [m]);
      expect([403, 404]).toContain(res.statusCode);
      expect(res.json().error).toMatch(/ikke adgang|findes ikke/);
      // The answer names only what the leder sent; it carries no record data.
      expect(res.json().records?.every((r: { state: unknown }) => r.state === null)).toBe(true);
      expect(Object.keys(res.json()).sort()).toEqual(['code', 'error', 'errors', 'records']);
      expect(res.body).not.toContain('"data"');
    }
    const after = await Promise.all([countRows(app, 'records'), countRows(app, 'mutations'), countRows(app, 'record_revisions')]);
    expect(after).toEqual(before);
  },
  'POST /api/auth/password': async (app, f) => {
    // Only one's own password: a leder of A cannot set B's leder's, and B's still works.
    const res = await api(app, f.w.lederA).post('/api/auth/password', { oldPassword: PASSWORD, newPassword: 'leder-b-overtaget-1', username: 'leder-b' });
    expect(res.statusCode).toBe(200);
    expect((await api(app).post('/api/auth/login', { username: 'leder-b', password: PASSWORD })).statusCode).toBe(200);
    expect((await api(app, f.w.lederB).get('/api/auth/me')).statusCode).toBe(200);
  },
  'GET /api/auth/devices': async (app, f) => {
    const res = await api(app, f.w.lederA).get('/api/auth/devices');
    expect(res.json().devices).toHaveLength(1);
    expectNoDataOf(res, f);
  },
  'POST /api/auth/devices/:id/revoke': async (app, f) => {
    const devicesB = (await api(app, f.w.lederB).get('/api/auth/devices')).json().devices as { id: string }[];
    expect((await api(app, f.w.lederA).post(`/api/auth/devices/${devicesB[0]!.id}/revoke`)).statusCode).toBe(404);
    expect((await api(app, f.w.lederB).get('/api/auth/me')).statusCode).toBe(200);
  },
  // Issue 15 (the provider login; this server has none configured, so its routes are 404): nothing of B anywhere.
  'GET /api/auth/config': async (app, f) => {
    const res = await api(app, f.w.lederA).get('/api/auth/config');
    expect(res.json()).toEqual({ passwordLogin: 'all', provider: null });
    expectNoDataOf(res, f);
  },
  'GET /api/auth/oidc/start': async (app, f) => noProvider(await api(app, f.w.lederA).get('/api/auth/oidc/start'), f),
  'GET /api/auth/oidc/callback': async (app, f) => noProvider(await api(app, f.w.lederA).get('/api/auth/oidc/callback?state=x&code=y'), f),
  'GET /api/auth/oidc/end-session': async (app, f) => noProvider(await api(app, f.w.lederA).get('/api/auth/oidc/end-session'), f),
  'POST /api/auth/oidc/redeem': async (app, f) => {
    // A hand-off code that is not one: no token, whoever asks.
    const res = await api(app, f.w.lederA).post('/api/auth/oidc/redeem', { handoff: 'x'.repeat(43) });
    expect(res.statusCode).toBe(401);
    expectNoDataOf(res, f);
  },
  'POST /api/auth/oidc/exchange': async (app, f) => noProvider(await api(app, f.w.lederA).post('/api/auth/oidc/exchange', { accessToken: 'x'.repeat(40) }), f),
  'POST /api/auth/oidc/proof': async (app, f) => noProvider(await api(app, f.w.lederA).post('/api/auth/oidc/proof', { accessToken: 'x'.repeat(40) }), f),
  'POST /api/auth/oidc/refused': async (app, f) => {
    // A password login is not the provider's: nothing is marked.
    expect((await api(app, f.w.lederA).post('/api/auth/oidc/refused', {})).statusCode).toBe(400);
    expect((await api(app, f.w.lederA).get('/api/sync/pull?cursor=0')).statusCode).toBe(200);
  },
  'GET /api/admin/auth-settings': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/auth-settings'), f),
  'PATCH /api/admin/auth-settings': async (app, f) => adminRefused(await api(app, f.w.lederA).patch('/api/admin/auth-settings', { passwordLogin: 'exempt_only' }), f),
  'POST /api/admin/users/:id/password-exempt': async (app, f) =>
    adminRefused(await api(app, f.w.lederA).post(`/api/admin/users/${f.w.users['leder-b']}/password-exempt`, { exempt: true }), f),
  'GET /api/admin/api-tokens': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/api-tokens'), f),
  'POST /api/admin/api-tokens': async (app, f) => adminRefused(await api(app, f.w.lederA).post('/api/admin/api-tokens', { name: 'mit eget', institutionIds: ['INST-B'] }), f),
  'POST /api/admin/api-tokens/:id/revoke': async (app, f) => adminRefused(await api(app, f.w.lederA).post('/api/admin/api-tokens/x/revoke'), f),
  'GET /api/admin/users': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/users'), f),
  'POST /api/admin/users': async (app, f) =>
    adminRefused(await api(app, f.w.lederA).post('/api/admin/users', { username: 'ny', displayName: 'Ny', role: 'leder', password: PASSWORD, institutionIds: ['INST-B'] }), f),
  'PATCH /api/admin/users/:id': async (app, f) =>
    adminRefused(await api(app, f.w.lederA).patch(`/api/admin/users/${f.w.users['leder-a']}`, { institutionIds: ['INST-A', 'INST-B'] }), f),
  'GET /api/admin/institutions': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/institutions'), f),
  'POST /api/admin/institutions': async (app, f) => adminRefused(await api(app, f.w.lederA).post('/api/admin/institutions', institution('INST-C')), f),
  'PATCH /api/admin/institutions/:id': async (app, f) => {
    adminRefused(await api(app, f.w.lederA).patch('/api/admin/institutions/INST-B', { name: 'Overtaget' }), f);
    const all = await pullAll(app, f.w.admin);
    expect(all.institutions.find((i) => i.id === 'INST-B')!.data.name).toBe('Institution INST-B');
  },
  'GET /api/admin/audit': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/audit'), f),
  'GET /api/admin/audit.csv': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/audit.csv'), f),
  'GET /api/admin/privacy-flags': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/privacy-flags'), f),
  'POST /api/admin/privacy-flags/:id/dismiss': async (app, f) => adminRefused(await api(app, f.w.lederA).post('/api/admin/privacy-flags/x/dismiss', {}), f),
  'POST /api/admin/purge': async (app, f) =>
    adminRefused(await api(app, f.w.lederA).post('/api/admin/purge', { recordType: 'inspection', recordId: 'x', field: 'participants', reason: 'Prøver at slette' }), f),
  'GET /api/admin/frameworks': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/frameworks'), f),
  'GET /api/export/theme-scores': async (app, f) => {
    const leder = api(app, f.w.lederA);
    for (const url of ['/api/export/theme-scores?institutionId=INST-B', '/api/export/theme-scores?institutionId=INST-A,INST-B&status=alle']) exportRefused(await leder.get(url), f);
    // Without a filter: only A, and only what is in høring or final (never the draft).
    const own = await leder.get('/api/export/theme-scores?status=alle');
    expect(own.statusCode).toBe(200);
    expect(new Set(own.json().rows.map((r: { tilsyn_id: string }) => r.tilsyn_id))).toEqual(new Set([f.hoeringA]));
    expectNoDataOf(own, f);
  },
  'GET /api/export/theme-scores.csv': async (app, f) => {
    const leder = api(app, f.w.lederA);
    exportRefused(await leder.get('/api/export/theme-scores.csv?institutionId=INST-B'), f);
    const own = await leder.get('/api/export/theme-scores.csv?status=alle');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(f.hoeringA);
    expectNoDataOf(own, f);
  },
  'GET /api/stats/theme-averages': async (app, f) => {
    // Aggregates over all institutions, for everyone; B's single final inspection is a cell of n = 1, so it is suppressed.
    const res = await api(app, f.w.lederA).get('/api/stats/theme-averages');
    expect(res.statusCode).toBe(200);
    expectNoDataOf(res, f);
    for (const p of res.json().periods) for (const cell of Object.values(p.themes)) expect(cell).toMatchObject({ suppressed: true, mean: null, counts: null });
  },
  'GET /api/stats/municipal-average': async (app, f) => {
    // The report window over B's single final inspection (2025-03-04): n = 1, suppressed for a leder of A.
    const res = await api(app, f.w.lederA).get('/api/stats/municipal-average?to=2025-06-30&scale=tilsyn-4-trin');
    expect(res.statusCode).toBe(200);
    expectNoDataOf(res, f);
    for (const cell of Object.values(res.json().themes)) expect(cell).toMatchObject({ suppressed: true, mean: null, n: null, counts: null });
  },
  'GET /api/stats/overview': async (app, f) => {
    // Lists within the leder's scope (only A, never its draft or planned unannounced visit); counts over all.
    const res = await api(app, f.w.lederA).get('/api/stats/overview');
    expect(res.statusCode).toBe(200);
    expectNoDataOf(res, f);
    const body = res.json();
    expect(body.scope.institutions).toBe(1);
    expect(body.municipal.institutions).toBeGreaterThan(1);
    for (const row of body.scope.heatMap) expect(row.institutionId).toBe('INST-A');
  },
  'POST /api/admin/frameworks': async (app, f) => adminRefused(await api(app, f.w.lederA).post('/api/admin/frameworks', { id: 'v9' }), f),
  'GET /api/goals': async (app, f) => {
    const res = await api(app, f.w.lederA).get('/api/goals');
    expect(res.statusCode).toBe(200);
    expectNoDataOf(res, f);
  },
  'GET /api/tilsynsrammer': async (app, f) => {
    const res = await api(app, f.w.lederA).get('/api/tilsynsrammer');
    expect(res.statusCode).toBe(200);
    expectNoDataOf(res, f);
  },
  // Issue 13: the committee's figures and an institution's case file are forvaltning's.
  'GET /api/committee/figures': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/committee/figures?from=2025-01-01&to=2025-12-31'), f),
  'GET /api/committee/figures.csv': async (app, f) => adminRefused(await api(app, f.w.konsulentA).get('/api/committee/figures.csv?from=2025-01-01&to=2025-12-31'), f),
  'GET /api/committee/case-file/:institutionId': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/committee/case-file/INST-A'), f),
  'GET /api/committee/case-file/:institutionId/:file': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/committee/case-file/INST-A/sagsmappe.pdf'), f),
  'GET /api/admin/tilsynsrammer': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/admin/tilsynsrammer'), f),
  'POST /api/admin/tilsynsrammer': async (app, f) => adminRefused(await api(app, f.w.lederA).post('/api/admin/tilsynsrammer', { title: 'x' }), f),
  'PATCH /api/admin/tilsynsrammer/:id': async (app, f) => adminRefused(await api(app, f.w.lederA).patch('/api/admin/tilsynsrammer/x', { title: 'x' }), f),
  // Impartiality (issue 12): a leder is no consultant: no directory, no relations; never another user's.
  'GET /api/consultants': async (app, f) => roleRefused(await api(app, f.w.lederA).get('/api/consultants'), f, 'Kun konsulent eller forvaltning har adgang til dette'),
  'GET /api/account/relations': async (app, f) => roleRefused(await api(app, f.w.lederA).get('/api/account/relations'), f, 'Kun konsulent eller forvaltning har adgang til dette'),
  'POST /api/account/relations': async (app, f) => roleRefused(await api(app, f.w.lederA).post('/api/account/relations', { relations: [] }), f, 'Kun konsulent eller forvaltning har adgang til dette'),
  'GET /api/admin/users/:id/relations': async (app, f) => adminRefused(await api(app, f.w.lederA).get(`/api/admin/users/${f.w.users['konsulent-b']}/relations`), f),
  'POST /api/admin/users/:id/relations': async (app, f) => {
    adminRefused(await api(app, f.w.lederA).post(`/api/admin/users/${f.w.users['konsulent-b']}/relations`, { relations: [] }), f);
    // A konsulent keeps only their own list.
    roleRefused(await api(app, f.w.konsulentA).post(`/api/admin/users/${f.w.users['konsulent-b']}/relations`, { relations: [] }), f, 'Kun forvaltning har adgang til dette');
  },
  // Calibration (issue 16): a leder never sees agreement figures, the uncertain themes or vignettes.
  'GET /api/kalibrering/enighed': async (app, f) => roleRefused(await api(app, f.w.lederA).get('/api/kalibrering/enighed'), f, 'Kun konsulent eller forvaltning har adgang til dette'),
  'GET /api/kalibrering/usikre-temaer': async (app, f) => roleRefused(await api(app, f.w.lederA).get('/api/kalibrering/usikre-temaer'), f, 'Kun konsulent eller forvaltning har adgang til dette'),
  'GET /api/kalibrering/vignetter': async (app, f) => roleRefused(await api(app, f.w.lederA).get('/api/kalibrering/vignetter'), f, 'Kun konsulent eller forvaltning har adgang til dette'),
  'POST /api/kalibrering/vignetter/:id/svar': async (app, f) => roleRefused(await api(app, f.w.lederA).post('/api/kalibrering/vignetter/x/svar', { scores: {} }), f, 'Kun konsulent har adgang til dette'),
  'POST /api/kalibrering/vignetter': async (app, f) => adminRefused(await api(app, f.w.konsulentA).post('/api/kalibrering/vignetter', { title: 'x' }), f),
  'GET /api/kalibrering/indstillinger': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/kalibrering/indstillinger'), f),
  'PATCH /api/kalibrering/indstillinger': async (app, f) =>
    adminRefused(await app.inject({ method: 'PATCH', url: '/api/kalibrering/indstillinger', headers: { authorization: `Bearer ${f.w.konsulentA}` }, payload: {} }), f),
  'POST /api/kalibrering/brugere/:id/kalibreringsansvarlig': async (app, f) =>
    adminRefused(await api(app, f.w.konsulentA).post(`/api/kalibrering/brugere/${f.w.users['konsulent-a']}/kalibreringsansvarlig`, { lead: true }), f),
  // Double scoring (issue 16): forvaltning's settings and hand-picking; a leder or konsulent neither reads nor picks.
  'GET /api/calibration/settings': async (app, f) => adminRefused(await api(app, f.w.lederA).get('/api/calibration/settings'), f),
  'PATCH /api/calibration/settings': async (app, f) => {
    adminRefused(await api(app, f.w.lederA).patch('/api/calibration/settings', { enabled: true }), f);
    adminRefused(await api(app, f.w.konsulentA).patch('/api/calibration/settings', { enabled: true }), f);
  },
  'POST /api/calibration/handpick': async (app, f) => {
    adminRefused(await api(app, f.w.lederA).post('/api/calibration/handpick', { inspectionId: 'x' }), f);
    adminRefused(await api(app, f.w.konsulentA).post('/api/calibration/handpick', { inspectionId: 'x' }), f);
  },
  'POST /api/admin/goals': async (app, f) => adminRefused(await api(app, f.w.lederA).post('/api/admin/goals', { id: 'x' }), f),
  'PATCH /api/admin/goals/:id': async (app, f) => adminRefused(await api(app, f.w.lederA).patch('/api/admin/goals/x', { title: 'x' }), f),
  'POST /api/import/institutions': async (app, f) =>
    adminRefused(await api(app, f.w.lederA).post('/api/import/institutions?dryRun=1', { fileName: 'x.csv', content: Buffer.from('id,navn\nINST-B,x').toString('base64') }), f),
  'POST /api/import/theme-scores': async (app, f) =>
    adminRefused(await api(app, f.w.lederA).post('/api/import/theme-scores?dryRun=1', { fileName: 'x.csv', content: Buffer.from('institution_id;dato\nINST-B;2022-01-01').toString('base64') }), f),
};

function noProvider(res: LightMyRequestResponse, f: Fixture) {
  expect(res.statusCode).toBe(404);
  expect(res.json().code).toBe('intet_kommunalt_login');
  expectNoDataOf(res, f);
}

function adminRefused(res: LightMyRequestResponse, f: Fixture) {
  expect(res.statusCode).toBe(403);
  expect(res.json().error).toBe('Kun forvaltning har adgang til dette');
  expectNoDataOf(res, f);
}

function roleRefused(res: LightMyRequestResponse, f: Fixture, message: string) {
  expect(res.statusCode).toBe(403);
  expect(res.json().error).toBe(message);
  expectNoDataOf(res, f);
}

function exportRefused(res: LightMyRequestResponse, f: Fixture) {
  expect(res.statusCode).toBe(403);
  expect(res.json().error).toBe('Du har ikke adgang til alle de valgte institutioner');
  expectNoDataOf(res, f);
}

function withoutSystem<T extends { id: string; rev: number; updatedAt: string }>(r: T) {
  const { id: _i, rev: _r, updatedAt: _u, ...rest } = r;
  return rest;
}

describeDialects('access: leder of A against B, and drafts before høring', (d) => {
  const s = useServer(d, {}, { world: true });

  it('has a check for every route the server answers', () => {
    const routes = s.app.tilsyn.routes.filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`);
    expect(routes.sort()).toEqual(Object.keys(CHECKS).sort());
  });

  for (const [route, check] of Object.entries(CHECKS)) {
    it(route, async () => {
      const f = await fixture(s.app, s.world);
      await check(s.app, f);
    });
  }

  it('the same leder sees the inspection of their own institution once it is in høring, with its child records', async () => {
    const f = await fixture(s.app, s.world);
    const before = await pullAll(s.app, f.w.lederA);
    expect(before.changes.some((c) => c.recordId === f.draftA || c.recordId === f.scoreDraftA)).toBe(false);
    expect(before.changes.some((c) => c.recordId === f.hoeringA)).toBe(true);
    // B's leder sees B's final inspection and its score.
    const b = await pullAll(s.app, f.w.lederB);
    expect(b.changes.map((c) => `${c.recordType}:${c.recordId}`).sort()).toEqual(
      [`inspection:${f.finalB}`, `themeScore:${f.scoreB}`, `anbefaling:${f.anbB}`, `hoeringssvar:${f.anbB}`, `rapportversion:${f.versionB}`, `opfoelgning:${f.anbB}`].sort(),
    );
  });
});
