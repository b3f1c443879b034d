import { expect, it } from 'vitest';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { themeScoreId, type Inspection } from '../../../shared/inspection';
import { PURGED_MARK, type PrivacyFlag } from '../../../shared/privacyFlags';
import type { RecordType } from '../../../shared/records';
import { buildReport } from '../../../shared/reportModel';
import { reportVersionId, type ReportSnapshot } from '../../../shared/reportVersion';
import { syncOnce } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import type { PushResult } from '../../../shared/sync/wire';
import type { Database } from '../../../server/db/schema';
import { api, describeDialects, injectFetch, mutation, newInspection, pushBody, useServer, type World } from './helpers';

/**
 * Personal data on the server (issue 11): the shared detector flags what a push stores (never
 * refusing it), and forvaltning purges a text from a record, every stored revision, its conflicts
 * and stored answers, in one audited transaction; devices get the purged copy on their next pull.
 */

const CPR = '010203-1234';
const K_DEVICE = 'konsulent-a-device';
const OTHER_DEVICE = 'konsulent-a-laptop';
const TABLES: (keyof Database)[] = [
  'users',
  'user_institutions',
  'tokens',
  'institutions',
  'frameworks',
  'goals',
  'records',
  'record_revisions',
  'mutations',
  'conflicts',
  'sync_sequence',
  'login_attempts',
  'audit',
  'privacy_flags',
];

describeDialects('personal data: flags and purge', (d) => {
  const s = useServer(d, {}, { world: true });

  const push = async (token: string, device: string, ...ms: ReturnType<typeof mutation>[]): Promise<PushResult[]> => pushBody(await api(s.app, token).push(device, ms)).results;
  const rev = async (type: RecordType, id: string): Promise<number> =>
    (await s.app.tilsyn.db.selectFrom('records').select('rev').where('type', '=', type).where('id', '=', id).executeTakeFirstOrThrow()).rev;
  const data = async (type: RecordType, id: string) =>
    JSON.parse((await s.app.tilsyn.db.selectFrom('records').select('data').where('type', '=', type).where('id', '=', id).executeTakeFirstOrThrow()).data) as Record<string, unknown>;
  const flags = async (w: World): Promise<PrivacyFlag[]> => {
    const res = await api(s.app, w.admin).get('/api/admin/privacy-flags');
    expect(res.statusCode).toBe(200);
    return res.json().flags as PrivacyFlag[];
  };
  /** Every row of every table, as text: where a purged text must no longer be. */
  const everything = async (): Promise<string> => {
    const out: string[] = [];
    for (const t of TABLES) out.push(JSON.stringify(await s.app.tilsyn.db.selectFrom(t).selectAll().execute()));
    return out.join('\n');
  };

  async function inspectionWithNote(w: World, note: string) {
    const insp = newInspection('INST-A');
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const scoreId = themeScoreId(id, 'leg');
    const results = await push(w.konsulentA, K_DEVICE, mutation('inspection', id, 0, fields), mutation('themeScore', scoreId, 0, { inspectionId: id, themeId: 'leg', step: 3, note }));
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    return { insp, id, scoreId };
  }

  it('a push with a CPR number, a named child or a phone number is applied, never refused, and leaves flags forvaltning lists', async () => {
    const w = s.world;
    const { id, scoreId } = await inspectionWithNote(w, `Vi talte om ${CPR} i garderoben`);
    const results = await push(
      w.konsulentA,
      K_DEVICE,
      mutation('anerkendelse', `${id}:ank:1`, 0, { inspectionId: id, themeId: 'leg', text: 'Pigen Sofie legede godt', createdAt: '2025-03-04T10:00:00Z' }),
      mutation('inspection', id, await rev('inspection', id), { participants: ['Leder Lone, tlf. 12 34 56 78'] }),
      mutation('anbefaling', `${id}:anb:1`, 0, { inspectionId: id, themeId: 'leg', text: 'Mere fri leg', createdAt: '2025-03-04T10:00:00Z' }),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    const list = await flags(w);
    const summary = list.map((f) => `${f.recordType}:${f.field}:${f.kind}`).sort();
    expect(summary).toEqual(['anerkendelse:text:child_name', 'inspection:participants:phone', 'themeScore:note:cpr']);
    const cpr = list.find((f) => f.kind === 'cpr')!;
    expect(cpr).toMatchObject({ recordId: scoreId, institutionId: 'INST-A', institutionName: 'Institution INST-A', matches: [CPR] });
    // The flag holds the kind, never the text.
    expect(JSON.stringify(await s.app.tilsyn.db.selectFrom('privacy_flags').selectAll().execute())).not.toContain(CPR);

    // Found again: the same flag, stamped again.
    await push(w.konsulentA, K_DEVICE, mutation('themeScore', scoreId, await rev('themeScore', scoreId), { note: `Igen: ${CPR}` }));
    expect((await flags(w)).filter((f) => f.kind === 'cpr')).toHaveLength(1);

    for (const token of [w.konsulentA, w.lederA]) expect((await api(s.app, token).get('/api/admin/privacy-flags')).statusCode).toBe(403);
  });

  it('a purge removes the text from the record, every stored revision, its conflicts and stored answers: no table holds it afterwards', async () => {
    const w = s.world;
    const { scoreId } = await inspectionWithNote(w, `Barnets cpr er ${CPR}.`);
    // rev 2: edited, still with the number; then a stale edit from another device: a conflict holding it.
    expect((await push(w.konsulentA, K_DEVICE, mutation('themeScore', scoreId, 1, { note: `Barnets cpr er ${CPR}. Mere om legen.` })))[0]!.status).toBe('applied');
    const stale = (await push(w.konsulentA, OTHER_DEVICE, mutation('themeScore', scoreId, 1, { note: `Ellers ${CPR} igen` })))[0]!;
    expect(stale.status).toBe('conflict');
    // rev 3: overwritten without the number; it still sits in revisions 1–2 and the conflict.
    expect((await push(w.konsulentA, K_DEVICE, mutation('themeScore', scoreId, 2, { note: 'Legen var god.' })))[0]!.status).toBe('applied');
    expect(await everything()).toContain(CPR);

    const res = await api(s.app, w.admin).post('/api/admin/purge', { recordType: 'themeScore', recordId: scoreId, field: 'note', text: CPR, reason: 'CPR-nummer skrevet ved en fejl' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ recordType: 'themeScore', recordId: scoreId, field: 'note', rev: 4, revisions: 2, conflicts: 1 });

    const all = await everything();
    expect(all).not.toContain(CPR);
    const revisions = await s.app.tilsyn.db.selectFrom('record_revisions').select(['rev', 'data']).where('id', '=', scoreId).orderBy('rev').execute();
    expect(revisions.map((r) => JSON.parse(r.data).note)).toEqual([`Barnets cpr er ${PURGED_MARK}.`, `Barnets cpr er ${PURGED_MARK}. Mere om legen.`, 'Legen var god.', 'Legen var god.']);
    const conflict = await s.app.tilsyn.db.selectFrom('conflicts').selectAll().where('record_id', '=', scoreId).executeTakeFirstOrThrow();
    expect(JSON.parse(conflict.client_value)).toBe(`Ellers ${PURGED_MARK} igen`);

    // Audited with the reason, never the text; the flag is closed.
    const rows = await s.app.tilsyn.db.selectFrom('audit').selectAll().where('action', '=', 'privacy.purged').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.target).toBe(`themeScore:${scoreId}`);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ field: 'note', reason: 'CPR-nummer skrevet ved en fejl', wholeField: false, revisions: 2, conflicts: 1 });
    expect(await flags(w)).toEqual([]);
  });

  it('a purge of the whole field empties it in the record and every revision; the flag stays open for what another field still holds', async () => {
    const w = s.world;
    const { scoreId } = await inspectionWithNote(w, `Drengen Anton og ${CPR}`);
    const res = await api(s.app, w.admin).post('/api/admin/purge', { recordType: 'themeScore', recordId: scoreId, field: 'note', reason: 'Hele noten handlede om et barn' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await data('themeScore', scoreId)).note).toBe('');
    expect(await everything()).not.toContain('Anton');
    expect(await flags(w)).toEqual([]);
  });

  it('a false positive is dismissed (audited), not purged; the text found again raises a new flag', async () => {
    const w = s.world;
    const { scoreId } = await inspectionWithNote(w, 'Bestillingsnummer 12 34 56 78 til legepladsen');
    const [flag] = await flags(w);
    expect(flag).toMatchObject({ kind: 'phone', matches: ['12 34 56 78'] });
    const a = api(s.app, w.admin);
    expect((await a.post(`/api/admin/privacy-flags/${flag!.id}/dismiss`, {})).statusCode).toBe(200);
    expect(await flags(w)).toEqual([]);
    expect((await data('themeScore', scoreId)).note).toBe('Bestillingsnummer 12 34 56 78 til legepladsen');
    const again = await a.post(`/api/admin/privacy-flags/${flag!.id}/dismiss`, {});
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toBe('Fundet findes ikke eller er allerede lukket');
    const rows = await s.app.tilsyn.db.selectFrom('audit').selectAll().where('action', '=', 'privacy.dismissed').execute();
    expect(rows.map((r) => [r.target, JSON.parse(r.details)])).toEqual([[`themeScore:${scoreId}`, { field: 'note', kind: 'phone' }]]);
    await push(w.konsulentA, K_DEVICE, mutation('themeScore', scoreId, await rev('themeScore', scoreId), { note: 'Ring 87 65 43 21' }));
    // The record's value first, then what its stored revisions hold.
    expect((await flags(w)).map((f) => f.matches)).toEqual([['87 65 43 21', '12 34 56 78']]);
  });

  it('refuses what it cannot do, in Danish: not a text field, a text not there, a reason repeating the text or holding a CPR number, not forvaltning', async () => {
    const w = s.world;
    const { scoreId } = await inspectionWithNote(w, `Note med ${CPR}`);
    const a = api(s.app, w.admin);
    const base = { recordType: 'themeScore', recordId: scoreId, field: 'note', text: CPR, reason: 'Skrevet ved en fejl' };
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ...base, field: 'step' }, 400, /ikke et tekstfelt/],
      [{ ...base, text: 'findes ikke' }, 404, /Teksten findes ikke/],
      [{ ...base, reason: `Fjern ${CPR}` }, 400, /Begrundelsen må ikke gentage/],
      [{ ...base, text: 'Note', reason: 'Et CPR 020304-5678 her' }, 400, /CPR-nummer/],
      [{ ...base, reason: '' }, 400, /begrundelse/],
      [{ ...base, recordId: 'findes-ikke' }, 404, /Posten findes ikke/],
    ];
    for (const [body, status, message] of cases) {
      const res = await a.post('/api/admin/purge', body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error).toMatch(message);
    }
    expect((await api(s.app, w.konsulentA).post('/api/admin/purge', base)).statusCode).toBe(403);
    expect((await data('themeScore', scoreId)).note).toBe(`Note med ${CPR}`);
    expect(await s.app.tilsyn.db.selectFrom('audit').selectAll().where('action', '=', 'privacy.purged').execute()).toEqual([]);
  });

  it("a device's next pull replaces its copy and its conflict; a pending edit made before the purge comes back as a conflict, never over the purge, and is flagged again", async () => {
    const w = s.world;
    const device = { storage: new MemoryStorage(), fetch: injectFetch(() => s.app, w.konsulentA), clientId: 'device-1' };
    const laptop = { storage: new MemoryStorage(), fetch: injectFetch(() => s.app, w.konsulentA), clientId: 'device-2' };
    const { scoreId } = await inspectionWithNote(w, `Noten: ${CPR}`);
    await syncOnce(device.storage, device.fetch, device.clientId);
    await syncOnce(laptop.storage, laptop.fetch, laptop.clientId);
    expect(device.storage.record('themeScore', scoreId)!.note).toBe(`Noten: ${CPR}`);
    // The laptop edits offline (the number still in it) before the purge.
    await laptop.storage.write('themeScore', scoreId, { note: `Noten: ${CPR} og mere` });

    expect((await api(s.app, w.admin).post('/api/admin/purge', { recordType: 'themeScore', recordId: scoreId, field: 'note', text: CPR, reason: 'CPR-nummer i noten' })).statusCode).toBe(200);

    const report = await syncOnce(device.storage, device.fetch, device.clientId);
    expect(report.ok).toBe(true);
    expect(device.storage.record('themeScore', scoreId)).toMatchObject({ rev: 2, note: `Noten: ${PURGED_MARK}` });

    // The laptop's pending edit was made on rev 1: it meets the purge as a conflict; the server keeps the purged text.
    const late = await syncOnce(laptop.storage, laptop.fetch, laptop.clientId);
    expect(late).toMatchObject({ ok: true, conflicts: 1 });
    expect((await data('themeScore', scoreId)).note).toBe(`Noten: ${PURGED_MARK}`);
    expect(laptop.storage.conflicts()[0]).toMatchObject({ field: 'note', serverValue: `Noten: ${PURGED_MARK}`, clientValue: `Noten: ${CPR} og mere` });
    // …and forvaltning sees it again, to purge once more (which also cleans the conflict on every device).
    expect((await flags(w)).map((f) => f.matches)).toEqual([[CPR]]);
    expect((await api(s.app, w.admin).post('/api/admin/purge', { recordType: 'themeScore', recordId: scoreId, field: 'note', text: CPR, reason: 'CPR-nummer i noten igen' })).statusCode).toBe(200);
    await syncOnce(laptop.storage, laptop.fetch, laptop.clientId);
    expect(laptop.storage.conflicts()[0]).toMatchObject({ clientValue: `Noten: ${PURGED_MARK} og mere` });
    expect(await everything()).not.toContain(CPR);
  });

  it('a frozen report version gets a documented correction: the text replaced in its snapshot, and who, when and why in its corrections', async () => {
    const w = s.world;
    // Issue 12: finalising needs observations and the dialogue, or a reason (this test is about the purge).
    const insp: Inspection = { ...newInspection('INST-A'), status: 'endelig', evidenceReason: 'Testen handler om rettelsen' };
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const vid = reportVersionId(id, 1);
    const built = buildReport(FRAMEWORK_V1, insp, undefined, [], [], []);
    const snapshot: ReportSnapshot = { ...built, rows: built.rows.map((r, i) => (i === 0 ? { ...r, anbefalinger: [`Tal med mor til ${CPR}`] } : r)), comparison: [], previousDate: null, municipalLabel: 'Kommunens gennemsnit' };
    const created = await push(
      w.konsulentA,
      K_DEVICE,
      mutation('inspection', id, 0, { ...fields, status: 'i_gang' }),
      mutation('inspection', id, 1, { status: 'udkast' }),
      mutation('inspection', id, 2, { status: 'i_hoering' }),
      mutation('inspection', id, 3, { status: 'endelig', concernLevel: 'ingen' }),
      mutation('rapportversion', vid, 0, { inspectionId: id, version: 1, createdAt: '2025-03-20T09:00:00.000Z', createdBy: 'Karen Konsulent', reason: '', snapshot }),
    );
    expect(created.map((r) => r.status), JSON.stringify(created)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect((await flags(w)).map((f) => `${f.recordType}:${f.field}`)).toEqual(['rapportversion:snapshot']);

    const res = await api(s.app, w.admin).post('/api/admin/purge', { recordType: 'rapportversion', recordId: vid, field: 'snapshot', text: CPR, reason: 'CPR-nummer i en anbefaling' });
    expect(res.statusCode, res.body).toBe(200);
    const version = await data('rapportversion', vid);
    expect((version.snapshot as ReportSnapshot).rows[0]!.anbefalinger).toEqual([`Tal med mor til ${PURGED_MARK}`]);
    expect(version.corrections).toEqual([{ at: expect.any(String), by: 'Administrator', reason: 'CPR-nummer i en anbefaling', field: 'snapshot' }]);
    expect(await everything()).not.toContain(CPR);
    // The whole snapshot cannot be emptied, and a device still cannot change the version.
    expect((await api(s.app, w.admin).post('/api/admin/purge', { recordType: 'rapportversion', recordId: vid, field: 'snapshot', reason: 'Alt skal væk' })).statusCode).toBe(400);
    const change = (await push(w.konsulentA, K_DEVICE, mutation('rapportversion', vid, await rev('rapportversion', vid), { reason: 'Ændret' })))[0]!;
    expect(change.status).toBe('rejected');
  });
});
