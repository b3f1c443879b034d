import 'fake-indexeddb/auto';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../../shared/framework';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { SCORE_IMPORT_REQUIRED } from '../../../shared/importCsv';
import type { ComparisonRow } from '../../../shared/reportModel';
import type { Actor } from '../../../renderer/db/actor';
import { TilsynDatabase } from '../../../renderer/db/database';
import { updateRecord } from '../../../renderer/db/recordStore';
import { sendToHoering } from '../../../renderer/db/hoeringRepository';
import { changeStatus, setThemeStep, startInspection } from '../../../renderer/db/inspectionRepository';
import { finaliseInspection, loadLiveReport } from '../../../renderer/db/reportRepository';
import { ComparisonChart } from '../../../renderer/features/report/ComparisonChart';
import { getCachedReportAverage, refreshReportAverages } from '../../../renderer/sync/reportAverages';
import { serverClient } from '../../../renderer/sync/serverClient';
import { EXAMPLE_CSV, inspection, scores } from '../dashboard/fixture';
import { ADMIN_PASSWORD, api, freshDatabase, institution, login, setupWorld, startApp, DIALECTS, type FreshDatabase, type World } from '../server/helpers';

/*
 * A laptop holding two institutions (both final, every theme at step 4) finalises a report: the
 * comparison must carry the server's municipal average (the fixture's 40 institutions: 2,40 with
 * n = 40 for pædagogisk organisering), or "vises ikke (n < 5)", never the device's 4,00 with n = 2.
 */

const TODAY = '2026-03-12';
const METTE: Actor = { role: 'konsulent', displayName: 'Mette Kjær' };
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const T1 = 'paedagogisk-organisering';

let server: FreshDatabase;
let app: FastifyInstance;
let world: World;
let base = '';

beforeAll(async () => {
  server = await freshDatabase(DIALECTS[0]!);
  app = await startApp(server);
  world = await setupWorld(app);
  const admin = api(app, await login(app, 'admin', ADMIN_PASSWORD));
  // 40 institutions with final inspections on 2025-06-30, and INST-A and INST-B in 2022 only.
  expect((await admin.post('/api/import/institutions', { fileName: 'institutioner.csv', content: utf8(EXAMPLE_CSV), stepsDate: '2025-06-30' })).statusCode).toBe(200);
  const scoresCsv = [SCORE_IMPORT_REQUIRED.join(';'), 'INST-A;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3', 'INST-B;2022-06-14;anmeldt;v1;2;4;3;3;2;2;4'].join('\r\n');
  expect((await admin.post('/api/import/theme-scores', { fileName: 'scorer.csv', content: utf8(scoresCsv) })).statusCode).toBe(200);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await server?.drop();
});

/** The device: two institutions, each with a final inspection of all 4s inside every window below. */
async function laptop(name: string): Promise<TilsynDatabase> {
  const db = new TilsynDatabase(name);
  await db.frameworks.put(FRAMEWORK_V1);
  await db.institutions.bulkPut([institution('INST-A', 'Agerhønen'), institution('INST-B', 'Bakkehuset')]);
  for (const [id, inst, date] of [['old-a', 'INST-A', '2025-01-10'], ['old-b', 'INST-B', '2022-11-01']] as const) {
    await db.inspections.put(inspection(id, inst, date));
    await db.themeScores.bulkPut(scores(id, 4));
  }
  return db;
}

async function draft(db: TilsynDatabase, institutionId: string, date: string) {
  const i = await startInspection(db, { institutionId, date, visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Mette Kjær'], participants: [] }, TODAY);
  // Issue 12: finalising needs observations and the dialogue, or a reason; these tests are about the report, so they state one.
  await updateRecord(db, 'inspection', i.id, (c) => ({ ...c!, evidenceReason: 'Testen handler om rapporten' }), { actor: METTE });
  for (const t of THEME_IDS) await setThemeStep(db, i.id, t, 3);
  await changeStatus(db, i.id, 'udkast', TODAY, { actor: METTE });
  await sendToHoering(db, i.id, METTE);
  return i.id;
}

const chart = (rows: ComparisonRow[], municipalFetchedAt?: string | null) =>
  renderToStaticMarkup(createElement(ComparisonChart, { rows, previousDate: null, municipalLabel: 'Kommunens gennemsnit (24 mdr.)', municipalFetchedAt }));

/** Issue 12: finalising needs observations and the dialogue, or a stated reason; these tests are about the report, so they state one. */
const WAIVED = { evidenceReason: 'Testen handler om rapporten, ikke om besøget' };

describe('the report’s municipal average is the server’s', () => {
  it('the server computes the 24 months up to the visit, and suppresses n < 5 for everyone but forvaltning', async () => {
    const k = (await api(app, world.konsulentA).get('/api/stats/municipal-average?to=2026-03-12&scale=tilsyn-4-trin')).json();
    expect(k).toMatchObject({ from: '2024-03-12', to: '2026-03-12', institutions: 40, minN: 5 });
    expect(k.themes[T1]).toMatchObject({ suppressed: false, mean: 2.4, sum: 96, n: 40 });
    const small = (await api(app, world.lederA).get('/api/stats/municipal-average?to=2023-01-01&scale=tilsyn-4-trin')).json();
    expect(small.institutions).toBe(2);
    expect(small.themes[T1]).toEqual({ suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null });
    const forvaltning = (await api(app, world.admin).get('/api/stats/municipal-average?to=2023-01-01&scale=tilsyn-4-trin')).json();
    expect(forvaltning.themes[T1]).toMatchObject({ suppressed: false, mean: 2.5, n: 2 });
    expect((await api(app, world.konsulentA).get('/api/stats/municipal-average?to=2023-02-30&scale=x')).statusCode).toBe(400);
    expect((await api(app).get('/api/stats/municipal-average?to=2023-01-01&scale=tilsyn-4-trin')).statusCode).toBe(401);
  });

  it('a device holding two institutions freezes the server’s figure with n and fetch date, also finalised offline; "ikke hentet" before any fetch', async () => {
    const db = await laptop('report-average-1');
    try {
      const id = await draft(db, 'INST-A', TODAY);
      const before = await loadLiveReport(db, id);
      expect(before!.snapshot.municipalFetchedAt).toBeNull();
      expect(before!.snapshot.comparison.every((r) => r.municipal === null)).toBe(true);
      expect(chart(before!.snapshot.comparison, null)).toContain('ikke hentet');

      const client = serverClient({ baseUrl: base, token: world.konsulentA });
      expect(await refreshReportAverages(db, client)).toBe(1);
      const cached = await getCachedReportAverage(db, 'tilsyn-4-trin', TODAY);
      expect(cached!.average.themes[T1]).toMatchObject({ mean: 2.4, n: 40 });

      // Offline from here: finalising reads only the cache.
      const v = await finaliseInspection(db, id, TODAY, METTE, 'ingen', WAIVED);
      const row = v.snapshot.comparison.find((r) => r.themeId === T1)!;
      expect(row).toMatchObject({ current: 3, previous: 4, municipal: 2.4, municipalN: 40 });
      expect(v.snapshot.municipalFetchedAt).toBe(cached!.fetchedAt);
      // Never the device's own two institutions (all 4s: 4,00 with n = 2).
      expect(v.snapshot.comparison.some((r) => r.municipalN === 2 || r.municipal === 4)).toBe(false);
      const html = chart(v.snapshot.comparison, v.snapshot.municipalFetchedAt);
      expect(html).toContain('2,40 (n = 40)');
      expect(html).toContain('Kommunens gennemsnit fra serveren, hentet');
      expect(html).not.toContain('n = 2)');
    } finally {
      await db.delete();
    }
  });

  it('a window where the server has n < 5 freezes "vises ikke (n < 5)", and so does an old version frozen with n = 2', async () => {
    const db = await laptop('report-average-2');
    try {
      const id = await draft(db, 'INST-B', '2023-01-01');
      await refreshReportAverages(db, serverClient({ baseUrl: base, token: world.konsulentA }));
      const v = await finaliseInspection(db, id, TODAY, METTE, 'ingen', WAIVED);
      expect(v.snapshot.comparison.every((r) => r.municipalSuppressed === true && r.municipal === null)).toBe(true);
      const html = chart(v.snapshot.comparison, v.snapshot.municipalFetchedAt);
      expect(html).toContain('vises ikke (n &lt; 5)');
      expect(html).not.toContain('(n = ');

      // A version frozen before this rule, from the device's own rows: read back, the small cell is withheld.
      const old: ComparisonRow = { themeId: T1, themeName: 'Pædagogisk organisering', shortName: 'Org.', current: 3, previous: null, municipal: 3.5, municipalN: 2 };
      const oldHtml = chart([old]);
      expect(oldHtml).toContain('vises ikke (n &lt; 5)');
      expect(oldHtml).not.toContain('3,50');
    } finally {
      await db.delete();
    }
  });
});
