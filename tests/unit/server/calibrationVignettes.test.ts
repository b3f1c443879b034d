import { expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import type { VignetteView } from '../../../shared/calibration/vignettes';
import { api, describeDialects, login, useServer } from './helpers';

const scores = (step: number, over: Record<string, number> = {}) => ({ ...Object.fromEntries(THEME_IDS.map((id) => [id, step])), ...over });
const VIGNETTE = {
  title: 'Formiddag på stuen',
  situation: 'Ni børn leger i puderummet; to voksne rydder op efter frokost og taler sammen, mens et barn græder ved døren.',
  masterScores: scores(2, { leg: 3 }),
};

describeDialects('calibration sessions (vignettes)', (d) => {
  const s = useServer(d, {}, { world: true });
  const list = async (token: string): Promise<VignetteView[]> => {
    const res = await api(s.app, token).get('/api/kalibrering/vignetter');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().vignettes;
  };

  it('a consultant’s scores are locked before the master score and the anonymous spread of colleagues show', async () => {
    const published = await api(s.app, s.world.admin).post('/api/kalibrering/vignetter', VIGNETTE);
    expect(published.statusCode, published.body).toBe(201);
    const id = published.json().id as string;

    // Before answering: the situation, but neither the master score nor anyone's scores leave the server.
    const [before] = await list(s.world.konsulentA);
    expect(before).toMatchObject({ id, title: VIGNETTE.title, situation: VIGNETTE.situation, own: null, result: null });
    const raw = (await api(s.app, s.world.konsulentA).get('/api/kalibrering/vignetter')).body;
    expect(raw).not.toContain('masterScores');

    const incomplete = await api(s.app, s.world.konsulentA).post(`/api/kalibrering/vignetter/${id}/svar`, { scores: { leg: 3 } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toContain('Ugyldige scorer');

    expect((await api(s.app, s.world.konsulentA).post(`/api/kalibrering/vignetter/${id}/svar`, { scores: scores(3) })).statusCode).toBe(201);
    const [afterA] = await list(s.world.konsulentA);
    expect(afterA!.own!.scores).toEqual(scores(3));
    expect(afterA!.result).toMatchObject({ masterScores: VIGNETTE.masterScores, answers: 0 });
    // Konsulent B has not answered: still nothing, though A has.
    expect((await list(s.world.konsulentB))[0]!.result).toBeNull();

    expect((await api(s.app, s.world.konsulentB).post(`/api/kalibrering/vignetter/${id}/svar`, { scores: scores(2, { leg: 4 }) })).statusCode).toBe(201);
    const [afterB] = await list(s.world.konsulentB);
    // One colleague's answer would be that colleague's scores: below the minimum (default 3) no spread leaves the server.
    expect(afterB!.result).toMatchObject({ masterScores: VIGNETTE.masterScores, answers: 1, minAnswers: 3, spread: null });
    expect(JSON.stringify(afterB)).not.toContain(s.world.users['konsulent-a']);

    // Locked: a second answer is refused and the first stays.
    const again = await api(s.app, s.world.konsulentA).post(`/api/kalibrering/vignetter/${id}/svar`, { scores: scores(1) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('Du har allerede scoret denne vignet; dine scorer er låst');
    expect((await list(s.world.konsulentA))[0]!.own!.scores).toEqual(scores(3));

    // Forvaltning is held to the same minimum: two answers, no spread.
    expect((await list(s.world.admin))[0]!.result).toMatchObject({ answers: 2, spread: null });
    const raw2 = (await api(s.app, s.world.admin).get('/api/kalibrering/vignetter')).body;
    expect(raw2).toContain('"spread":null');

    // Two more consultants answer: A now sees three colleagues' counts, B too (A, C, D), forvaltning all four.
    for (const [name, step] of [['konsulent-c', 1], ['konsulent-d', 4]] as const) {
      expect((await api(s.app, s.world.admin).post('/api/admin/users', { username: name, displayName: name, role: 'konsulent', password: 'hemmelig-kode-42', institutionIds: [] })).statusCode).toBe(201);
      const token = await login(s.app, name, 'hemmelig-kode-42');
      expect((await api(s.app, token).post(`/api/kalibrering/vignetter/${id}/svar`, { scores: scores(2, { leg: step }) })).statusCode).toBe(201);
    }
    const [seenByA] = await list(s.world.konsulentA);
    expect(seenByA!.result).toMatchObject({ answers: 3, minAnswers: 3 });
    expect(seenByA!.result!.spread!.leg).toEqual([1, 0, 0, 2]);
    const [admin] = await list(s.world.admin);
    expect(admin!.result).toMatchObject({ answers: 4 });
    expect(admin!.result!.spread!.leg).toEqual([1, 0, 1, 2]);

    // The minimum is forvaltning's setting (at least 2; 1 is refused): at 5 nobody sees a spread.
    const settings = await api(s.app, s.world.admin).get('/api/kalibrering/indstillinger');
    const { thresholds, namedFiguresForManagement } = settings.json();
    expect(thresholds.minVignetteAnswers).toBe(3);
    expect((await api(s.app, s.world.admin).patch('/api/kalibrering/indstillinger', { thresholds: { ...thresholds, minVignetteAnswers: 1 }, namedFiguresForManagement })).statusCode).toBe(400);
    expect((await api(s.app, s.world.admin).patch('/api/kalibrering/indstillinger', { thresholds: { ...thresholds, minVignetteAnswers: 5 }, namedFiguresForManagement })).statusCode).toBe(200);
    expect((await list(s.world.admin))[0]!.result).toMatchObject({ answers: 4, minAnswers: 5, spread: null });
    expect((await list(s.world.konsulentA))[0]!.result).toMatchObject({ answers: 3, spread: null });
    expect((await s.app.tilsyn.db.selectFrom('audit').selectAll().where('action', '=', 'calibration.vignette_published').execute())).toHaveLength(1);
  });

  it('only forvaltning publishes; only a konsulent answers; a leder has no access; drafts are checked in Danish', async () => {
    expect((await api(s.app, s.world.konsulentA).post('/api/kalibrering/vignetter', VIGNETTE)).statusCode).toBe(403);
    expect((await api(s.app, s.world.lederA).get('/api/kalibrering/vignetter')).statusCode).toBe(403);
    const bad = await api(s.app, s.world.admin).post('/api/kalibrering/vignetter', { ...VIGNETTE, situation: 'kort' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('Beskriv situationen med mindst 20 tegn');
    const id = (await api(s.app, s.world.admin).post('/api/kalibrering/vignetter', VIGNETTE)).json().id as string;
    expect((await api(s.app, s.world.admin).post(`/api/kalibrering/vignetter/${id}/svar`, { scores: scores(3) })).statusCode).toBe(403);
    expect((await api(s.app, s.world.lederA).post(`/api/kalibrering/vignetter/${id}/svar`, { scores: scores(3) })).statusCode).toBe(403);
    expect((await api(s.app, s.world.konsulentA).post('/api/kalibrering/vignetter/findes-ikke/svar', { scores: scores(3) })).statusCode).toBe(404);
  });
});
