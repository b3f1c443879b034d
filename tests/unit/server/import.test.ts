import { formatProblemIn } from '../../../shared/importCsv';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { THEME_IDS } from '../../../shared/framework';
import { SCORE_IMPORT_REQUIRED } from '../../../shared/importCsv';
import type { Inspection } from '../../../shared/inspection';
import { byHand, EXAMPLE_CSV, STEP_COLUMNS } from '../dashboard/fixture';
import { PASSWORD, api, countRows, describeDialects, login, pullAll, useServer } from './helpers';

/** What Danish Excel's "CSV (semikolonsepareret)" writes: Windows-1252 (æøå as single bytes), semicolons, CRLF. */
function danishExcel(csv: string): string {
  const text = csv.trim().split('\n').map((l) => l.split(',').join(';')).join('\r\n') + '\r\n';
  return Buffer.from(Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)))).toString('base64');
}
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function counts(app: FastifyInstance) {
  const institutions = await app.tilsyn.db.selectFrom('institutions').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const audit = await app.tilsyn.db.selectFrom('audit').select('action').where('action', 'like', 'import.%').execute();
  return { institutions: Number(institutions.n), records: await countRows(app, 'records'), revisions: await countRows(app, 'record_revisions'), importAudits: audit.length };
}

const SCORES = [
  SCORE_IMPORT_REQUIRED.join(';'),
  'INST-A;03.05.2022;Anmeldt;v1;3;2;4;3;3;2;3',
  'INST-B;2022-06-14;uanmeldt;v1;2;4;3;3;2;"iv:Ingen aktiviteter; ikke drøftet";4',
].join('\r\n');

describeDialects('import on the server', (d) => {
  const s = useServer(d, {}, { world: true });

  it('only forvaltning may import', async () => {
    for (const token of [s.world.konsulentA, s.world.lederA]) {
      const res = await api(s.app, token).post('/api/import/institutions?dryRun=1', { fileName: 'x.csv', content: utf8(EXAMPLE_CSV) });
      expect(res.statusCode).toBe(403);
    }
    expect((await api(s.app).post('/api/import/theme-scores', { fileName: 'x.csv', content: utf8(SCORES) })).statusCode).toBe(401);
  });

  it('a dry run of the fixture (Windows-1252, ;) previews 40 institutions and 280 scores and stores nothing', async () => {
    const before = await counts(s.app);
    const res = await api(s.app, s.world.admin).post('/api/import/institutions?dryRun=1', { fileName: 'institutioner.csv', content: danishExcel(EXAMPLE_CSV), stepsDate: '2021-06-30' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'institutions',
      dryRun: true,
      fileName: 'institutioner.csv',
      encoding: 'windows-1252',
      institutions: { created: 40, updated: 0 },
      inspections: { created: 40, updated: 0 },
      themeScores: 280,
      inspectedInstitutions: 40,
    });
    expect(await counts(s.app)).toEqual(before);
  });

  it('commits the fixture in one go: every user with the right sees it through pull, the averages and the BI API show 2,40 and 2,60 with n = 40', async () => {
    const admin = api(s.app, s.world.admin);
    const res = await admin.post('/api/import/institutions', { fileName: 'institutioner.csv', content: danishExcel(EXAMPLE_CSV), stepsDate: '2021-06-30' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, institutions: { created: 40, updated: 0 }, inspections: { created: 40 }, themeScores: 280 });

    const avg = (await admin.get('/api/stats/theme-averages')).json();
    const y2021 = avg.periods.find((p: { key: string }) => p.key === '2021');
    expect(y2021.themes['paedagogisk-organisering']).toMatchObject({ suppressed: false, mean: 2.4, sum: 96, n: 40 });
    expect(y2021.themes['boernenes-kompetencer']).toMatchObject({ mean: 2.6, sum: 104, n: 40 });
    for (const t of THEME_IDS) expect(y2021.themes[t].counts).toEqual(byHand(STEP_COLUMNS[t]).counts);

    const bi = (await admin.get('/api/export/theme-scores?from=2021-01-01&to=2021-12-31&limit=1000')).json();
    expect(bi.total).toBe(280);

    // A leder linked to one imported institution pulls it with its imported, final inspection.
    const created = await admin.post('/api/admin/users', { username: 'leder-di01', displayName: 'Leder DI-01', role: 'leder', password: PASSWORD, institutionIds: ['DI-01'] });
    expect(created.statusCode).toBe(201);
    const pulled = await pullAll(s.app, await login(s.app, 'leder-di01'));
    expect(pulled.institutions.map((i) => i.id)).toEqual(['DI-01']);
    expect(pulled.institutions[0]!.data).toMatchObject({ name: 'Agerhønen' });
    const insp = pulled.changes.filter((r) => r.recordType === 'inspection').map((r) => r.data as unknown as Inspection);
    expect(insp).toHaveLength(1);
    expect(insp[0]).toMatchObject({ id: 'import-DI-01-2021-06-30', status: 'endelig', consultants: ['importeret'], imported: { fileName: 'institutioner.csv', importedBy: expect.any(String) } });
    expect(pulled.changes.filter((r) => r.recordType === 'themeScore')).toHaveLength(7);

    const audit = (await admin.get('/api/admin/audit?action=import.institutions')).json();
    expect(audit.entries).toHaveLength(1);
  });

  it('importing the same file again replaces instead of duplicating (and keeps a district set on the server)', async () => {
    const admin = api(s.app, s.world.admin);
    const body = { fileName: 'institutioner.csv', content: utf8(EXAMPLE_CSV), stepsDate: '2021-06-30' };
    await admin.post('/api/import/institutions', body);
    expect((await admin.patch('/api/admin/institutions/DI-01', { district: 'Nord' })).statusCode).toBe(200);
    const again = await admin.post('/api/import/institutions', body);
    expect(again.json()).toMatchObject({ institutions: { created: 0, updated: 40 }, inspections: { created: 0, updated: 40 } });
    expect(await countRows(s.app, 'records')).toBe(40 * 8);
    const di01 = (await admin.get('/api/admin/institutions')).json().institutions.find((i: { id: string }) => i.id === 'DI-01');
    expect(di01).toMatchObject({ district: 'Nord', name: 'Agerhønen' });
  });

  it('the unit columns: an enhed under an institution of the file or of the server; a re-import with empty cells clears them, one without the columns keeps them; bad values are refused per row and column', async () => {
    const admin = api(s.app, s.world.admin);
    const units = readFileSync(new URL('../../../examples/institutions-units.csv', import.meta.url), 'utf8');
    const res = await admin.post('/api/import/institutions', { fileName: 'enheder.csv', content: utf8(units) });
    expect(res.statusCode).toBe(200);
    expect(res.json().institutions).toEqual({ created: 5, updated: 0 });
    const stored = async (id: string) => ((await admin.get('/api/admin/institutions')).json().institutions as { id: string; unitType?: string; parentInstitutionId?: string }[]).find((i) => i.id === id);
    expect(await stored('BH-10A')).toMatchObject({ unitType: 'enhed', parentInstitutionId: 'BH-10' });
    expect(await stored('PU-01')).toMatchObject({ unitType: 'puljeordning' });
    // Devices get them by pull.
    expect((await pullAll(s.app, s.world.admin)).institutions.find((i) => i.id === 'BH-10B')?.data).toMatchObject({ unitType: 'enhed', parentInstitutionId: 'BH-10' });

    const header = units.split('\n')[0]!;
    // A new enhed under an institution the server has (not in this file).
    const more = [header, 'BH-10C;Kilden, afdeling Bakken;vuggestue;kommunal;12;0;24;0;0;3;3;3;3;3;3;3;enhed;BH-10'].join('\n');
    expect((await admin.post('/api/import/institutions', { fileName: 'enheder2.csv', content: utf8(more) })).json().institutions).toEqual({ created: 1, updated: 0 });
    // Without the columns, the stored unit fields stay.
    const plain = units.split('\n').map((l) => l.split(';').slice(0, 16).join(';')).join('\n');
    await admin.post('/api/import/institutions', { fileName: 'uden-enheder.csv', content: utf8(plain) });
    expect(await stored('BH-10A')).toMatchObject({ unitType: 'enhed', parentInstitutionId: 'BH-10' });
    // With the columns and empty cells, they are cleared (derived from the type again).
    const cleared = [header, 'BH-10A;Kilden, afdeling Åen;integreret;kommunal;12;20;44;0;0;3;2;3;3;3;2;3;;'].join('\n');
    await admin.post('/api/import/institutions', { fileName: 'ryd.csv', content: utf8(cleared) });
    const after = await stored('BH-10A');
    expect(after?.unitType).toBeUndefined();
    expect(after?.parentInstitutionId).toBeUndefined();

    const before = await counts(s.app);
    const bad = [header, 'X-1;A;vuggestue;kommunal;1;0;1;0;0;3;3;3;3;3;3;3;skole;', 'X-2;B;vuggestue;kommunal;1;0;1;0;0;3;3;3;3;3;3;3;enhed;INGEN'].join('\n');
    const refused = await admin.post('/api/import/institutions', { fileName: 'fejl.csv', content: utf8(bad) });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toEqual([
      { line: 2, column: 'enhedstype', message: expect.stringContaining('Enhedstypen skal være daginstitution, enhed'), key: 'import:problem.unitType', params: { types: expect.stringContaining('daginstitution') }, value: expect.any(String) },
    ]);
    const badParent = [header, 'X-2;B;vuggestue;kommunal;1;0;1;0;0;3;3;3;3;3;3;3;enhed;INGEN', 'X-3;C;vuggestue;kommunal;1;0;1;0;0;3;3;3;3;3;3;3;enhed;BH-10B'].join('\n');
    expect((await admin.post('/api/import/institutions', { fileName: 'fejl.csv', content: utf8(badParent) })).json().issues).toEqual([
      { path: 'Linje 2, kolonne hoerer_under', message: 'Institutionen INGEN findes ikke (hverken i filen eller i appen)' },
      { path: 'Linje 3, kolonne hoerer_under', message: 'En enhed kan ikke høre under en anden enhed' },
    ]);
    expect(await counts(s.app)).toEqual(before);
  });

  it('historical theme scores: Danish dates and labels, the imported marker, and the konsulent of A pulls A only', async () => {
    const admin = api(s.app, s.world.admin);
    const dry = await admin.post('/api/import/theme-scores?dryRun=1', { fileName: 'scorer.csv', content: utf8(SCORES) });
    expect(dry.json()).toMatchObject({ kind: 'scores', dryRun: true, inspections: { created: 2, updated: 0 }, themeScores: 14, inspectedInstitutions: 2 });
    expect(await countRows(s.app, 'records')).toBe(0);
    const res = await admin.post('/api/import/theme-scores', { fileName: 'scorer.csv', content: utf8(SCORES) });
    expect(res.statusCode).toBe(200);
    const pulled = await pullAll(s.app, s.world.konsulentA);
    const insp = pulled.changes.filter((r) => r.recordType === 'inspection');
    expect(insp.map((r) => r.recordId)).toEqual(['import-INST-A-2022-05-03']);
    expect(insp[0]!.data).toMatchObject({ date: '2022-05-03', visitType: 'anmeldt', status: 'endelig', imported: { fileName: 'scorer.csv' } });
  });

  it('a file with problems is refused with every problem and its line (a CPR number too); nothing is stored', async () => {
    const admin = api(s.app, s.world.admin);
    const before = await counts(s.app);
    const bad = [SCORE_IMPORT_REQUIRED.join(';'), 'INST-A;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3', 'INST-Z;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3', 'INST-B;2022-06-14;uanmeldt;v1;2;4;3;3;2;"iv:cpr 010203-1234";4'].join('\n');
    for (const dryRun of ['?dryRun=1', '']) {
      const res = await admin.post(`/api/import/theme-scores${dryRun}`, { fileName: 'scorer.csv', content: utf8(bad) });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'importfejl', problems: [{ line: 3, column: 'institution_id' }, { line: 4, column: 'boernenes-kompetencer' }] });
      expect(res.json().problems[1].message).toMatch(/CPR-nummer/);
      expect(res.json().issues[0]).toEqual({ path: 'Linje 3, kolonne institution_id', message: res.json().problems[0].message });
      expect(res.body).not.toContain('010203');
      expect(res.json().error).toMatch(/^scorer\.csv kan ikke importeres \(2 fejl\): Linje 3, kolonne institution_id: /);
    }
    const missing = await admin.post('/api/import/institutions', { fileName: 'inst.csv', content: utf8(EXAMPLE_CSV.replace('enheder,', '')) });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().problems[0]).toEqual({ line: 1, message: 'kolonnen enheder mangler', key: 'import:problem.columnsMissing', params: { count: 1, columns: 'enheder' } });
    // The key and params let a client in English word the same problem in English.
    expect(formatProblemIn(missing.json().problems[0], 'en')).toBe('Line 1: the column enheder is missing');
    expect(await counts(s.app)).toEqual(before);
  });

  it('an error inside the write transaction stores nothing, not even the institutions written before it', async () => {
    const before = await counts(s.app);
    // Without framework v1 the steps cannot be written: the failure comes after the 40 institutions.
    await s.app.tilsyn.db.deleteFrom('frameworks').where('id', '=', 'v1').execute();
    const res = await api(s.app, s.world.admin).post('/api/import/institutions', { fileName: 'institutioner.csv', content: utf8(EXAMPLE_CSV), stepsDate: '2021-06-30' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('Tilsynskonceptet v1 findes ikke på serveren; trinene kan ikke importeres');
    expect(await counts(s.app)).toEqual(before);
  });

  it('takes a file larger than the server’s usual 1 MB body limit (a dry run of 15,000 institutions)', async () => {
    const header = EXAMPLE_CSV.split('\n')[0]!.trim();
    const lines = Array.from({ length: 15_000 }, (_, k) => `X-${k},Institution nummer ${k} i Kommunen,integreret,kommunal,20,40,60,0,0,3,3,3,3,3,3,3`);
    const content = utf8([header, ...lines].join('\r\n'));
    expect(content.length).toBeGreaterThan(1024 * 1024);
    const res = await api(s.app, s.world.admin).post('/api/import/institutions?dryRun=1', { fileName: 'stor.csv', content });
    expect(res.statusCode).toBe(200);
    expect(res.json().institutions).toEqual({ created: 15_000, updated: 0 });
  });

  it('bad requests: not base64, a future steps date, an unknown parameter', async () => {
    const admin = api(s.app, s.world.admin);
    const notB64 = await admin.post('/api/import/institutions', { fileName: 'x.csv', content: 'æøå!' });
    expect(notB64.statusCode).toBe(400);
    expect(notB64.json().error).toMatch(/^Ugyldig import: content: Filens indhold skal sendes som base64/);
    const future = await admin.post('/api/import/institutions?dryRun=1', { fileName: 'x.csv', content: utf8(EXAMPLE_CSV), stepsDate: '2999-01-01' });
    expect(future.statusCode).toBe(422);
    expect((await admin.post('/api/import/institutions?dry=1', { fileName: 'x.csv', content: utf8(EXAMPLE_CSV) })).statusCode).toBe(400);
  });
});
