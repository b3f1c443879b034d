import { expect, it } from 'vitest';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { themeScoreId, type Inspection } from '../../../shared/inspection';
import { CORRECTION_REASON_REQUIRED, LEDER_CANNOT_CHANGE_STATUS } from '../../../shared/lifecycle';
import type { RecordType } from '../../../shared/records';
import { buildReport } from '../../../shared/reportModel';
import { reportVersionId, type ReportSnapshot } from '../../../shared/reportVersion';
import type { Change, PushResult } from '../../../shared/sync/wire';
import { LEDER_NEVER_SCORES, reasonMessage } from '../../../shared/rules';

import { syncOnce } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import { api, describeDialects, injectFetch, mutation, newInspection, pullAll, pushBody, useServer, type World } from './helpers';

const FOLLOW_UP_FIELDS_ARE_LEDERS = reasonMessage({ code: 'follow_up_fields_are_leders' });
const ONLY_LEDER_ANSWERS = reasonMessage({ code: 'only_leder_answers' });
const VERSION_IS_FROZEN = reasonMessage({ code: 'version_frozen' });

/**
 * Høring, the frozen final report and opfølgning on the server: who may write which record while
 * the inspection is in which status, and what a leder's pull shows (and takes back).
 */

const K_DEVICE = 'konsulent-device';
const L_DEVICE = 'leder-a-device';
const L_DEVICE_B = 'leder-b-device';
const THEMES = ['paedagogisk-organisering', 'leg', 'overgange'] as const;

function snapshot(insp: Inspection): ReportSnapshot {
  return { ...buildReport(FRAMEWORK_V1, { ...insp, status: 'endelig' }, undefined, [], [], []), comparison: [], previousDate: null, municipalLabel: 'Kommunens gennemsnit (24 mdr.)' };
}

/** Issue 12: finalising needs observations and the dialogue, or a reason; these tests are about the høring, so they state one. */
const WAIVED = { evidenceReason: 'Testen handler om høringen, ikke om besøget' };

describeDialects('høring, final report and opfølgning', (d) => {
  const s = useServer(d, {}, { world: true });

  /** Pushes as the user and returns the results (a 4xx answer throws). */
  const push = async (token: string, device: string, ...ms: ReturnType<typeof mutation>[]): Promise<PushResult[]> =>
    pushBody(await api(s.app, token).push(device, ms)).results;
  const one = async (token: string, device: string, m: ReturnType<typeof mutation>): Promise<PushResult> => (await push(token, device, m))[0]!;
  const rev = async (type: RecordType, id: string): Promise<number> =>
    (await s.app.tilsyn.db.selectFrom('records').select('rev').where('type', '=', type).where('id', '=', id).executeTakeFirstOrThrow()).rev;
  const data = async (type: RecordType, id: string) =>
    JSON.parse((await s.app.tilsyn.db.selectFrom('records').select('data').where('type', '=', type).where('id', '=', id).executeTakeFirstOrThrow()).data) as Record<string, unknown>;
  const setStatus = async (w: World, id: string, status: string, extra: Record<string, unknown> = {}) =>
    one(w.konsulentA, K_DEVICE, mutation('inspection', id, await rev('inspection', id), { status, ...extra }));

  /** An inspection of INST-A with three scores and two anbefalinger, sent to høring. */
  async function inHoering(w: World) {
    const insp = newInspection('INST-A', { ...WAIVED, status: 'i_gang' });
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const anb = [`${id}:anb:1`, `${id}:anb:2`];
    const created = await push(
      w.konsulentA,
      K_DEVICE,
      mutation('inspection', id, 0, fields),
      ...THEMES.map((t) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 3 })),
      mutation('anbefaling', anb[0]!, 0, { inspectionId: id, themeId: 'leg', text: 'Mere fri leg', createdAt: '2025-03-04T10:00:00Z' }),
      mutation('anbefaling', anb[1]!, 0, { inspectionId: id, themeId: 'overgange', text: 'Planlæg overgangen til skole', createdAt: '2025-03-04T10:01:00Z' }),
    );
    expect(created.every((r) => r.status === 'applied')).toBe(true);
    expect(await setStatus(w, id, 'udkast')).toMatchObject({ status: 'applied' });
    expect(await setStatus(w, id, 'i_hoering')).toMatchObject({ status: 'applied' });
    return { insp: { ...insp, status: 'i_hoering' as const }, id, anb };
  }

  const answer = (id: string, anbefalingId: string, fields: Record<string, unknown> = {}) =>
    mutation('hoeringssvar', anbefalingId, 0, { inspectionId: id, anbefalingId, answer: 'enig', text: 'Det er vi enige i', ...fields });

  /** Finalise as the consultant's client does: status, then version, then a follow-up item per anbefaling. */
  async function finalise(w: World, insp: Inspection, anb: string[], version = 1, reason = '') {
    const id = insp.id;
    const results = await push(
      w.konsulentA,
      K_DEVICE,
      mutation('inspection', id, await rev('inspection', id), { status: 'endelig', concernLevel: 'ingen' }),
      mutation('rapportversion', reportVersionId(id, version), 0, { inspectionId: id, version, createdAt: '2025-03-20T09:00:00.000Z', createdBy: 'Karen Konsulent', reason, snapshot: snapshot(insp) }),
      ...anb.map((a) =>
        mutation('opfoelgning', a, 0, { inspectionId: id, institutionId: 'INST-A', anbefalingId: a, themeId: 'leg', anbefaling: 'Mere fri leg', createdAt: '2025-03-20T09:00:00.000Z', hoeringAnswer: 'plan', hoeringText: 'Vi laver en plan' }),
      ),
    );
    return results;
  }

  it('a leder who pulled before høring gets the inspection and all its child records after', async () => {
    const w = s.world;
    const k = api(s.app, w.konsulentA);
    const insp = newInspection('INST-A', { ...WAIVED, status: 'i_gang' });
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    const themes = ['leg', 'interaktion', 'overgange'] as const;
    pushBody(
      await k.push(K_DEVICE, [
        mutation('inspection', id, 0, fields),
        ...themes.map((t) => mutation('themeScore', themeScoreId(id, t), 0, { inspectionId: id, themeId: t, step: 3 })),
        mutation('anbefaling', `${id}:anb:1`, 0, { inspectionId: id, themeId: 'leg', text: 'Mere fri leg', createdAt: '2025-03-04T10:00:00Z' }),
      ]),
    );
    const lederBefore = await pullAll(s.app, w.lederA);
    expect(lederBefore.changes).toEqual([]);

    pushBody(await k.push(K_DEVICE, [mutation('inspection', id, 1, { status: 'udkast' })]));
    expect((await pullAll(s.app, w.lederA, lederBefore.nextCursor)).changes).toEqual([]);

    const sent = pushBody(await k.push(K_DEVICE, [mutation('inspection', id, 2, { status: 'i_hoering' })]));
    expect(sent.results[0]).toMatchObject({ status: 'applied', rev: 3 });

    const after = await pullAll(s.app, w.lederA, lederBefore.nextCursor);
    expect(after.changes.map((c) => c.recordId).sort()).toEqual([id, ...themes.map((t) => themeScoreId(id, t)), `${id}:anb:1`].sort());

    // Now in høring: nobody changes scores; the leder never could.
    const late = pushBody(await k.push(K_DEVICE, [mutation('themeScore', themeScoreId(id, 'leg'), 1, { step: 4 })]));
    expect(late.results[0]).toMatchObject({ status: 'rejected', reason: 'Tilsynet er "I høring": scorer og tekster kan ikke længere ændres' });
    const leder = pushBody(await api(s.app, w.lederA).push(L_DEVICE, [mutation('themeScore', themeScoreId(id, 'leg'), 1, { step: 4 })]));
    expect(leder.results[0]).toMatchObject({ status: 'rejected', reason: LEDER_NEVER_SCORES });
    // An inspection created and sent to høring before the device's first sync arrives as one create.
    const folded = newInspection('INST-A', { ...WAIVED, status: 'i_hoering' });
    const { id: fid, rev: _fr, updatedAt: _fu, ...foldedFields } = folded;
    const created = pushBody(await k.push(K_DEVICE, [mutation('inspection', fid, 0, foldedFields)]));
    expect(created.results[0]).toMatchObject({ status: 'applied', rev: 1 });
    expect((await pullAll(s.app, w.lederA)).changes.some((c) => c.recordId === fid)).toBe(true);
    // The konsulent may still finalise.
    const final = pushBody(await k.push(K_DEVICE, [mutation('inspection', id, 3, { status: 'endelig', concernLevel: 'ingen' })]));
    expect(final.results[0]).toMatchObject({ status: 'applied', rev: 4 });
  });

  it('the leder of the institution answers each anbefaling and comments; the konsulent reads the answers', async () => {
    const w = s.world;
    const { id, anb } = await inHoering(w);
    const res = await push(
      w.lederA,
      L_DEVICE,
      answer(id, anb[0]!, { answer: 'plan', text: 'Vi laver en plan for legepladsen' }),
      answer(id, anb[1]!, { answer: 'uenig', text: 'Det gør vi allerede' }),
      mutation('hoeringskommentar', id, 0, { inspectionId: id, text: 'Tak for et godt besøg' }),
    );
    expect(res.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    // The leder changes their mind.
    expect(await one(w.lederA, L_DEVICE, mutation('hoeringssvar', anb[1]!, 1, { answer: 'enig' }))).toMatchObject({ status: 'applied', rev: 2 });

    const k = await pullAll(s.app, w.konsulentA);
    const svar = k.changes.filter((c) => c.recordType === 'hoeringssvar');
    expect(svar.map((c) => [c.recordId, c.data.answer, c.data.text]).sort()).toEqual(
      [
        [anb[0], 'plan', 'Vi laver en plan for legepladsen'],
        [anb[1], 'enig', 'Det gør vi allerede'],
      ].sort(),
    );
    expect(k.changes.find((c) => c.recordType === 'hoeringskommentar')!.data.text).toBe('Tak for et godt besøg');
    // The leder's own pull has them too.
    expect((await pullAll(s.app, w.lederA)).changes.filter((c) => c.recordType === 'hoeringssvar')).toHaveLength(2);
  });

  it('nobody else writes høringssvar: not the konsulent, not forvaltning, not the leder of another institution', async () => {
    const w = s.world;
    const { id, anb } = await inHoering(w);
    expect(await one(w.konsulentA, K_DEVICE, answer(id, anb[0]!))).toMatchObject({ status: 'rejected', reason: ONLY_LEDER_ANSWERS });
    expect(await one(w.admin, 'admin-device-1', answer(id, anb[0]!))).toMatchObject({ status: 'rejected', reason: ONLY_LEDER_ANSWERS });
    expect(await one(w.konsulentA, K_DEVICE, mutation('hoeringskommentar', id, 0, { inspectionId: id, text: 'x' }))).toMatchObject({
      status: 'rejected',
      reason: ONLY_LEDER_ANSWERS,
    });

    // Leder B: the inspection does not exist for them. The request is refused and nothing is stored.
    const before = await s.app.tilsyn.db.selectFrom('records').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const m of [answer(id, anb[0]!), mutation('hoeringskommentar', id, 0, { inspectionId: id, text: 'Overtaget' })]) {
      const res = await api(s.app, w.lederB).push(L_DEVICE_B, [m]);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatch(/findes ikke, eller du har ikke adgang/);
      expect(res.body).not.toContain('Mere fri leg');
    }
    // Leder A answers; leder B cannot change that answer either.
    await push(w.lederA, L_DEVICE, answer(id, anb[0]!));
    const res = await api(s.app, w.lederB).push(L_DEVICE_B, [mutation('hoeringssvar', anb[0]!, 1, { answer: 'uenig' })]);
    expect(res.statusCode).toBe(404);
    expect(res.json().records).toEqual([{ recordType: 'hoeringssvar', recordId: anb[0], state: null }]);
    const after = await s.app.tilsyn.db.selectFrom('records').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect((await data('hoeringssvar', anb[0]!)).answer).toBe('enig');
    // And leder B's pull has nothing of A.
    expect((await pullAll(s.app, w.lederB)).changes).toEqual([]);
  });

  it('a leder can never change scores, texts or the status, only their answers', async () => {
    const w = s.world;
    const { id, anb } = await inHoering(w);
    const sid = themeScoreId(id, 'leg');
    expect(await one(w.lederA, L_DEVICE, mutation('themeScore', sid, 1, { step: 1 }))).toMatchObject({ status: 'rejected', reason: LEDER_NEVER_SCORES });
    expect(await one(w.lederA, L_DEVICE, mutation('themeScore', sid, 1, { note: 'x' }))).toMatchObject({ status: 'rejected', reason: LEDER_NEVER_SCORES });
    expect(
      await one(w.lederA, L_DEVICE, mutation('fokuspunktNote', `${id}:leg-1`, 0, { inspectionId: id, themeId: 'leg', fokuspunktId: 'leg-1', step: 1 })),
    ).toMatchObject({ status: 'rejected', reason: LEDER_NEVER_SCORES });
    expect(await one(w.lederA, L_DEVICE, mutation('anbefaling', anb[0]!, 1, { text: 'Ingen anbefaling' }))).toMatchObject({
      status: 'rejected',
      reason: 'Som leder kan du læse tilsynet, men ikke ændre det',
    });
    for (const status of ['endelig', 'udkast']) {
      expect(await one(w.lederA, L_DEVICE, mutation('inspection', id, await rev('inspection', id), { status }))).toMatchObject({ status: 'rejected', reason: LEDER_CANNOT_CHANGE_STATUS });
    }
    // Only the answer fields: an answer that tries to carry a score is refused whole.
    expect(await one(w.lederA, L_DEVICE, answer(id, anb[0]!, { step: 4 }))).toMatchObject({ status: 'rejected' });
    expect((await data('themeScore', sid)).step).toBe(3);
    expect((await data('inspection', id)).status).toBe('i_hoering');
  });

  it('answers only while the inspection is in høring, to an anbefaling of that inspection, with the anbefaling’s id', async () => {
    const w = s.world;
    const { insp, id, anb } = await inHoering(w);
    expect(await one(w.lederA, L_DEVICE, answer(id, anb[0]!, { anbefalingId: anb[1] }))).toMatchObject({
      status: 'rejected',
      reason: `Et høringssvar skal have anbefalingens id (${anb[1]})`,
    });
    expect(await one(w.lederA, L_DEVICE, mutation('hoeringskommentar', 'en-anden-id', 0, { inspectionId: id, text: 'x' }))).toMatchObject({
      status: 'rejected',
      reason: `En høringskommentar skal have tilsynets id (${id})`,
    });
    const other = await inHoering(w);
    expect(await one(w.lederA, L_DEVICE, answer(id, other.anb[0]!))).toMatchObject({ status: 'rejected', reason: 'Anbefalingen findes ikke i tilsynet' });
    const bad = await api(s.app, w.lederA).push(L_DEVICE, [answer(id, anb[0]!, { answer: 'måske' })]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('Vælg enig, uenig eller plan');

    // Final: the høring is closed.
    await push(w.lederA, L_DEVICE, answer(id, anb[0]!));
    await finalise(w, insp, anb);
    expect(await one(w.lederA, L_DEVICE, mutation('hoeringssvar', anb[0]!, 1, { text: 'For sent' }))).toMatchObject({
      status: 'rejected',
      reason: 'Tilsynet er "Endelig": høringssvar kan kun gives, mens tilsynet er i høring',
    });
  });

  it('pulled back from høring: the leder’s device is told to drop it, cannot answer, and gets it again (with the answers) when it is sent anew', async () => {
    const w = s.world;
    const { id, anb } = await inHoering(w);
    await push(w.lederA, L_DEVICE, answer(id, anb[0]!, { answer: 'uenig', text: 'Vi er uenige' }));
    const seen = await pullAll(s.app, w.lederA);
    expect(seen.changes.some((c) => c.recordId === id)).toBe(true);

    expect(await setStatus(w, id, 'udkast')).toMatchObject({ status: 'applied' });
    const withdrawn = await pullAll(s.app, w.lederA, seen.nextCursor);
    const ids = withdrawn.changes.map((c) => c.recordId).sort();
    expect(ids).toEqual([id, ...THEMES.map((t) => themeScoreId(id, t)), ...anb, anb[0]!].sort());
    for (const c of withdrawn.changes) expect(c).toMatchObject({ withdrawn: true, deleted: true, data: {} });
    expect(JSON.stringify(withdrawn)).not.toContain('Mere fri leg');
    // The draft is the consultant's again: the leder's answer is refused as if the inspection did not exist.
    expect((await api(s.app, w.lederA).push(L_DEVICE, [mutation('hoeringssvar', anb[0]!, 1, { text: 'x' })])).statusCode).toBe(404);
    // The consultant's draft edits do not reach the leder (only "withdrawn" again, without data).
    await one(w.konsulentA, K_DEVICE, mutation('anbefaling', anb[0]!, await rev('anbefaling', anb[0]!), { text: 'Mere fri leg hver dag' }));
    const during = await pullAll(s.app, w.lederA, withdrawn.nextCursor);
    expect(JSON.stringify(during)).not.toContain('hver dag');
    // A full pull (new device) has nothing of it.
    expect((await pullAll(s.app, w.lederA)).changes.filter((c) => !c.withdrawn)).toEqual([]);

    expect(await setStatus(w, id, 'i_hoering')).toMatchObject({ status: 'applied' });
    const again = await pullAll(s.app, w.lederA, during.nextCursor);
    const byId = new Map(again.changes.map((c) => [c.recordId, c] as const));
    expect(byId.get(id)!.data.status).toBe('i_hoering');
    expect(byId.get(anb[0]!)!.withdrawn).toBeUndefined();
    expect(again.changes.find((c) => c.recordType === 'anbefaling' && c.recordId === anb[0])!.data.text).toBe('Mere fri leg hver dag');
    expect(again.changes.find((c) => c.recordType === 'hoeringssvar')!.data).toMatchObject({ answer: 'uenig', text: 'Vi er uenige' });
    expect(await one(w.lederA, L_DEVICE, mutation('hoeringssvar', anb[0]!, 1, { answer: 'enig' }))).toMatchObject({ status: 'applied' });
  });

  it('the leder’s device (the sync client) drops a withdrawn inspection but keeps its own unsent answer, and the final versions', async () => {
    const w = s.world;
    const { insp, id, anb } = await inHoering(w);
    const device = { storage: new MemoryStorage(), fetch: injectFetch(() => s.app, w.lederA), clientId: 'leder-a-memory-device' };
    await syncOnce(device.storage, device.fetch, device.clientId);
    expect(device.storage.record('inspection', id)).toMatchObject({ status: 'i_hoering' });
    expect(device.storage.records('anbefaling')).toHaveLength(2);

    // Pulled back while the leder types an answer that has not been sent yet.
    await setStatus(w, id, 'udkast');
    await device.storage.write('hoeringssvar', anb[0]!, { inspectionId: id, anbefalingId: anb[0], answer: 'enig', text: 'Skrevet offline' });
    const report = await syncOnce(device.storage, device.fetch, device.clientId);
    expect(report.rejected + report.acknowledged).toBeGreaterThan(0);
    expect(device.storage.record('inspection', id)).toBeUndefined();
    expect(device.storage.records('anbefaling')).toEqual([]);
    expect(device.storage.records('themeScore')).toEqual([]);
    // The typed answer is not lost: refused (the inspection is not the leder's to see now) and kept to show.
    expect(device.storage.rejections().map((r) => [r.recordType, r.fields.text])).toEqual([['hoeringssvar', 'Skrevet offline']]);

    // Sent again, finalised, reopened for correction: the device keeps version 1 and the follow-up items.
    await setStatus(w, id, 'i_hoering');
    await finalise(w, insp, anb);
    await syncOnce(device.storage, device.fetch, device.clientId);
    expect(device.storage.record('inspection', id)).toMatchObject({ status: 'endelig', concernLevel: 'ingen' });
    await setStatus(w, id, 'udkast', { correctionReason: 'Stavefejl' });
    await syncOnce(device.storage, device.fetch, device.clientId);
    expect(device.storage.record('inspection', id)).toBeUndefined();
    expect(device.storage.record('rapportversion', reportVersionId(id, 1))).toMatchObject({ version: 1 });
    expect(device.storage.records('opfoelgning')).toHaveLength(2);
  });

  it('finalising stores version 1 and the follow-up items; a version never changes; only the konsulent makes them', async () => {
    const w = s.world;
    const { insp, id, anb } = await inHoering(w);
    // Not before the inspection is final.
    expect(
      await one(w.konsulentA, K_DEVICE, mutation('rapportversion', reportVersionId(id, 1), 0, { inspectionId: id, version: 1, createdAt: 'x', createdBy: 'K', snapshot: snapshot(insp) })),
    ).toMatchObject({ status: 'rejected', reason: 'En rapportversion kan kun laves af et endeligt tilsyn' });
    expect(
      await one(w.konsulentA, K_DEVICE, mutation('opfoelgning', anb[0]!, 0, { inspectionId: id, institutionId: 'INST-A', anbefalingId: anb[0], themeId: 'leg', anbefaling: 'x', createdAt: 'x' })),
    ).toMatchObject({ status: 'rejected', reason: 'Opfølgningspunkter oprettes, når rapporten er endelig' });

    const results = await finalise(w, insp, anb);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const v1 = await data('rapportversion', reportVersionId(id, 1));
    expect(v1).toMatchObject({ version: 1, createdBy: 'Karen Konsulent', reason: '', snapshot: { final: true, institutionId: 'INST-A' } });

    // Frozen: a change is refused, an identical re-send (a second device) changes nothing.
    expect(await one(w.konsulentA, K_DEVICE, mutation('rapportversion', reportVersionId(id, 1), 1, { createdBy: 'En anden' }))).toMatchObject({ status: 'rejected', reason: VERSION_IS_FROZEN });
    expect(await one(w.admin, 'admin-device-1', mutation('rapportversion', reportVersionId(id, 1), 1, { reason: 'Ændret' }))).toMatchObject({ status: 'rejected', reason: VERSION_IS_FROZEN });
    const same = await one(w.konsulentA, 'konsulent-device-2', mutation('rapportversion', reportVersionId(id, 1), 0, { inspectionId: id, version: 1, createdAt: '2025-03-20T09:00:00.000Z', createdBy: 'Karen Konsulent', snapshot: snapshot(insp) }));
    expect(same).toMatchObject({ status: 'applied', rev: 1, applied: [] });
    // Ids are made from the parts; a version 3 needs a version 2.
    expect(
      await one(w.konsulentA, K_DEVICE, mutation('rapportversion', 'v1-andet-id', 0, { inspectionId: id, version: 1, createdAt: 'x', createdBy: 'K', snapshot: snapshot(insp) })),
    ).toMatchObject({ status: 'rejected', reason: `En rapportversion skal have id'et ${reportVersionId(id, 1)}` });
    expect(
      await one(w.konsulentA, K_DEVICE, mutation('rapportversion', reportVersionId(id, 3), 0, { inspectionId: id, version: 3, createdAt: 'x', createdBy: 'K', reason: 'r', snapshot: snapshot(insp) })),
    ).toMatchObject({ status: 'rejected', reason: 'Version 2 af rapporten findes ikke på serveren' });
    // A leder makes no versions and no follow-up items.
    expect(
      await one(w.lederA, L_DEVICE, mutation('rapportversion', reportVersionId(id, 2), 0, { inspectionId: id, version: 2, createdAt: 'x', createdBy: 'L', reason: 'r', snapshot: snapshot(insp) })),
    ).toMatchObject({ status: 'rejected', reason: 'Som leder kan du læse tilsynet, men ikke ændre det' });
    expect(await one(w.lederA, L_DEVICE, mutation('rapportversion', reportVersionId(id, 1), 1, { createdBy: 'L' }))).toMatchObject({ status: 'rejected' });

    // The leder sees the version and the items.
    const leder = await pullAll(s.app, w.lederA);
    expect(leder.changes.filter((c) => c.recordType === 'rapportversion').map((c) => c.recordId)).toEqual([reportVersionId(id, 1)]);
    expect(leder.changes.filter((c) => c.recordType === 'opfoelgning').map((c) => c.recordId).sort()).toEqual([...anb].sort());
    // B's leder sees none of it.
    expect(JSON.stringify(await pullAll(s.app, w.lederB))).not.toContain(id);
  });

  it('a correction needs a reason, keeps version 1 readable for the leder, and the next finalisation makes version 2', async () => {
    const w = s.world;
    const { insp, id, anb } = await inHoering(w);
    await finalise(w, insp, anb);
    const lederCursor = (await pullAll(s.app, w.lederA)).nextCursor;

    // Reopening without a reason is refused; the leder may not reopen at all.
    expect(await setStatus(w, id, 'udkast')).toMatchObject({ status: 'rejected', reason: CORRECTION_REASON_REQUIRED });
    expect(await setStatus(w, id, 'udkast', { correctionReason: '   ' })).toMatchObject({ status: 'rejected', reason: CORRECTION_REASON_REQUIRED });
    expect(await one(w.lederA, L_DEVICE, mutation('inspection', id, await rev('inspection', id), { status: 'udkast', correctionReason: 'Jeg vil' }))).toMatchObject({
      status: 'rejected',
      reason: LEDER_CANNOT_CHANGE_STATUS,
    });
    // A correction reason alone (without reopening) is an edit of a final inspection.
    expect(await one(w.konsulentA, K_DEVICE, mutation('inspection', id, await rev('inspection', id), { correctionReason: 'x' }))).toMatchObject({
      status: 'rejected',
      reason: 'Tilsynet er "Endelig" og kan ikke længere ændres',
    });
    expect(await setStatus(w, id, 'udkast', { correctionReason: 'Forkert trin i leg' })).toMatchObject({ status: 'applied', applied: ['correctionReason', 'status'] });

    // The leder's device drops the live copy, but keeps version 1 and the follow-up items.
    const during = await pullAll(s.app, w.lederA, lederCursor);
    const types = (c: Change) => `${c.recordType}${c.withdrawn ? ':withdrawn' : ''}`;
    expect(new Set(during.changes.map(types))).toEqual(new Set(['inspection:withdrawn', 'themeScore:withdrawn', 'anbefaling:withdrawn']));
    const full = await pullAll(s.app, w.lederA);
    expect(full.changes.filter((c) => !c.withdrawn).map((c) => c.recordType).sort()).toEqual(['opfoelgning', 'opfoelgning', 'rapportversion']);

    // The consultant corrects and finalises directly (no new høring needed for a correction).
    expect(await one(w.konsulentA, K_DEVICE, mutation('themeScore', themeScoreId(id, 'leg'), await rev('themeScore', themeScoreId(id, 'leg')), { step: 2 }))).toMatchObject({ status: 'applied' });
    const missingReason = await finalise(w, insp, [], 2, '');
    expect(missingReason[0]).toMatchObject({ status: 'applied' });
    expect(missingReason[1]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('En rettet rapport skal have en begrundelse for rettelsen') });
    const v2 = await one(
      w.konsulentA,
      K_DEVICE,
      mutation('rapportversion', reportVersionId(id, 2), 0, { inspectionId: id, version: 2, createdAt: '2025-04-02T09:00:00.000Z', createdBy: 'Karen Konsulent', reason: 'Forkert trin i leg', snapshot: snapshot(insp) }),
    );
    expect(v2).toMatchObject({ status: 'applied' });
    expect((await data('rapportversion', reportVersionId(id, 1))).reason).toBe('');
    const after = await pullAll(s.app, w.lederA, during.nextCursor);
    expect(after.changes.find((c) => c.recordId === reportVersionId(id, 2))!.data).toMatchObject({ version: 2, reason: 'Forkert trin i leg' });
    expect(after.changes.find((c) => c.recordId === id)!.data).toMatchObject({ status: 'endelig', concernLevel: 'ingen' });
    expect(after.changes.find((c) => c.recordId === themeScoreId(id, 'leg'))!.data.step).toBe(2);
  });

  it('udkast → endelig only while correcting; a first report goes through høring', async () => {
    const w = s.world;
    const insp = newInspection('INST-A', { ...WAIVED, status: 'udkast' });
    const { id, rev: _r, updatedAt: _u, ...fields } = insp;
    await push(w.konsulentA, K_DEVICE, mutation('inspection', id, 0, fields));
    expect(await setStatus(w, id, 'endelig')).toMatchObject({ status: 'rejected', reason: 'Et tilsyn kan ikke gå fra "Udkast" til "Endelig"' });
    expect(await setStatus(w, id, 'i_hoering')).toMatchObject({ status: 'applied' });
    expect(await setStatus(w, id, 'i_gang')).toMatchObject({ status: 'rejected', reason: 'Et tilsyn kan ikke gå fra "I høring" til "I gang"' });
  });

  it('opfølgning: the leder of the institution keeps status, owner, due date and notes; the konsulent and leder B cannot', async () => {
    const w = s.world;
    const { insp, id, anb } = await inHoering(w);
    await finalise(w, insp, anb);
    const item = anb[0]!;
    const upd = await one(w.lederA, L_DEVICE, mutation('opfoelgning', item, 1, { status: 'i_gang', owner: 'Pædagogisk leder', dueDate: '2025-09-01', notes: 'Drøftet på personalemødet' }));
    expect(upd).toMatchObject({ status: 'applied', rev: 2, applied: ['dueDate', 'notes', 'owner', 'status'] });
    // Not the anbefaling itself, not a new item.
    expect(await one(w.lederA, L_DEVICE, mutation('opfoelgning', item, 2, { anbefaling: 'Mindre fri leg' }))).toMatchObject({
      status: 'rejected',
      reason: 'Som leder kan du læse tilsynet, men ikke ændre det',
    });
    expect(
      await one(w.lederA, L_DEVICE, mutation('opfoelgning', `${id}:ny`, 0, { inspectionId: id, institutionId: 'INST-A', anbefalingId: `${id}:ny`, themeId: 'leg', anbefaling: 'x', createdAt: 'x' })),
    ).toMatchObject({ status: 'rejected', reason: 'Opfølgningspunkter oprettes, når konsulenten gør rapporten endelig' });
    // The høringssvar carried at creation reaches the leder; it is not the leder's to rewrite.
    expect(await one(w.lederA, L_DEVICE, mutation('opfoelgning', item, 2, { hoeringText: 'Noget andet' }))).toMatchObject({ status: 'rejected', reason: 'Som leder kan du læse tilsynet, men ikke ændre det' });
    const carried = (await pullAll(s.app, w.lederA)).changes.find((c) => c.recordType === 'opfoelgning' && c.recordId === item)!.data;
    expect(carried).toMatchObject({ hoeringAnswer: 'plan', hoeringText: 'Vi laver en plan' });
    // The konsulent reads, but the follow-up fields are the leder's.
    expect(await one(w.konsulentA, K_DEVICE, mutation('opfoelgning', item, 2, { status: 'gennemfoert' }))).toMatchObject({ status: 'rejected', reason: FOLLOW_UP_FIELDS_ARE_LEDERS });
    // A second consultant device re-creating the item with its defaults changes nothing and is not refused.
    const again = await one(w.konsulentA, 'konsulent-device-2', mutation('opfoelgning', item, 0, { inspectionId: id, institutionId: 'INST-A', anbefalingId: item, themeId: 'leg', anbefaling: 'Mere fri leg', createdAt: '2025-03-20T09:00:00.000Z', status: 'aaben', owner: '', dueDate: null, notes: '' }));
    expect(again).toMatchObject({ status: 'applied', applied: [] });
    expect(await data('opfoelgning', item)).toMatchObject({ status: 'i_gang', owner: 'Pædagogisk leder' });
    // Leder B: refused, nothing of A in the answer.
    const b = await api(s.app, w.lederB).push(L_DEVICE_B, [mutation('opfoelgning', item, 2, { status: 'ikke_fulgt' })]);
    expect(b.statusCode).toBe(404);
    expect(b.body).not.toContain('Pædagogisk leder');
    // Bad values are refused in Danish.
    const bad = await api(s.app, w.lederA).push(L_DEVICE, [mutation('opfoelgning', item, 2, { status: 'lukket' })]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('Vælg åben, i gang, gennemført eller ikke fulgt');
    // The konsulent sees the leder's update.
    const k = await pullAll(s.app, w.konsulentA);
    expect(k.changes.find((c) => c.recordType === 'opfoelgning' && c.recordId === item)!.data).toMatchObject({ status: 'i_gang', notes: 'Drøftet på personalemødet' });
    // While the report is reopened for correction the follow-up goes on.
    await setStatus(w, id, 'udkast', { correctionReason: 'Stavefejl' });
    expect(await one(w.lederA, L_DEVICE, mutation('opfoelgning', item, 2, { status: 'gennemfoert' }))).toMatchObject({ status: 'applied', rev: 3 });
    // The item must belong to an anbefaling of the inspection, in the inspection's institution.
    await setStatus(w, id, 'endelig', { concernLevel: 'ingen' });
    expect(
      await one(w.konsulentA, K_DEVICE, mutation('opfoelgning', 'ingen-anbefaling', 0, { inspectionId: id, institutionId: 'INST-A', anbefalingId: 'ingen-anbefaling', themeId: 'leg', anbefaling: 'x', createdAt: 'x' })),
    ).toMatchObject({ status: 'rejected', reason: 'Anbefalingen findes ikke i tilsynet' });
    expect(
      await one(w.konsulentA, K_DEVICE, mutation('opfoelgning', anb[1]!, 0, { inspectionId: id, institutionId: 'INST-B', anbefalingId: anb[1], themeId: 'leg', anbefaling: 'x', createdAt: 'x' })),
    ).toMatchObject({ status: 'rejected' });
  });
});
