import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { themeScoreId, type Inspection } from '../../../shared/inspection';
import { publicationId } from '../../../shared/publication';
import { buildReport } from '../../../shared/reportModel';
import { reportVersionId, type ReportSnapshot } from '../../../shared/reportVersion';
import type { PushResult } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer, type World } from './helpers';

/**
 * Publication on the server: the publication record is judged like every write (only a final
 * version, by the consultant, privacy check and board orientation), and only published versions
 * reach the login-free public pages.
 */

const K = 'konsulent-device';
const SLUG = 'testrup-kommune';

describeDialects('publication and the public pages', (d) => {
  const s = useServer(d, { municipality: { name: 'Testrup Kommune' } }, { world: true });

  const push = async (token: string, ...ms: ReturnType<typeof mutation>[]): Promise<PushResult[]> => pushBody(await api(s.app, token).push(K, ms)).results;

  /** A final inspection of INST-A with version 1, whose anerkendelse is `text`. */
  async function finalInspection(w: World, text = 'Medarbejderne er nærværende i legen') {
    const insp: Inspection = newInspection('INST-A', { status: 'i_gang', evidenceReason: 'Testdata uden observationer' });
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const scores = FRAMEWORK_V1.themes.map((t, i) => ({ id: themeScoreId(id, t.id), rev: 0, updatedAt: '', inspectionId: id, themeId: t.id, step: i === 2 ? null : ((i % 4) + 1) as 1 | 2 | 3 | 4, note: '', notAssessed: i === 2, notAssessedReason: i === 2 ? 'Ikke set' : '' }));
    const results = await push(
      w.konsulentA,
      mutation('inspection', id, 0, fields),
      ...scores.map((sc) => mutation('themeScore', sc.id, 0, { inspectionId: id, themeId: sc.themeId, ...(sc.notAssessed ? { notAssessed: true, notAssessedReason: sc.notAssessedReason } : { step: sc.step }) })),
      mutation('inspection', id, 1, { status: 'udkast' }),
      mutation('inspection', id, 2, { status: 'i_hoering' }),
      mutation('inspection', id, 3, { status: 'endelig', concernLevel: 'ingen' }),
    );
    expect(results.filter((r) => r.status !== 'applied').map((r) => r.reason)).toEqual([]);
    const report = buildReport(FRAMEWORK_V1, { ...insp, status: 'endelig' }, undefined, scores as never, [{ id: 'a1', rev: 0, updatedAt: '', inspectionId: id, themeId: 'leg', text, deleted: false, createdAt: '' } as never], []);
    const snapshot: ReportSnapshot = { ...report, comparison: [], previousDate: null, municipalLabel: 'Kommunens gennemsnit (24 mdr.)' };
    const [v] = await push(w.konsulentA, mutation('rapportversion', reportVersionId(id, 1), 0, { inspectionId: id, version: 1, createdAt: '2025-03-20T09:00:00.000Z', createdBy: 'Karen Konsulent', reason: '', snapshot }));
    expect(v).toMatchObject({ status: 'applied' });
    return id;
  }

  const board = { informedOn: '2025-04-01', form: 'bestyrelsesmoede', comment: 'Bestyrelsen glæder sig over legen.' };
  const publication = (id: string, over: Record<string, unknown> = {}) =>
    mutation('publicering', publicationId(id, 1), 0, { inspectionId: id, institutionId: 'INST-A', version: 1, publishedOn: '2025-04-10', url: 'https://solsikken.dk/tilsyn', publishedBy: 'Karen Konsulent', board, followUp: [], ...over });

  it('an unpublished final version is not on the public page; a publication puts it there, as HTML and PDF', async () => {
    const w = s.world;
    const id = await finalInspection(w);
    const list0 = await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}` });
    expect(list0.statusCode).toBe(200);
    expect(list0.body).toContain('Der er endnu ikke offentliggjort nogen tilsynsrapporter');
    expect((await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}/INST-A` })).statusCode).toBe(404);

    // The leder may read the publication, not make it.
    const [byLeder] = await push(w.lederA, publication(id));
    expect(byLeder).toMatchObject({ status: 'rejected' });
    const [ok] = await push(w.konsulentA, publication(id));
    expect(ok).toMatchObject({ status: 'applied' });
    // Frozen: a change is refused.
    const [changed] = await push(w.konsulentA, mutation('publicering', publicationId(id, 1), 1, { url: 'https://andet.dk/x' }));
    expect(changed).toMatchObject({ status: 'rejected', reason: 'En offentliggørelse kan ikke ændres. En rettet rapport offentliggøres som en ny version' });

    const list = await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}` });
    expect(list.body).toContain('Institution INST-A');
    const html = await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}/INST-A` });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<html lang="da">');
    expect(html.body).toContain('Testrup Kommune');
    // Prose carries Danish soft hyphens.
    expect(html.body.replaceAll('\u00AD', '')).toContain('Bestyrelsen glæder sig over legen.');
    expect(html.body).toContain('Be\u00ADsty\u00ADrel\u00ADsen');
    const pdf = await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}/INST-A.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'tilsyn-pdf-'));
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, pdf.rawPayload);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Tilsynsrapport for INST-A, 4. marts 2025/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Testrup Kommune');
    expect(text).toContain('Ikke vurderet');
    // Danish letters survive the embedded font (soft hyphens are not drawn).
    expect(text.replace(/-\n\s*/g, '')).toContain('Bestyrelsen glæder sig over legen.');
    // PDF/UA: every font is embedded (pdffonts' "emb" column), and they are the DejaVu fonts.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const line of fonts) {
      const [name, ...rest] = line.split(/\s+/);
      expect(name).toMatch(/^[A-Z]{6}\+DejaVuSans/);
      // name, type (may be two words), encoding, then emb sub uni object-id
      expect(rest.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
    }

    // The leder's device pulls the publication (it is shown with the report).
    expect((await pullAll(s.app, w.lederA)).changes.some((c) => c.recordType === 'publicering')).toBe(true);
  });

  it('publishing is refused while the privacy check finds something, unless overridden with a reason', async () => {
    const w = s.world;
    const id = await finalInspection(w, 'Pigen Sofie leger alene');
    const [refused] = await push(w.konsulentA, publication(id));
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.stringContaining('Persondatatjekket fandt: barn nævnt ved navn') });
    expect((await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}/INST-A` })).statusCode).toBe(404);
    const [ok] = await push(w.konsulentA, publication(id, { privacyOverrideReason: 'Sofie er en hånddukke, ikke et barn' }));
    expect(ok).toMatchObject({ status: 'applied' });
    // The reason is never printed; the audit trail says the check was overridden (not the reason).
    expect((await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}/INST-A` })).body).not.toContain('hånddukke');
    const rows = await s.app.tilsyn.db.selectFrom('audit').select(['action', 'target', 'details']).where('action', '=', 'report.published').execute();
    expect(rows.map((r) => [r.target, JSON.parse(r.details)])).toEqual([[publicationId(id, 1), { url: 'https://solsikken.dk/tilsyn', privacyOverridden: true }]]);
  });

  it('publishing waits for the board orientation; the board orientation may be recorded by the leder', async () => {
    const w = s.world;
    const id = await finalInspection(w);
    const [refused] = await push(w.konsulentA, publication(id, { board: null }));
    expect(refused).toMatchObject({ status: 'rejected', reason: 'Forældrebestyrelsen skal være orienteret, før rapporten offentliggøres (dagtilbudsloven § 5 b, stk. 1)' });
    const [orientation] = await push(w.lederA, mutation('bestyrelsesorientering', id, 0, { inspectionId: id, ...board }));
    expect(orientation).toMatchObject({ status: 'applied' });
  });

  it('another municipality’s path is not found', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/offentlig/andet-sted' })).statusCode).toBe(404);
  });
});
