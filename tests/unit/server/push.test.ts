import { expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/ids';
import { themeScoreId } from '../../../shared/inspection';
import type { PushResponse } from '../../../shared/sync/wire';
import { api, countRows, describeDialects, mutation, newInspection, pullAll, pushBody, useServer } from './helpers';

const DEVICE_1 = 'device-one-0001';
const DEVICE_2 = 'device-two-0002';

describeDialects('push', (d) => {
  const s = useServer(d, {}, { world: true });

  async function withInspection() {
    const w = s.world;
    const k = api(s.app, w.konsulentA);
    const insp = newInspection('INST-A');
    const { id: _id, rev: _rev, updatedAt: _u, ...fields } = insp;
    const res = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 0, fields)]));
    expect(res.results[0]).toMatchObject({ status: 'applied', rev: 1 });
    return { w, k, insp };
  }

  it('creates a record and answers with the server copy', async () => {
    const { insp, k } = await withInspection();
    const sid = themeScoreId(insp.id, 'leg');
    const res = pushBody(await k.push(DEVICE_1, [mutation('themeScore', sid, 0, { inspectionId: insp.id, themeId: 'leg', step: 3 })]));
    expect(res.results).toEqual([{ mutationId: expect.any(String), status: 'applied', rev: 1, applied: ['inspectionId', 'step', 'themeId'], conflicts: [] }]);
    expect(res.records[0]!.state!.data).toMatchObject({ id: sid, step: 3, notAssessed: false, note: '', rev: 1 });
  });

  it('is idempotent: a repeated (clientId, mutationId) returns the stored result and changes nothing', async () => {
    const { insp, k } = await withInspection();
    const m = mutation('inspection', insp.id, 1, { participants: ['Pædagogisk leder'] });
    const first = pushBody(await k.push(DEVICE_1, [m]));
    const revisions = await countRows(s.app, 'record_revisions');
    const second = pushBody(await k.push(DEVICE_1, [m]));
    const third = pushBody(await k.push(DEVICE_1, [m, m]));
    expect(first.results[0]).toMatchObject({ status: 'applied', rev: 2 });
    expect(second.results[0]).toEqual({ ...first.results[0], duplicate: true });
    expect(third.results).toEqual([second.results[0], second.results[0]]);
    expect(await countRows(s.app, 'record_revisions')).toBe(revisions);
    expect(await countRows(s.app, 'mutations')).toBe(2);
    const stored = await s.app.tilsyn.db.selectFrom('records').select(['rev']).where('id', '=', insp.id).executeTakeFirstOrThrow();
    expect(stored.rev).toBe(2);
  });

  it('answers a duplicate within one request once', async () => {
    const { insp, k } = await withInspection();
    const m = mutation('inspection', insp.id, 1, { date: '2025-05-05' });
    const res = pushBody(await k.push(DEVICE_1, [m, m]));
    expect(res.results[0]).toMatchObject({ status: 'applied', rev: 2 });
    expect(res.results[1]).toMatchObject({ status: 'applied', rev: 2, duplicate: true });
  });

  it('merges a stale change field by field when the fields differ', async () => {
    const { insp, k } = await withInspection();
    const a = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { date: '2025-04-01' })]));
    expect(a.results[0]!.rev).toBe(2);
    // Device 2 still has rev 1 and changes another field.
    const b = pushBody(await k.push(DEVICE_2, [mutation('inspection', insp.id, 1, { participants: ['Distriktsleder'] })]));
    expect(b.results[0]).toMatchObject({ status: 'applied', rev: 3, applied: ['participants'], conflicts: [] });
    expect(b.records[0]!.state!.data).toMatchObject({ date: '2025-04-01', participants: ['Distriktsleder'], rev: 3 });
  });

  it('a client\'s own earlier changes never conflict with its later ones', async () => {
    const { insp, k } = await withInspection();
    const res = pushBody(
      await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { date: '2025-04-01' }), mutation('inspection', insp.id, 1, { date: '2025-04-02' })]),
    );
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(res.records[0]!.state!.data.date).toBe('2025-04-02');
  });

  it('stores a conflict with both values when both changed the same field, applies the rest', async () => {
    const { insp, k, w } = await withInspection();
    pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { date: '2025-04-01' })]));
    const res = pushBody(await k.push(DEVICE_2, [mutation('inspection', insp.id, 1, { date: '2025-04-09', participants: ['Leder'] })]));
    const r = res.results[0]!;
    expect(r.status).toBe('conflict');
    expect(r.applied).toEqual(['participants']);
    expect(r.rev).toBe(3);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({
      recordType: 'inspection',
      recordId: insp.id,
      institutionId: 'INST-A',
      field: 'date',
      baseValue: '2025-03-04',
      serverValue: '2025-04-01',
      clientValue: '2025-04-09',
      clientId: DEVICE_2,
      userName: 'konsulent-a',
      resolvedAt: null,
    });
    // The conflicting field is left as it was.
    expect(res.records[0]!.state!.data).toMatchObject({ date: '2025-04-01', participants: ['Leder'] });
    // Everyone who may see the record sees the conflict; a leder does not.
    const forAdmin = await pullAll(s.app, w.admin);
    expect(forAdmin.conflicts.map((c) => c.id)).toEqual([r.conflicts[0]!.id]);
    const forLeder = await pullAll(s.app, w.lederA);
    expect(forLeder.conflicts).toEqual([]);
  });

  it('the same field changed again by the same device updates its open conflict instead of adding one', async () => {
    const { insp, k } = await withInspection();
    pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { date: '2025-04-01' })]));
    const first = pushBody(await k.push(DEVICE_2, [mutation('inspection', insp.id, 1, { date: '2025-04-09' })]));
    const second = pushBody(await k.push(DEVICE_2, [mutation('inspection', insp.id, 1, { date: '2025-04-10' })]));
    expect(second.results[0]!.conflicts[0]!.id).toBe(first.results[0]!.conflicts[0]!.id);
    expect(second.results[0]!.conflicts[0]!.clientValue).toBe('2025-04-10');
    expect(await countRows(s.app, 'conflicts')).toBe(1);
  });

  it('resolving a conflict is a new mutation that names it; either side can resolve', async () => {
    const { insp, k, w } = await withInspection();
    pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { date: '2025-04-01' })]));
    const c = pushBody(await k.push(DEVICE_2, [mutation('inspection', insp.id, 1, { date: '2025-04-09' })])).results[0]!.conflicts[0]!;
    // "behold min" on device 2, made after pulling rev 2.
    const admin = api(s.app, w.admin);
    const res = pushBody(await admin.push('admin-device-1', [mutation('inspection', insp.id, 2, { date: '2025-04-09' }, { resolvesConflicts: [c.id] })]));
    expect(res.results[0]).toMatchObject({ status: 'applied', rev: 3 });
    const pulled = await pullAll(s.app, w.konsulentA);
    expect(pulled.conflicts.find((x) => x.id === c.id)).toMatchObject({ resolvedAt: expect.any(String), resolvedBy: expect.any(String) });
    expect(pulled.changes.find((x) => x.recordId === insp.id)!.data.date).toBe('2025-04-09');
    // "behold deres": no fields, only the resolution.
    pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { date: '2025-06-01' })]));
    const c2 = (await pullAll(s.app, w.konsulentA)).conflicts.find((x) => !x.resolvedAt)!;
    const keepTheirs = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 3, {}, { resolvesConflicts: [c2.id] })]));
    expect(keepTheirs.results[0]).toMatchObject({ status: 'applied', applied: [], rev: 3 });
    expect((await pullAll(s.app, w.konsulentA)).conflicts.every((x) => x.resolvedAt)).toBe(true);
  });

  it('a repeated mutation whose conflict was resolved since answers with the conflict as it is now', async () => {
    const { insp, k } = await withInspection();
    pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { date: '2025-04-01' })]));
    const m = mutation('inspection', insp.id, 1, { date: '2025-04-09' });
    const c = pushBody(await k.push(DEVICE_2, [m])).results[0]!.conflicts[0]!;
    pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 2, {}, { resolvesConflicts: [c.id] })]));
    const again = pushBody(await k.push(DEVICE_2, [m])).results[0]!;
    expect(again).toMatchObject({ status: 'conflict', duplicate: true });
    expect(again.conflicts[0]).toMatchObject({ id: c.id, resolvedAt: expect.any(String) });
  });

  it('two devices scoring the same theme offline: same value merges, different value is one conflict', async () => {
    const { insp, k } = await withInspection();
    const sid = themeScoreId(insp.id, 'interaktion');
    const base = { inspectionId: insp.id, themeId: 'interaktion' };
    pushBody(await k.push(DEVICE_1, [mutation('themeScore', sid, 0, { ...base, step: 3, note: 'God stemning', notAssessed: false, notAssessedReason: '' })]));
    // Device 2 created the same score offline: its untyped defaults (empty note) do not conflict.
    const same = pushBody(await k.push(DEVICE_2, [mutation('themeScore', sid, 0, { ...base, step: 3, note: '', notAssessed: false, notAssessedReason: '' })]));
    expect(same.results[0]).toMatchObject({ status: 'applied', applied: [] });
    const other = pushBody(await k.push(DEVICE_2, [mutation('themeScore', sid, 0, { ...base, step: 2 })]));
    expect(other.results[0]!.status).toBe('conflict');
    expect(other.results[0]!.conflicts[0]).toMatchObject({ field: 'step', serverValue: 3, clientValue: 2 });
    expect(other.records[0]!.state!.data).toMatchObject({ step: 3, note: 'God stemning' });
  });

  it('rejects with Danish reasons: lifecycle, immutable fields, merged record invalid', async () => {
    const { insp, k } = await withInspection();
    const sid = themeScoreId(insp.id, 'leg');
    pushBody(await k.push(DEVICE_1, [mutation('themeScore', sid, 0, { inspectionId: insp.id, themeId: 'leg', step: 2 })]));

    const jump = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { status: 'endelig' })])).results[0]!;
    expect(jump).toMatchObject({ status: 'rejected', rev: 1, reason: 'Et tilsyn kan ikke gå fra "I gang" til "Endelig"' });

    const move = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { institutionId: 'INST-B' })])).results[0]!;
    expect(move).toMatchObject({ status: 'rejected', reason: 'Institutionen kan ikke ændres, når posten er oprettet' });

    // Device 1 sets a step; device 2, on the old base, marks the theme "ikke vurderet": together invalid.
    pushBody(await k.push(DEVICE_1, [mutation('themeScore', sid, 1, { step: 4 })]));
    const both = pushBody(await k.push(DEVICE_2, [mutation('themeScore', sid, 1, { notAssessed: true, notAssessedReason: 'Ikke observeret' })])).results[0]!;
    expect(both.status).toBe('rejected');
    expect(both.reason).toContain('Ændringen passer ikke med den nyeste version på serveren');
    expect(both.reason).toContain('Et tema kan ikke både have et trin og være ikke vurderet');

    const wrongId = pushBody(await k.push(DEVICE_1, [mutation('themeScore', uuidv7(), 0, { inspectionId: insp.id, themeId: 'leg', step: 2 })])).results[0]!;
    expect(wrongId).toMatchObject({ status: 'rejected', rev: null });
    expect(wrongId.reason).toContain(`En temascore skal have id'et ${sid}`);

    const startFinal = newInspection('INST-A', { status: 'endelig' });
    const { id, rev: _r, updatedAt: _u, ...fields } = startFinal;
    const created = pushBody(await k.push(DEVICE_1, [mutation('inspection', id, 0, fields)]));
    expect(created.results[0]).toMatchObject({ status: 'rejected', reason: 'Et nyt tilsyn skal starte som planlagt, i gang, udkast eller i høring (ikke "Endelig")' });
    expect(created.records[0]!.state).toBeNull();
  });

  it('lets a status move along the lifecycle and then refuses score changes only if the status forbids them', async () => {
    const { insp, k } = await withInspection();
    const res = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { status: 'udkast' })]));
    expect(res.results[0]).toMatchObject({ status: 'applied', rev: 2 });
    const sid = themeScoreId(insp.id, 'rutiner');
    const score = pushBody(await k.push(DEVICE_1, [mutation('themeScore', sid, 0, { inspectionId: insp.id, themeId: 'rutiner', step: 4 })]));
    expect(score.results[0]!.status).toBe('applied');
  });

  it('a leder can never change scores', async () => {
    const { w } = await withInspection();
    // A final inspection seeded on the server, visible to the leder.
    const { seedRecords } = await import('../../../server/seed/records');
    const final = newInspection('INST-A', { status: 'endelig' });
    const sid = themeScoreId(final.id, 'leg');
    await seedRecords(s.app.tilsyn.db, [
      { type: 'inspection', data: final },
      { type: 'themeScore', data: { id: sid, inspectionId: final.id, themeId: 'leg', step: 2 } },
    ]);
    const leder = api(s.app, w.lederA);
    const res = pushBody(await leder.push('leder-device-1', [mutation('themeScore', sid, 1, { step: 4 })]));
    expect(res.results[0]).toMatchObject({ status: 'rejected', reason: 'En leder kan aldrig ændre scorer' });
    const other = pushBody(await leder.push('leder-device-1', [mutation('inspection', final.id, 1, { participants: ['X'] })]));
    expect(other.results[0]).toMatchObject({ status: 'rejected', reason: 'Som leder kan du læse tilsynet, men ikke ændre det' });
    // And the konsulent cannot change a final inspection's scores either.
    const k = pushBody(await api(s.app, w.konsulentA).push(DEVICE_1, [mutation('themeScore', sid, 1, { step: 4 })]));
    expect(k.results[0]).toMatchObject({ status: 'rejected', reason: 'Tilsynet er "Endelig": scorer og tekster kan ikke længere ændres' });
    const stored = await s.app.tilsyn.db.selectFrom('records').select('data').where('id', '=', sid).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data).step).toBe(2);
  });

  it('keeps fields from a newer schema instead of dropping them', async () => {
    const { insp, k, w } = await withInspection();
    const res = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { hoeringsfrist: '2025-06-01', date: '2025-05-01' })]));
    expect(res.results[0]).toMatchObject({ status: 'applied', applied: ['date', 'hoeringsfrist'] });
    const pulled = await pullAll(s.app, w.admin);
    expect(pulled.changes.find((c) => c.recordId === insp.id)!.data).toMatchObject({ hoeringsfrist: '2025-06-01', date: '2025-05-01' });
  });

  it('a finding is deleted with a tombstone that pull delivers', async () => {
    const { insp, k, w } = await withInspection();
    const fid = uuidv7();
    pushBody(await k.push(DEVICE_1, [mutation('anbefaling', fid, 0, { inspectionId: insp.id, themeId: 'leg', text: 'Mere leg', createdAt: new Date().toISOString() })]));
    const del = pushBody(await k.push(DEVICE_1, [mutation('anbefaling', fid, 1, { deleted: true })]));
    expect(del.records[0]!.state).toMatchObject({ rev: 2, deleted: true });
    const pulled = await pullAll(s.app, w.konsulentA);
    expect(pulled.changes.find((c) => c.recordId === fid)).toMatchObject({ deleted: true, rev: 2, data: { text: 'Mere leg', deleted: true } });
    // Inspections are never deleted: a "deleted" field on one is just an unknown field.
    const insp2 = pushBody(await k.push(DEVICE_1, [mutation('inspection', insp.id, 1, { deleted: true })]));
    expect(insp2.records[0]!.state).toMatchObject({ deleted: false, data: { deleted: true } });
  });

  it('every result of a batch is stored; the response lists each touched record once', async () => {
    const { insp, k } = await withInspection();
    const ms = ['leg', 'interaktion', 'overgange'].map((t) => mutation('themeScore', themeScoreId(insp.id, t), 0, { inspectionId: insp.id, themeId: t, step: 3 }));
    const res: PushResponse = pushBody(await k.push(DEVICE_1, [...ms, mutation('inspection', insp.id, 1, { date: '2025-01-02' }), mutation('inspection', insp.id, 1, { kind: 'skaerpet' })]));
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(res.records.map((r) => r.recordId)).toEqual([...ms.map((m) => m.recordId), insp.id]);
    expect(res.records[3]!.state!.rev).toBe(3);
  });
});
