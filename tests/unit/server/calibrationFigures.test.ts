import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AgreementFigures } from '../../../shared/calibration/figuresAccess';
import { uafhaengigScoreId } from '../../../shared/calibration/records';
import { api, describeDialects, mutation, newInspection, pushBody, useServer } from './helpers';

const TODAY = '2026-06-30';
let seq = 1_000_000;

/** One double-scored visit as stored: the inspection and the two raters' independent sets. */
async function seedVisit(app: FastifyInstance, v: { id: string; date: string; raters: [string, string]; steps: [number, number]; theme?: string; sealed?: [boolean, boolean] }) {
  const theme = v.theme ?? 'leg';
  const now = new Date().toISOString();
  const row = (type: string, id: string, data: Record<string, unknown>) => ({
    type,
    id,
    institution_id: 'INST-A',
    inspection_id: v.id,
    data: JSON.stringify(data),
    field_revs: '{}',
    rev: 1,
    deleted: 0,
    leder_visible: 0,
    updated_at: now,
    seq: seq++,
  });
  await app.tilsyn.db
    .insertInto('records')
    .values([
      row('inspection', v.id, { id: v.id, institutionId: 'INST-A', date: v.date, status: 'endelig' }),
      ...v.raters.map((raterId, i) =>
        row('uafhaengigScore', `${v.id}:${raterId}`, {
          id: `${v.id}:${raterId}`,
          inspectionId: v.id,
          institutionId: 'INST-A',
          raterId,
          scores: { [theme]: v.steps[i] },
          sealedAt: (v.sealed?.[i] ?? true) ? now : null,
        }),
      ),
    ])
    .execute();
}

/** `n` visits between the two raters on `theme`; the first `agree` agree (3 and 3), the rest differ by one (3 and 2). */
async function seedVisits(app: FastifyInstance, raters: [string, string], n: number, agree: number, theme = 'leg') {
  for (let i = 0; i < n; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    await seedVisit(app, { id: `${theme}-${i}`, date: `2025-${month}-10`, raters, steps: i < agree ? [3, 3] : [3, 2], theme });
  }
}

async function auditRows(app: FastifyInstance, action: string) {
  return app.tilsyn.db.selectFrom('audit').selectAll().where('action', '=', action).execute();
}

describeDialects('calibration: agreement figures on the server', (d) => {
  const s = useServer(d, {}, { world: true });
  const ids = () => [s.world.users['konsulent-a']!, s.world.users['konsulent-b']!] as [string, string];
  const figures = async (token: string, query = `?dato=${TODAY}`) => {
    const res = await api(s.app, token).get(`/api/kalibrering/enighed${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AgreementFigures;
  };

  it('a leder never sees agreement figures, the uncertain themes or vignettes (403), and nothing is audited', async () => {
    await seedVisits(s.app, ids(), 20, 10);
    for (const url of [`/api/kalibrering/enighed?dato=${TODAY}`, '/api/kalibrering/usikre-temaer', '/api/kalibrering/vignetter', '/api/kalibrering/indstillinger']) {
      const res = await api(s.app, s.world.lederA).get(url);
      expect(res.statusCode, url).toBe(403);
    }
    expect(await auditRows(s.app, 'calibration.named_figures_viewed')).toHaveLength(0);
    expect((await api(s.app).get('/api/kalibrering/enighed')).statusCode).toBe(401);
  });

  it('a konsulent sees their own figures only, without warnings; the view is audited', async () => {
    const [a] = ids();
    await seedVisits(s.app, ids(), 20, 10);
    const f = await figures(s.world.konsulentA);
    expect(f.scope).toBe('egne');
    expect(f.visits).toBe(20);
    expect(f.consultants.map((c) => c.consultantId)).toEqual([a]);
    expect(f.consultants[0]).toMatchObject({ name: 'konsulent-a', pairs: 20, exact: 0.5, meanSignedDifference: 0.5, flags: [] });
    // The themes are not named: every reader who may see figures sees them, with their flags.
    expect(f.themes).toEqual([expect.objectContaining({ themeId: 'leg', pairs: 20, exact: 0.5, flags: ['lav_enighed'] })]);
    const rows = await auditRows(s.app, 'calibration.named_figures_viewed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_username: 'konsulent-a' });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ scope: 'egne', consultantIds: [a] });
  });

  it('forvaltning sees the themes only until the municipality switches named figures on; then names (audited) but no warnings', async () => {
    await seedVisits(s.app, ids(), 20, 10);
    const admin = api(s.app, s.world.admin);
    const before = await figures(s.world.admin);
    expect(before.scope).toBe('temaer');
    expect(before.consultants).toEqual([]);
    expect(before.themes).toHaveLength(1);
    expect(await auditRows(s.app, 'calibration.named_figures_viewed')).toHaveLength(0);

    const state = (await admin.get('/api/kalibrering/indstillinger')).json();
    const on = await s.app.inject({ method: 'PATCH', url: '/api/kalibrering/indstillinger', headers: { authorization: `Bearer ${s.world.admin}` }, payload: { thresholds: state.thresholds, namedFiguresForManagement: true } });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().namedFiguresForManagement).toBe(true);
    expect(await auditRows(s.app, 'calibration.figures_settings_updated')).toHaveLength(1);

    const after = await figures(s.world.admin);
    expect(after.scope).toBe('alle');
    const [a, b] = ids();
    expect(after.consultants.map((c) => [c.consultantId, c.name])).toEqual(([[a, 'konsulent-a'], [b, 'konsulent-b']] as const).toSorted(([x], [y]) => x.localeCompare(y)));
    expect(after.consultants.every((c) => c.flags.length === 0)).toBe(true);
    const rows = await auditRows(s.app, 'calibration.named_figures_viewed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_username: 'admin' });
  });

  it('the calibration lead (set in Administration › Brugere, audited) sees everyone with the warnings; a leder cannot be lead', async () => {
    const [a, b] = ids();
    await seedVisits(s.app, ids(), 20, 10);
    const admin = api(s.app, s.world.admin);
    const set = await admin.post(`/api/kalibrering/brugere/${b}/kalibreringsansvarlig`, { lead: true });
    expect(set.statusCode, set.body).toBe(200);
    const changes = await auditRows(s.app, 'user.updated');
    expect(changes.map((r) => JSON.parse(r.details))).toContainEqual({ fields: ['calibrationLead'], calibrationLead: true });
    expect((await admin.get('/api/kalibrering/indstillinger')).json().calibrationLeadUserIds).toEqual([b]);
    expect((await admin.post(`/api/kalibrering/brugere/${s.world.users['leder-a']}/kalibreringsansvarlig`, { lead: true })).statusCode).toBe(409);
    expect((await api(s.app, s.world.konsulentA).post(`/api/kalibrering/brugere/${a}/kalibreringsansvarlig`, { lead: true })).statusCode).toBe(403);

    const lead = await figures(s.world.konsulentB);
    expect(lead.scope).toBe('alle_med_advarsler');
    const byId = new Map(lead.consultants.map((c) => [c.consultantId, c]));
    expect(byId.get(a)).toMatchObject({ meanSignedDifference: 0.5, flags: ['lav_enighed', 'mild_eller_streng'] });
    expect(byId.get(b)).toMatchObject({ meanSignedDifference: -0.5, flags: ['lav_enighed', 'mild_eller_streng'] });
    // Konsulent A (not lead) still sees only their own, without the warnings.
    expect((await figures(s.world.konsulentA)).consultants).toEqual([expect.objectContaining({ consultantId: a, flags: [] })]);
  });

  it('theme warnings at their thresholds: 70 % exact is not flagged, 65 % is; none below 20 pairs; thresholds are forvaltning’s', async () => {
    const lead = async () => {
      await s.app.tilsyn.db.updateTable('users').set({ calibration_lead: 1 }).where('username', '=', 'admin').execute();
    };
    await lead();
    await seedVisits(s.app, ids(), 20, 14, 'leg'); // 14 / 20 = 0.70
    await seedVisits(s.app, ids(), 20, 13, 'interaktion'); // 13 / 20 = 0.65
    await seedVisits(s.app, ids(), 19, 0, 'overgange'); // 0 % but only 19 pairs
    const f = await figures(s.world.admin);
    const flags = Object.fromEntries(f.themes.map((t) => [t.themeId, t.flags]));
    expect(flags).toEqual({ interaktion: ['lav_enighed'], leg: [], overgange: [] });
    // 59 pairs per consultant: exact (14 + 13 + 0) / 59 < 60 %, within one 100 %, mean difference (6 + 7 + 19) / 59 ≈ 0.54.
    expect(f.consultants[0]!.flags).toEqual(['lav_enighed', 'mild_eller_streng']);

    const uncertain = await api(s.app, s.world.konsulentA).get('/api/kalibrering/usikre-temaer');
    expect(uncertain.statusCode).toBe(200);
    expect(uncertain.json()).toMatchObject({ themeIds: ['interaktion'], windowMonths: 24 });

    // Forvaltning raises the theme threshold to 75 %: leg is flagged too.
    const admin = api(s.app, s.world.admin);
    const state = (await admin.get('/api/kalibrering/indstillinger')).json();
    const bad = await s.app.inject({ method: 'PATCH', url: '/api/kalibrering/indstillinger', headers: { authorization: `Bearer ${s.world.admin}` }, payload: { ...state, thresholds: { ...state.thresholds, themeExactBelow: 1.5 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^Ugyldige kalibreringsindstillinger: thresholds.themeExactBelow/);
    const ok = await s.app.inject({
      method: 'PATCH',
      url: '/api/kalibrering/indstillinger',
      headers: { authorization: `Bearer ${s.world.admin}` },
      payload: { namedFiguresForManagement: false, thresholds: { ...state.thresholds, themeExactBelow: 0.75 } },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(Object.fromEntries((await figures(s.world.admin)).themes.map((t) => [t.themeId, t.flags]))).toEqual({ interaktion: ['lav_enighed'], leg: ['lav_enighed'], overgange: [] });
    const byKonsulent = await s.app.inject({ method: 'PATCH', url: '/api/kalibrering/indstillinger', headers: { authorization: `Bearer ${s.world.konsulentA}` }, payload: state });
    expect(byKonsulent.statusCode).toBe(403);
  });

  it('only visits where both raters sealed count, inside the rolling window', async () => {
    const raters = ids();
    await seedVisit(s.app, { id: 'v-sealed', date: '2025-05-01', raters, steps: [3, 3] });
    await seedVisit(s.app, { id: 'v-half', date: '2025-05-02', raters, steps: [3, 1], sealed: [true, false] });
    await seedVisit(s.app, { id: 'v-old', date: '2024-06-30', raters, steps: [1, 4] }); // on the window's first day: outside (from, today]
    await s.app.tilsyn.db.updateTable('users').set({ calibration_lead: 1 }).where('username', '=', 'admin').execute();
    const f = await figures(s.world.admin);
    expect(f.windowFrom).toBe('2024-06-30');
    expect(f.visits).toBe(1);
    expect(f.themes).toEqual([expect.objectContaining({ themeId: 'leg', pairs: 1, exact: 1 })]);
  });

  it('through the real push (h1’s double scoring): a drawn visit counts once both raters have sealed, not before', async () => {
    const w = s.world;
    const [a, b] = ids();
    expect((await api(s.app, w.admin).patch('/api/calibration/settings', { enabled: true, share: 0.15, minPerConsultant: 2 })).statusCode).toBe(200);
    const insp = newInspection('INST-A', { status: 'planlagt', consultants: [], consultantIds: [a], date: '2026-03-10' });
    pushBody(await api(s.app, w.konsulentA).push('device-a', [mutation('inspection', insp.id, 0, insp)]));
    const drawn = await s.app.tilsyn.db.selectFrom('records').select('data').where('type', '=', 'dobbeltscoring').where('id', '=', insp.id).executeTakeFirst();
    expect(JSON.parse(drawn!.data).raterIds).toEqual([a, b]);
    const set = (rater: string, leg: number) => ({ id: uafhaengigScoreId(insp.id, rater), inspectionId: insp.id, institutionId: 'INST-A', raterId: rater, scores: { leg, interaktion: 3 }, sealedAt: null });
    pushBody(await api(s.app, w.konsulentA).push('device-a', [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, a), 0, set(a, 2))]));
    pushBody(await api(s.app, w.konsulentB).push('device-b', [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, b), 0, set(b, 4))]));
    await s.app.tilsyn.db.updateTable('users').set({ calibration_lead: 1 }).where('username', '=', 'admin').execute();
    const sealedBy = async (token: string, rater: string, device: string) => {
      const res = pushBody(await api(s.app, token).push(device, [mutation('uafhaengigScore', uafhaengigScoreId(insp.id, rater), 1, { sealedAt: new Date().toISOString() })]));
      expect(res.results[0]!.status).toBe('applied');
    };
    await sealedBy(w.konsulentA, a, 'device-a');
    expect((await figures(w.admin)).visits).toBe(0);
    await sealedBy(w.konsulentB, b, 'device-b');
    const f = await figures(w.admin);
    expect(f.visits).toBe(1);
    expect(f.themes.map((t) => [t.themeId, t.pairs, t.exact])).toEqual([
      ['interaktion', 1, 1],
      ['leg', 1, 0],
    ]);
    expect(f.consultants.find((c) => c.consultantId === a)).toMatchObject({ pairs: 2, meanSignedDifference: -1, withinOne: 0.5 });
  });

  it('drift at its threshold through the route: 0.40 step between half years is flagged to the lead, 0.35 is not', async () => {
    const raters = ids();
    await s.app.tilsyn.db.updateTable('users').set({ calibration_lead: 1 }).where('username', '=', 'admin').execute();
    const halves = async (prefix: string, theme: string, laterMilder: number) => {
      // First half of 2025: 20 pairs in full agreement; second half: `laterMilder` of 20 one step milder.
      for (let i = 0; i < 20; i++) await seedVisit(s.app, { id: `${prefix}-h1-${i}`, date: `2025-0${(i % 6) + 1}-15`, raters, steps: [3, 3], theme });
      for (let i = 0; i < 20; i++) await seedVisit(s.app, { id: `${prefix}-h2-${i}`, date: `2025-${String((i % 6) + 7).padStart(2, '0')}-15`, raters, steps: i < laterMilder ? [3, 2] : [3, 3], theme });
    };
    await halves('d8', 'leg', 8);
    const flagged = (await figures(s.world.admin, '?dato=2025-12-31')).consultants;
    expect(flagged.map((c) => [c.drift, c.flags])).toEqual([
      [expect.closeTo(raters[0] < raters[1] ? 0.4 : -0.4, 10), ['drift']],
      [expect.closeTo(raters[0] < raters[1] ? -0.4 : 0.4, 10), ['drift']],
    ]);
    await s.app.tilsyn.db.deleteFrom('records').execute();
    await halves('d7', 'leg', 7);
    const calm = (await figures(s.world.admin, '?dato=2025-12-31')).consultants;
    expect(calm.map((c) => c.flags)).toEqual([[], []]);
    expect(Math.abs(calm[0]!.drift!)).toBeCloseTo(0.35, 10);
  });
});
