import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { themeScoreId, type Inspection } from '../../../shared/inspection';
import { publicationId } from '../../../shared/publication';
import { withdrawalId } from '../../../shared/publicationWithdrawal';
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

  it('forvaltning withdraws a publication with a reason: the public page falls back to the previous one; audited', async () => {
    const w = s.world;
    const first = await finalInspection(w);
    const second = await finalInspection(w, 'Legen er varieret og de voksne deltager');
    expect((await push(w.konsulentA, publication(first), publication(second, { publishedOn: '2025-05-01' }))).map((r) => r.status)).toEqual(['applied', 'applied']);
    const listed = async () => (await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}` })).body;
    expect(await listed()).toContain('1. maj 2025');

    const withdrawal = (id: string, over: Record<string, unknown> = {}) =>
      mutation('tilbagetraekning', withdrawalId(id, 1), 0, { inspectionId: id, institutionId: 'INST-A', version: 1, withdrawnOn: '2025-05-03', reason: 'Offentliggjort ved en fejl før høringen var afsluttet', withdrawnBy: 'Forvaltningen', ...over });
    // Only forvaltning; never the consultant or the leder; a reason is required; only a publication that exists.
    const [byKonsulent] = await push(w.konsulentA, withdrawal(second));
    expect(byKonsulent).toMatchObject({ status: 'rejected', reason: 'Kun forvaltningen kan trække en offentliggørelse tilbage' });
    const [byLeder] = await push(w.lederA, withdrawal(second));
    expect(byLeder).toMatchObject({ status: 'rejected' });
    // An empty reason fails the record's schema: the push is refused whole, with the message.
    const noReason = await api(s.app, w.admin).push(K, [withdrawal(second, { reason: '  ' })]);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Skriv hvorfor offentliggørelsen trækkes tilbage');
    const [missing] = await push(w.admin, mutation('tilbagetraekning', withdrawalId(second, 2), 0, { inspectionId: second, institutionId: 'INST-A', version: 2, withdrawnOn: '2025-05-03', reason: 'x', withdrawnBy: 'F' }));
    expect(missing).toMatchObject({ status: 'rejected', reason: 'Offentliggørelsen findes ikke på serveren' });
    const [ok] = await push(w.admin, withdrawal(second));
    expect(ok).toMatchObject({ status: 'applied' });
    const [changed] = await push(w.admin, mutation('tilbagetraekning', withdrawalId(second, 1), 1, { reason: 'Andet' }));
    expect(changed).toMatchObject({ status: 'rejected', reason: 'En tilbagetrækning kan ikke ændres' });

    // The public page now shows the previous publication; the publication record itself is untouched.
    const after = await listed();
    expect(after).not.toContain('1. maj 2025');
    expect(after).toContain('10. april 2025');
    expect((await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}/INST-A` })).body).not.toContain('Offentliggjort ved en fejl');
    const pulled = await pullAll(s.app, w.lederA);
    expect(pulled.changes.some((c) => c.recordType === 'tilbagetraekning' && c.recordId === withdrawalId(second, 1))).toBe(true);
    expect(pulled.changes.find((c) => c.recordType === 'publicering' && c.recordId === publicationId(second, 1))?.data).toMatchObject({ publishedOn: '2025-05-01' });
    const rows = await s.app.tilsyn.db.selectFrom('audit').select(['action', 'target']).where('action', '=', 'report.withdrawn').execute();
    expect(rows).toEqual([{ action: 'report.withdrawn', target: withdrawalId(second, 1) }]);

    // With the first withdrawn too, nothing is public.
    expect((await push(w.admin, withdrawal(first)))[0]).toMatchObject({ status: 'applied' });
    expect(await listed()).toContain('Der er endnu ikke offentliggjort nogen tilsynsrapporter');
    expect((await s.app.inject({ method: 'GET', url: `/offentlig/${SLUG}/INST-A.pdf` })).statusCode).toBe(404);
  });

  it('the case file as PDF and HTML: every final version from the report model, publication and withdrawal, no child named; tagged, titled, fonts embedded', async () => {
    const w = s.world;
    const clean = await finalInspection(w);
    const named = await finalInspection(w, 'Pigen Sofie leger alene ved sandkassen');
    expect((await push(w.konsulentA, publication(clean)))[0]).toMatchObject({ status: 'applied' });
    await push(w.admin, mutation('tilbagetraekning', withdrawalId(clean, 1), 0, { inspectionId: clean, institutionId: 'INST-A', version: 1, withdrawnOn: '2025-05-03', reason: 'Forkert institution angivet', withdrawnBy: 'Forvaltningen' }));
    expect((await api(s.app, w.konsulentA).get('/api/committee/case-file/INST-A/sagsmappe.pdf')).statusCode).toBe(403);

    const res = await api(s.app, w.admin).get('/api/committee/case-file/INST-A/sagsmappe.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const dir = mkdtempSync(path.join(tmpdir(), 'tilsyn-sag-'));
    const file = path.join(dir, 'sag.pdf');
    writeFileSync(file, res.rawPayload);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Sagsmappe for Institution INST-A/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    // Language da in the catalogue (pdfkit writes it as a literal string).
    expect(res.rawPayload.toString('latin1')).toMatch(/\/Lang \(da-DK\)/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.every((l) => / yes\s+yes\s+yes\s+\d+\s+\d+$/.test(l))).toBe(true);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/(\p{L})-\n(\p{L})/gu, '$1$2').replace(/\s+/g, ' ');
    for (const t of ['Testrup Kommune', 'Sagsmappe: Institution INST-A', 'Endelige tilsynsrapporter', 'Tilsynet 4. marts 2025, version 1', 'Gjort endelig 20. marts 2025 af Karen Konsulent', 'Offentliggjort 10. april 2025 af Karen Konsulent på https://solsikken.dk/tilsyn', 'Trukket tilbage 3. maj 2025 af Forvaltningen: Forkert institution angivet', 'Ikke offentliggjort.', 'Medarbejderne er nærværende i legen', 'Ikke vurderet', '[udeladt: barn nævnt ved navn]', 'Opfølgning'])
      expect(text).toContain(t);
    for (const t of FRAMEWORK_V1.themes) expect(text).toContain(t.name);
    expect(text).not.toContain('Sofie');
    // Two versions' worth of reports: each version once.
    expect(text.split('Gjort endelig').length - 1).toBe(2);
    expect(named).not.toBe(clean);

    const html = await api(s.app, w.admin).get('/api/committee/case-file/INST-A/sagsmappe.html');
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<html lang="da">');
    expect(html.body).toContain('<title>Sagsmappe for Institution INST-A</title>');
    expect(html.body).not.toContain('Sofie');
    expect(html.body.replaceAll('\u00AD', '')).toContain('Trukket tilbage 3. maj 2025 af Forvaltningen: Forkert institution angivet');
    // Pages to look at.
    execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(dir, 'p')]);
    console.log(`Sagsmappe: ${info.match(/Pages:\s+(\d+)/)?.[1]} sider, ${dir}`);
  });

  it('another municipality’s path is not found', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/offentlig/andet-sted' })).statusCode).toBe(404);
  });
});
