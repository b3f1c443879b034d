import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { CommitteeReport } from '../../../shared/committee';
import type { CaseFile } from '../../../shared/caseFile';
import type { PushResult } from '../../../shared/sync/wire';
import { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer, type World } from './helpers';

/**
 * Skærpet tilsyn on the server: a case and a handleplan sync as ordinary records, the server checks
 * them against the final report's concern level, the institution's leder pulls them (read-only),
 * and forvaltning's committee figures and case file are computed here.
 */

const K = 'konsulent-device-1';
const WAIVED = { evidenceReason: 'Testen handler om skærpet tilsyn' };

describeDialects('skærpet tilsyn, handleplan and the committee export', (d) => {
  const s = useServer(d, {}, { world: true });
  const push = async (token: string, ...ms: ReturnType<typeof mutation>[]): Promise<PushResult[]> => pushBody(await api(s.app, token).push(K, ms)).results;

  /** A final inspection of INST-A with the given concern level, and one påbud follow-up item past its deadline. */
  async function finalWith(w: World, level: 'ingen' | 'bekymring' | 'alvorlig', date = '2025-03-04') {
    const insp = newInspection('INST-A', { ...WAIVED, status: 'i_gang', date, visitType: 'uanmeldt' });
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const paabud = `${id}:p1`;
    const results = await push(
      w.konsulentA,
      mutation('inspection', id, 0, fields),
      mutation('anbefaling', paabud, 0, { inspectionId: id, themeId: 'leg', type: 'paabud', text: 'Ryd flugtvejen', createdAt: `${date}T10:00:00Z`, ownerRole: 'leder', dueDate: '2025-04-01', action: 'Flyt reolen', verification: 'uanmeldt_besoeg' }),
      mutation('inspection', id, 1, { status: 'udkast' }),
      mutation('inspection', id, 2, { status: 'i_hoering' }),
      mutation('inspection', id, 3, { status: 'endelig', concernLevel: level }),
      mutation('opfoelgning', paabud, 0, { inspectionId: id, institutionId: 'INST-A', anbefalingId: paabud, themeId: 'leg', anbefaling: 'Ryd flugtvejen', createdAt: `${date}T12:00:00Z`, type: 'paabud', dueDate: '2025-04-01', verification: 'uanmeldt_besoeg' }),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    return { id, paabud };
  }
  const caseFields = (id: string, level: string) => ({ inspectionId: id, institutionId: 'INST-A', level, establishedOn: '2025-03-04', decidedBy: 'konsulent-a', decidedAt: '2025-03-04T12:00:00Z' });

  it('a final report without a concern level is refused; a case needs the level the report established, a plan alvorlig bekymring', async () => {
    const w = s.world;
    const insp = newInspection('INST-A', { ...WAIVED, status: 'i_hoering' });
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const [, noLevel] = await push(w.konsulentA, mutation('inspection', id, 0, fields), mutation('inspection', id, 1, { status: 'endelig' }));
    expect(noLevel).toMatchObject({ status: 'rejected', code: 'concern_level_required' });

    const bek = await finalWith(w, 'bekymring');
    const [wrongLevel, plan] = await push(
      w.konsulentA,
      mutation('skaerpetTilsyn', bek.id, 0, caseFields(bek.id, 'alvorlig')),
      mutation('handleplan', bek.id, 0, { inspectionId: bek.id, institutionId: 'INST-A', createdAt: '2025-03-04T12:00:00Z' }),
    );
    const [ok] = await push(w.konsulentA, mutation('skaerpetTilsyn', bek.id, 0, caseFields(bek.id, 'bekymring')));
    expect(wrongLevel).toMatchObject({ status: 'rejected', code: 'concern_level_mismatch' });
    expect(plan).toMatchObject({ status: 'rejected', code: 'concern_level_mismatch' });
    expect(ok).toMatchObject({ status: 'applied' });
  });

  it('the handleplan cannot be activated without the leder-dialogue date; the leder pulls case and plan and cannot change them', async () => {
    const w = s.world;
    const { id } = await finalWith(w, 'alvorlig');
    const plan = { inspectionId: id, institutionId: 'INST-A', createdAt: '2025-03-04T12:00:00Z', actions: [{ id: 'a1', text: 'Fast morgenplan' }], checkpoints: [{ id: 'c1', date: '2025-04-10', kind: 'uanmeldt_besoeg', doneOn: null }] };
    expect((await push(w.konsulentA, mutation('skaerpetTilsyn', id, 0, caseFields(id, 'alvorlig')), mutation('handleplan', id, 0, plan))).map((r) => r.status)).toEqual(['applied', 'applied']);
    const [refused] = await push(w.konsulentA, mutation('handleplan', id, 1, { status: 'aktiv', activatedOn: '2025-03-10' }));
    expect(refused).toMatchObject({ status: 'rejected', code: 'handleplan_needs_leder_dialogue', reason: 'Handleplanen kan ikke sættes i gang uden datoen for dialogen med lederen' });
    const [active] = await push(w.konsulentA, mutation('handleplan', id, 1, { status: 'aktiv', activatedOn: '2025-03-10', lederDialogueOn: '2025-03-07' }));
    expect(active).toMatchObject({ status: 'applied' });

    const pulled = await pullAll(s.app, w.lederA);
    const planRow = pulled.changes.find((c) => c.recordType === 'handleplan' && c.recordId === id);
    expect(planRow?.data).toMatchObject({ status: 'aktiv', lederDialogueOn: '2025-03-07', checkpoints: [{ id: 'c1', date: '2025-04-10', kind: 'uanmeldt_besoeg' }] });
    expect(pulled.changes.some((c) => c.recordType === 'skaerpetTilsyn' && c.recordId === id)).toBe(true);
    // The other institution's leder sees neither.
    expect((await pullAll(s.app, w.lederB)).changes.filter((c) => c.recordType === 'handleplan' || c.recordType === 'skaerpetTilsyn')).toEqual([]);
    const [lederWrite] = pushBody(await api(s.app, w.lederA).push('leder-device', [mutation('handleplan', id, 2, { boardComments: 'Vi er med' })])).results;
    expect(lederWrite).toMatchObject({ status: 'rejected', code: 'leder_read_only' });
  });

  it('committee figures: aggregated counts for the period, forvaltning only, audited; the case file has reports, plan and follow-up', async () => {
    const w = s.world;
    const { id } = await finalWith(w, 'alvorlig');
    await finalWith(w, 'ingen', '2025-05-02');
    await push(w.konsulentA, mutation('skaerpetTilsyn', id, 0, caseFields(id, 'alvorlig')), mutation('handleplan', id, 0, { inspectionId: id, institutionId: 'INST-A', createdAt: '2025-03-04T12:00:00Z' }));

    expect((await api(s.app, w.konsulentA).get('/api/committee/figures?from=2025-01-01&to=2025-12-31')).statusCode).toBe(403);
    const res = await api(s.app, w.admin).get('/api/committee/figures?from=2025-01-01&to=2025-12-31');
    expect(res.statusCode).toBe(200);
    const report = res.json() as CommitteeReport;
    const v = Object.fromEntries(report.rows.map((r) => [r.id, r.value]));
    expect(v).toMatchObject({
      institutioner: 2,
      tilsyn_endelige: 2,
      tilsyn_uanmeldte: 2,
      andel_uanmeldte_pct: 100,
      skaerpet_aabnet: 1,
      skaerpet_aabne_ved_udgang: 1,
      handleplaner_aabnet: 1,
      handleplaner_sat_i_gang: 0,
      paabud_givet: 2,
      paabud_over_frist: 2,
      rapporter_offentliggjort: 0,
    });
    // Neither institution has a published report: both are due.
    expect(v.rapporter_forfaldne).toBe(2);
    // Started late: ten working days from 4 March 2025 have long passed without a skærpet visit.
    expect(v.skaerpet_startet_for_sent).toBe(1);
    // No institution is named, and there is no free text.
    expect(res.body).not.toContain('INST-A');
    expect(res.body).not.toContain('Ryd flugtvejen');

    const csv = await api(s.app, w.admin).get('/api/committee/figures.csv?from=2025-01-01&to=2025-12-31');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Andel uanmeldte tilsyn (%);100');
    expect(csv.body).toContain('Rapporter offentliggjort i perioden;0');
    expect((await api(s.app, w.admin).get('/api/committee/figures?from=2025-12-31&to=2025-01-01')).statusCode).toBe(400);

    const file = await api(s.app, w.admin).get('/api/committee/case-file/INST-A');
    expect(file.statusCode).toBe(200);
    const cf = file.json() as CaseFile;
    expect(cf.institution.id).toBe('INST-A');
    expect(cf.visits.map((x) => x.concern)).toEqual(['Alvorlig bekymring', 'Ingen bekymring']);
    expect(cf.skaerpedeTilsyn).toHaveLength(1);
    expect(cf.skaerpedeTilsyn[0]!.handleplan).toMatchObject({ status: 'udkast' });
    expect(cf.followUps).toHaveLength(2);
    expect((await api(s.app, w.admin).get('/api/committee/case-file/NOPE')).statusCode).toBe(404);
    expect((await api(s.app, w.lederA).get('/api/committee/case-file/INST-A')).statusCode).toBe(403);

    const audit = await s.app.tilsyn.db.selectFrom('audit').select(['action', 'target']).where('action', 'like', 'export.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['export.case_file', 'export.committee', 'export.committee']);

    // The same case file as a document to read: the case, its plan, the påbud with deadline and state.
    const pdf = await api(s.app, w.admin).get('/api/committee/case-file/INST-A/sagsmappe.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    for (const t of ['Sagsmappe: Institution INST-A', 'Tilsynsbesøg', 'Alvorlig bekymring', 'Skærpet tilsyn fra 4. marts 2025 (alvorlig bekymring)', 'Handleplan (udkast)', 'Dialog med lederen', 'ikke holdt', 'Ryd flugtvejen', 'Uanmeldt besøg', 'Overskredet', 'Ingen endelige rapporter.'])
      expect(text).toContain(t);
    const html = await api(s.app, w.admin).get('/api/committee/case-file/INST-A/sagsmappe.html');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<html lang="da">');
    expect(html.body.replaceAll('\u00AD', '')).toContain('Skærpet tilsyn fra 4. marts 2025 (alvorlig bekymring)');
    expect((await api(s.app, w.lederA).get('/api/committee/case-file/INST-A/sagsmappe.pdf')).statusCode).toBe(403);
    expect((await api(s.app, w.admin).get('/api/committee/case-file/NOPE/sagsmappe.pdf')).statusCode).toBe(404);
    const formats = await s.app.tilsyn.db.selectFrom('audit').select(['details']).where('action', '=', 'export.case_file').execute();
    expect(formats.map((f) => JSON.parse(f.details).format).sort()).toEqual(['html', 'json', 'pdf']);
  });
});

/** The PDF's text, line-end hyphenation joined and white space collapsed. */
function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tilsyn-sag-')), 's.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/(\p{L})-\n(\p{L})/gu, '$1$2').replace(/\s+/g, ' ');
}
