import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dashboard } from '../../../shared/dashboard';
import { SCORE_EXPORT_COLUMNS, parseScoresCsv, scoresToCsv, type ScoreExportRow } from '../../../shared/exportScores';
import { THEME_IDS, type ThemeId } from '../../../shared/framework';
import { FRAMEWORKS } from '../../../shared/frameworks/v1';
import { themeScoreId, type Inspection } from '../../../shared/inspection';
import type { Institution } from '../../../shared/institution';
import { ThemeAveragesSchema, type ThemeAverages } from '../../../shared/themeAverages';
import { scoreRowChunks, type ScoreCursor } from '../../../server/export/scorePages';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../../server/seed/records';
import { ALL_RECORDS } from '../../../server/sync/visibility';
import { api, countRows, describeDialects, institution, newInspection, useServer } from './helpers';

type Steps = Partial<Record<ThemeId, number | string>>;

/** An inspection with a score for every theme: a number is a step, a string is "ikke vurderet" with that reason. */
function inspectionWithScores(institutionId: string, over: Partial<Inspection>, steps: Steps | number): { inspection: Inspection; records: SeedRecord[] } {
  const inspection = newInspection(institutionId, { status: 'endelig', ...over });
  const records: SeedRecord[] = [{ type: 'inspection', data: inspection }];
  for (const t of THEME_IDS) {
    const v = typeof steps === 'number' ? steps : steps[t];
    if (v === undefined) continue;
    records.push({
      type: 'themeScore',
      data:
        typeof v === 'string'
          ? { id: themeScoreId(inspection.id, t), inspectionId: inspection.id, themeId: t, step: null, notAssessed: true, notAssessedReason: v }
          : { id: themeScoreId(inspection.id, t), inspectionId: inspection.id, themeId: t, step: v },
    });
  }
  return { inspection, records };
}

async function seed(app: FastifyInstance, items: { records: SeedRecord[] }[]) {
  await seedRecords(app.tilsyn.db, items.flatMap((i) => i.records));
}

interface Page {
  columns: string[];
  rows: ScoreExportRow[];
  total: number;
  limit: number;
  next: string | null;
}

describeDialects('BI read API: theme scores as JSON and CSV', (d) => {
  const s = useServer(d, {}, { world: true });

  /** A: two final inspections (2023, 2025) and a draft; B: one final (2024) and one in høring. */
  async function world() {
    const a2023 = inspectionWithScores('INST-A', { date: '2023-05-02', visitType: 'uanmeldt' }, { ...Object.fromEntries(THEME_IDS.map((t) => [t, 3])), leg: 'Børnene var på tur hele formiddagen' });
    const a2025 = inspectionWithScores('INST-A', { date: '2025-03-04' }, 4);
    const aDraft = inspectionWithScores('INST-A', { date: '2025-09-01', status: 'udkast' }, 1);
    const b2024 = inspectionWithScores('INST-B', { date: '2024-10-10', kind: 'skaerpet' }, 2);
    const bHoering = inspectionWithScores('INST-B', { date: '2025-06-01', status: 'i_hoering' }, 1);
    await seed(s.app, [a2023, a2025, aDraft, b2024, bHoering]);
    return { a2023: a2023.inspection, a2025: a2025.inspection, aDraft: aDraft.inspection, b2024: b2024.inspection, bHoering: bHoering.inspection };
  }

  const get = async (token: string, url: string) => api(s.app, token).get(url);
  const page = async (token: string, url: string): Promise<Page> => {
    const res = await get(token, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };

  it('gives forvaltning one row per final inspection × theme, with the framework version and the export columns', async () => {
    const w = await world();
    const p = await page(s.world.admin, '/api/export/theme-scores');
    expect(p.columns).toEqual([...SCORE_EXPORT_COLUMNS]);
    expect(p.total).toBe(3 * 7);
    expect(p.next).toBeNull();
    expect(new Set(p.rows.map((r) => r.tilsyn_id))).toEqual(new Set([w.a2023.id, w.a2025.id, w.b2024.id]));
    for (const r of p.rows) expect(Object.keys(r)).toEqual([...SCORE_EXPORT_COLUMNS]);
    const leg2023 = p.rows.find((r) => r.tilsyn_id === w.a2023.id && r.tema_id === 'leg')!;
    expect(leg2023).toMatchObject({
      institution_id: 'INST-A',
      institution: 'Institution INST-A',
      type: 'Integreret institution',
      ejerform: 'Kommunal',
      distrikt: '',
      dato: '2023-05-02',
      tilsynsform: 'uanmeldt',
      tilsynstype: 'ordinaer',
      ramme_id: 'v1',
      ramme_version: 1,
      skala_id: 'tilsyn-4-trin',
      tema_nr: 4,
      trin: null,
      trin_tekst: '',
      ikke_vurderet: 'ja',
      ikke_vurderet_begrundelse: 'Børnene var på tur hele formiddagen',
    });
    const b = p.rows.find((r) => r.tilsyn_id === w.b2024.id && r.tema_id === 'interaktion')!;
    expect(b).toMatchObject({ trin: 2, trin_tekst: 'Mindre tilfredsstillende', ikke_vurderet: 'nej', tilsynstype: 'skaerpet' });
    // Drafts and inspections in høring are not published figures.
    expect(JSON.stringify(p)).not.toContain(w.aDraft.id);
    expect(JSON.stringify(p)).not.toContain(w.bHoering.id);
  });

  it('the CSV has the same rows and is byte for byte what shared/exportScores.ts writes', async () => {
    await world();
    const json = await page(s.world.admin, '/api/export/theme-scores');
    const res = await get(s.world.admin, '/api/export/theme-scores.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tilsyn-temascorer-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toBe(scoresToCsv(json.rows));
    expect(res.body.split('\r\n')[0]).toBe('\uFEFF' + SCORE_EXPORT_COLUMNS.join(';'));
    expect(parseScoresCsv(res.body)).toEqual(json.rows);
  });

  it('streams each JSON page as the bytes of JSON.stringify of the page, whatever the chunk size it is read in', async () => {
    await world();
    const res = await get(s.world.admin, '/api/export/theme-scores?status=alle&limit=9');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const p = res.json() as Page & { generatedAt: string };
    expect(Object.keys(p)).toEqual(['columns', 'rows', 'total', 'limit', 'next', 'generatedAt']);
    expect(res.body).toBe(JSON.stringify({ columns: SCORE_EXPORT_COLUMNS, rows: p.rows, total: 35, limit: 9, next: p.next, generatedAt: p.generatedAt }));
    // The chunks cut the page's one query into parts: any chunk size gives the same rows and the same next cursor.
    const db = s.app.tilsyn.readDb;
    const selection = { scope: ALL_RECORDS, onlyFinal: false };
    const read = async (after: ScoreCursor | null, limit: number, chunk: number) => {
      const gen = scoreRowChunks(db, selection, after, limit, chunk);
      const rows: ScoreExportRow[] = [];
      for (let step = await gen.next(); ; step = await gen.next()) {
        if (step.done) return { rows, next: step.value };
        expect(step.value.length).toBeGreaterThan(0);
        rows.push(...step.value);
      }
    };
    for (const limit of [1, 6, 7, 8, 14, 34, 35, 36, 1000]) {
      let after: ScoreCursor | null = null;
      const all: ScoreExportRow[] = [];
      do {
        const whole = await read(after, limit, 1_000_000);
        for (const chunk of [1, 2, 3]) expect(await read(after, limit, chunk)).toEqual(whole);
        all.push(...whole.rows);
        after = whole.next;
      } while (after);
      expect(all).toEqual((await page(s.world.admin, '/api/export/theme-scores?status=alle')).rows);
    }
  });

  it('filters by period, institution and status', async () => {
    const w = await world();
    const admin = s.world.admin;
    const ids = async (url: string) => [...new Set((await page(admin, url)).rows.map((r) => r.tilsyn_id))].sort();
    expect(await ids('/api/export/theme-scores?from=2024-01-01')).toEqual([w.a2025.id, w.b2024.id].sort());
    expect(await ids('/api/export/theme-scores?from=2023-01-01&to=2024-10-09')).toEqual([w.a2023.id]);
    expect(await ids('/api/export/theme-scores?to=2024-10-10')).toEqual([w.a2023.id, w.b2024.id].sort());
    expect(await ids('/api/export/theme-scores?institutionId=INST-B')).toEqual([w.b2024.id]);
    expect(await ids('/api/export/theme-scores?institutionId=INST-A&institutionId=INST-B')).toHaveLength(3);
    expect(await ids('/api/export/theme-scores?institutionId=INST-A,INST-B&from=2025-01-01')).toEqual([w.a2025.id]);
    expect(await ids('/api/export/theme-scores?status=alle')).toEqual([w.a2023.id, w.a2025.id, w.aDraft.id, w.b2024.id, w.bHoering.id].sort());
    const csv = await get(admin, '/api/export/theme-scores.csv?institutionId=INST-B&from=2024-01-01&to=2024-12-31');
    expect(parseScoresCsv(csv.body).map((r) => r.tilsyn_id)).toEqual(Array(7).fill(w.b2024.id));
  });

  it('pages the JSON with limit and a cursor in a stable order (institution id, date, inspection id, theme); the pages together are the whole selection', async () => {
    const w = await world();
    const admin = s.world.admin;
    const whole = await page(admin, '/api/export/theme-scores?status=alle');
    expect(whole.total).toBe(35);
    // Institution id, then visit date, then theme order within an inspection.
    expect([...new Set(whole.rows.map((r) => r.tilsyn_id))]).toEqual([w.a2023.id, w.a2025.id, w.aDraft.id, w.b2024.id, w.bHoering.id]);
    expect(whole.rows.slice(0, 7).map((r) => r.tema_nr)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const rows: ScoreExportRow[] = [];
    let url: string | null = '/api/export/theme-scores?status=alle&limit=8';
    let pages = 0;
    while (url) {
      const p: Page = await page(admin, url);
      expect(p.total).toBe(35);
      expect(p.limit).toBe(8);
      rows.push(...p.rows);
      url = p.next;
      pages++;
      if (url) expect(url).toMatch(/^\/api\/export\/theme-scores\?status=alle&limit=8&cursor=[A-Za-z0-9_-]+$/);
    }
    expect(pages).toBe(5);
    expect(rows).toEqual(whole.rows);
    // A row finalised after page 1 and sorting before the cursor does not shift the later pages (keyset, not offset).
    const first = await page(admin, '/api/export/theme-scores?status=alle&limit=8');
    const early = inspectionWithScores('INST-A', { date: '2020-01-01' }, 2);
    await seed(s.app, [early]);
    const second = await page(admin, first.next!);
    expect(second.rows).toEqual(whole.rows.slice(8, 16));
  });

  it('respects visibility: leder and konsulent get only their institutions; a leder only what is in høring or final', async () => {
    const w = await world();
    const lederA = await page(s.world.lederA, '/api/export/theme-scores?status=alle');
    expect(new Set(lederA.rows.map((r) => r.tilsyn_id))).toEqual(new Set([w.a2023.id, w.a2025.id]));
    const lederB = await page(s.world.lederB, '/api/export/theme-scores?status=alle');
    expect(new Set(lederB.rows.map((r) => r.tilsyn_id))).toEqual(new Set([w.b2024.id, w.bHoering.id]));
    const konsulentA = await page(s.world.konsulentA, '/api/export/theme-scores?status=alle');
    expect(new Set(konsulentA.rows.map((r) => r.tilsyn_id))).toEqual(new Set([w.a2023.id, w.a2025.id, w.aDraft.id]));
    const csv = await get(s.world.lederA, '/api/export/theme-scores.csv');
    expect(csv.body).not.toContain('INST-B');
    expect(parseScoresCsv(csv.body)).toHaveLength(14);
  });

  it('refuses institutions the user may not see with the same answer as unknown ones, and no data', async () => {
    const w = await world();
    for (const url of [
      '/api/export/theme-scores?institutionId=INST-B',
      '/api/export/theme-scores?institutionId=INST-A,INST-B',
      '/api/export/theme-scores.csv?institutionId=INST-B',
      '/api/export/theme-scores?institutionId=FINDES-IKKE',
    ]) {
      const res = await get(s.world.lederA, url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toEqual({ error: 'Du har ikke adgang til alle de valgte institutioner', code: 'ingen_adgang' });
      expect(res.body).not.toContain(w.b2024.id);
    }
    // Forvaltning sees everything, so an unknown id is simply a mistake to point out.
    const unknown = await get(s.world.admin, '/api/export/theme-scores?institutionId=INST-Q');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toBe('Ukendt institution: INST-Q');
  });

  it('answers bad queries with a 400 in Danish and no login with a 401', async () => {
    await world();
    const cases: [string, RegExp][] = [
      ['/api/export/theme-scores?limit=0', /limit skal være mindst 1/],
      ['/api/export/theme-scores?limit=100000', /limit må højst være 10000/],
      ['/api/export/theme-scores?offset=10', /Ukendt parameter: offset/],
      ['/api/export/theme-scores?cursor=bm9nZXQtYW5kZXQ', /cursor er ikke en side fra denne server/],
      ['/api/export/theme-scores?limit=abc', /limit skal være et tal/],
      ['/api/export/theme-scores?from=2025-13-01', /from: Datoen/],
      ['/api/export/theme-scores?from=2025-02-01&to=2025-01-01', /from skal være før eller lig med to/],
      ['/api/export/theme-scores?status=kladde', /status skal være endelig eller alle/],
      ['/api/export/theme-scores?institution=INST-A', /Ukendt parameter: institution/],
      ['/api/export/theme-scores.csv?limit=10', /Ukendt parameter: limit/],
    ];
    for (const [url, message] of cases) {
      const res = await get(s.world.admin, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error, url).toMatch(/^Ugyldigt udtræk: /);
      expect(res.json().error, url).toMatch(message);
    }
    for (const url of ['/api/export/theme-scores', '/api/export/theme-scores.csv']) {
      const res = await s.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain('INST-');
    }
  });
});

describeDialects('municipal theme averages for every logged-in user', (d) => {
  const s = useServer(d, {}, { world: true });

  const extra: Institution[] = ['INST-C', 'INST-D', 'INST-E', 'INST-F'].map((id) => institution(id));

  /**
   * 2024: six institutions with a final inspection (A–F); A has two, the later one counts. Overgange
   * is "ikke vurderet" at two of them, so its n is 4 and the cell is suppressed.
   * 2023: three institutions only: every cell suppressed. Drafts never count.
   */
  async function world() {
    await seedInstitutions(s.app.tilsyn.db, extra);
    const steps2024: Record<string, number> = { 'INST-A': 4, 'INST-B': 1, 'INST-C': 2, 'INST-D': 3, 'INST-E': 3, 'INST-F': 3 };
    const items = [
      inspectionWithScores('INST-A', { date: '2024-02-01' }, 1), // replaced by A's later inspection in 2024
      ...Object.entries(steps2024).map(([id, step]) =>
        inspectionWithScores(id, { date: '2024-06-01' }, { ...Object.fromEntries(THEME_IDS.map((t) => [t, step])), ...(id === 'INST-E' || id === 'INST-F' ? { overgange: 'Ingen overgange i perioden' } : {}) }),
      ),
      ...['INST-A', 'INST-B', 'INST-C'].map((id) => inspectionWithScores(id, { date: '2023-04-01' }, 2)),
      inspectionWithScores('INST-D', { date: '2024-11-01', status: 'udkast' }, 1),
      inspectionWithScores('INST-E', { date: '2024-11-02', status: 'i_hoering' }, 1),
    ];
    await seed(s.app, items);
    return items;
  }

  const averages = async (token: string): Promise<ThemeAverages> => {
    const res = await api(s.app, token).get('/api/stats/theme-averages');
    expect(res.statusCode, res.body).toBe(200);
    return ThemeAveragesSchema.parse(res.json());
  };

  it('gives per year and theme the mean, n and step counts over all institutions, with small cells suppressed', async () => {
    await world();
    const a = await averages(s.world.lederA);
    expect(a).toMatchObject({ scaleId: 'tilsyn-4-trin', frameworkId: 'v1', grouping: 'year', minN: 5 });
    expect(a.periods.map((p) => p.key)).toEqual(['2023', '2024']);
    const [y2023, y2024] = a.periods as [ThemeAverages['periods'][number], ThemeAverages['periods'][number]];
    expect(y2023.institutions).toBe(3);
    for (const t of THEME_IDS) expect(y2023.themes[t]).toEqual({ suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null });
    expect(y2024.institutions).toBe(6);
    // (4 + 1 + 2 + 3 + 3 + 3) / 6 = 16 / 6
    expect(y2024.themes.leg).toEqual({ suppressed: false, mean: 16 / 6, sum: 16, n: 6, counts: { 1: 1, 2: 1, 3: 3, 4: 1 }, notAssessed: 0 });
    expect(y2024.themes['paedagogisk-organisering'].mean).toBeCloseTo(2.6667, 4);
    // Overgange: E and F not assessed → n = 4 < 5.
    expect(y2024.themes.overgange).toEqual({ suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null });
  });

  it('is the same figure as the forvaltning dashboard computes from the same data', async () => {
    const items = await world();
    const a = await averages(s.world.admin);
    const institutions = [institution('INST-A'), institution('INST-B'), ...extra];
    const d = dashboard(
      { institutions, inspections: items.map((i) => i.inspection), themeScores: items.flatMap((i) => i.records.filter((r) => r.type === 'themeScore').map((r) => r.data)) as never, frameworks: [...FRAMEWORKS] },
      {},
      { today: '2026-01-01' },
    );
    const dash2024 = d.periods.find((p) => p.key === '2024')!;
    for (const t of THEME_IDS) {
      const cell = a.periods[1]!.themes[t];
      if (cell.suppressed) expect(dash2024.stats[t].n).toBeLessThan(5);
      else expect({ mean: cell.mean, n: cell.n, counts: cell.counts }).toEqual({ mean: dash2024.stats[t].mean, n: dash2024.stats[t].n, counts: dash2024.stats[t].counts });
    }
  });

  it('holds aggregates only: no institution ids, names or inspection ids, for a leder as for forvaltning', async () => {
    const items = await world();
    const res = await api(s.app, s.world.lederA).get('/api/stats/theme-averages');
    expect(res.statusCode).toBe(200);
    for (const marker of ['INST-', 'Institution ', ...items.map((i) => i.inspection.id)]) expect(res.body).not.toContain(marker);
    expect(Object.keys(res.json()).sort()).toEqual(['frameworkId', 'generatedAt', 'grouping', 'minN', 'periods', 'scaleId', 'updatedAt']);
    for (const p of res.json().periods) expect(Object.keys(p).sort()).toEqual(['institutions', 'key', 'label', 'themes', 'year']);
    const forLeder = await averages(s.world.lederA);
    const forAdmin = await averages(s.world.admin);
    expect({ ...forLeder, generatedAt: '' }).toEqual({ ...forAdmin, generatedAt: '' });
  });

  it('follows new final inspections (the cached answer is dropped when anything changes)', async () => {
    await world();
    const before = await averages(s.world.konsulentA);
    expect(before.periods.find((p) => p.key === '2025')).toBeUndefined();
    const five = ['INST-A', 'INST-B', 'INST-C', 'INST-D', 'INST-E'].map((id) => inspectionWithScores(id, { date: '2025-05-05' }, 3));
    await seed(s.app, five);
    const after = await averages(s.world.konsulentA);
    expect(after.periods.find((p) => p.key === '2025')!.themes.leg).toEqual({ suppressed: false, mean: 3, sum: 15, n: 5, counts: { 1: 0, 2: 0, 3: 5, 4: 0 }, notAssessed: 0 });
  });

  it('needs a login and changes nothing', async () => {
    await world();
    const before = await countRows(s.app, 'records');
    const res = await s.app.inject({ method: 'GET', url: '/api/stats/theme-averages' });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('periods');
    expect(await countRows(s.app, 'records')).toBe(before);
  });
});
