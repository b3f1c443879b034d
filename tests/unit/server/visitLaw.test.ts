import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/ids';
import { migrateConsultantNames } from '../../../server/db/consultantNames';
import { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer } from './helpers';

/**
 * Issue 12, part B on the server: the free-text consultant migration keeps every name; the shared
 * judge refuses a consultant with a blocking relation, forvaltning's written override is allowed and
 * lands in the audit trail; finalising needs an observation and the dialogue, or a reason.
 */
const DEVICE = 'device-visit-law';
const DIALOGUE = { at: '2025-03-04T13:00', leder: ['leder-a'], staff: ['Medarbejderrepræsentant, vuggestuen'], consultantIds: [] };

describeDialects('the visit as the law describes it', (d) => {
  const s = useServer(d, {}, { world: true });

  it('migration 0710 moves exact name matches to user ids and keeps every other name, and devices pull the migrated copy', async () => {
    const k = api(s.app, s.world.konsulentA);
    const admin = api(s.app, s.world.admin);
    // Two users share a name: not an exact match to one user, so the name stays as written.
    for (const u of [{ username: 'twin-1', displayName: 'Lars Holm' }, { username: 'twin-2', displayName: 'Lars Holm' }])
      expect((await admin.post('/api/admin/users', { ...u, role: 'konsulent', password: 'hemmelig-kode-42', institutionIds: [] })).statusCode).toBe(201);
    const cases = [
      ['konsulent-a', 'Mette Kjær'],
      ['konsulent-a ', 'Lars Holm'],
      ['leder-a'],
      ['konsulent-b', 'konsulent-a'],
    ];
    const ids: string[] = [];
    for (const consultants of cases) {
      const insp = newInspection('INST-A', { consultants });
      ids.push(insp.id);
      expect(pushBody(await k.push(DEVICE, [mutation('inspection', insp.id, 0, insp)])).results[0]!.status).toBe('applied');
    }
    const before = await pullAll(s.app, s.world.konsulentA);

    const result = await migrateConsultantNames(s.app.tilsyn.db);
    const byId = new Map((await pullAll(s.app, s.world.konsulentA, before.nextCursor)).changes.map((c) => [c.recordId, c]));
    const { users } = s.world;
    expect(byId.get(ids[0]!)?.data).toMatchObject({ consultantIds: [users['konsulent-a']], consultants: ['Mette Kjær'] });
    expect(byId.get(ids[0]!)?.rev).toBe(2);
    // 'konsulent-a ' was trimmed by the schema when pushed, so it matches; 'Lars Holm' is two users' name and stays.
    expect(byId.get(ids[1]!)?.data).toMatchObject({ consultantIds: [users['konsulent-a']], consultants: ['Lars Holm'] });
    // A leder is no consultant: 'leder-a' stays a name, and the record is not touched.
    expect(byId.has(ids[2]!)).toBe(false);
    expect(byId.get(ids[3]!)?.data).toMatchObject({ consultantIds: [users['konsulent-b'], users['konsulent-a']], consultants: [] });
    // Every name is kept: as a user whose display name is exactly it, or as written.
    const names = new Map(Object.entries(users).map(([name, id]) => [id, name]));
    for (const [i, insp] of ids.entries()) {
      const data = (byId.get(insp)?.data ?? before.changes.find((c) => c.recordId === insp)!.data) as { consultantIds?: string[]; consultants: string[] };
      const after = [...(data.consultantIds ?? []).map((id) => names.get(id)), ...data.consultants].sort();
      expect(after).toEqual(cases[i]!.map((n) => n.trim()).sort());
    }
    expect(result).toEqual({ inspections: 3, matched: 4, kept: 3 });
    // Run again: nothing left to move, nothing changes.
    expect(await migrateConsultantNames(s.app.tilsyn.db)).toEqual({ inspections: 0, matched: 0, kept: 3 });
  });

  it('a consultant with a blocking relation is refused; forvaltning may assign with a written reason, which the audit trail keeps', async () => {
    const k = api(s.app, s.world.konsulentA);
    const admin = api(s.app, s.world.admin);
    const own = api(s.app, s.world.konsulentA);
    // konsulent-a declares being attached to INST-A themself.
    const declared = await own.post('/api/account/relations', { relations: [{ institutionId: 'INST-A', kind: 'tilknyttet_konsulent' }] });
    expect(declared.statusCode).toBe(200);
    expect(declared.json()).toEqual({ relations: [{ institutionId: 'INST-A', kind: 'tilknyttet_konsulent', endedOn: null }] });
    const directory = (await k.get('/api/consultants')).json();
    expect(directory.relations).toContainEqual({ userId: s.world.users['konsulent-a'], displayName: 'konsulent-a', institutionId: 'INST-A', kind: 'tilknyttet_konsulent', endedOn: null });
    expect((await api(s.app, s.world.lederA).get('/api/consultants')).statusCode).toBe(403);

    const me = s.world.users['konsulent-a']!;
    const insp = newInspection('INST-A', { consultants: [], consultantIds: [me] });
    const refused = pushBody(await k.push(DEVICE, [mutation('inspection', insp.id, 0, insp)])).results[0]!;
    expect(refused).toMatchObject({ status: 'rejected', code: 'consultant_not_impartial' });
    expect(refused.reason).toContain('tilknyttet konsulent');
    // A konsulent cannot write an override either.
    const reason = 'Den eneste konsulent med sprogkompetence; godkendt af dagtilbudschefen';
    const override = { userId: me, reason, by: 'Forvaltning', at: new Date().toISOString() };
    const withOverride = { ...insp, id: uuidv7(), impartialityOverrides: [override] };
    expect(pushBody(await k.push(DEVICE, [mutation('inspection', withOverride.id, 0, withOverride)])).results[0]).toMatchObject({ status: 'rejected', code: 'override_forvaltning_only' });
    const byForvaltning = pushBody(await admin.push('device-admin', [mutation('inspection', withOverride.id, 0, withOverride)])).results[0]!;
    expect(byForvaltning.status).toBe('applied');
    const log = (await admin.get('/api/admin/audit?action=impartiality.override')).json();
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ action: 'impartiality.override', actorUsername: 'admin', target: withOverride.id, details: { consultantId: me, institutionId: 'INST-A', reason } });

    // Once the leder may see the inspection (here: marked visible as at høring), the reason still never reaches their device.
    await s.app.tilsyn.db.updateTable('records').set({ leder_visible: 1 }).where('type', '=', 'inspection').where('id', '=', withOverride.id).execute();
    const lederCopy = (await pullAll(s.app, s.world.lederA)).changes.find((c) => c.recordId === withOverride.id);
    expect(lederCopy?.data.institutionId).toBe('INST-A');
    expect(lederCopy?.data).not.toHaveProperty('impartialityOverrides');
    expect(JSON.stringify(lederCopy)).not.toContain(reason);
    // Forvaltning's own copy keeps it.
    expect((await pullAll(s.app, s.world.admin)).changes.find((c) => c.recordId === withOverride.id)?.data.impartialityOverrides).toHaveLength(1);
  });

  it('changing the consultants of an existing visit is judged the same way: the added one with a blocking relation is refused, forvaltning\'s override is audited', async () => {
    const k = api(s.app, s.world.konsulentA);
    const admin = api(s.app, s.world.admin);
    const me = s.world.users['konsulent-a']!;
    const other = s.world.users['konsulent-b']!;
    await k.post('/api/account/relations', { relations: [{ institutionId: 'INST-A', kind: 'sparringskonsulent' }] });
    const insp = newInspection('INST-A', { consultants: [], consultantIds: [other] });
    expect(pushBody(await admin.push('device-admin', [mutation('inspection', insp.id, 0, insp)])).results[0]!.status).toBe('applied');
    const added = pushBody(await admin.push('device-admin', [mutation('inspection', insp.id, 1, { consultantIds: [other, me] })])).results[0]!;
    expect(added).toMatchObject({ status: 'rejected', code: 'consultant_not_impartial' });
    const reason = 'Sparringen er afsluttet; ingen anden konsulent er ledig i perioden';
    const ok = pushBody(await admin.push('device-admin', [mutation('inspection', insp.id, 1, { consultantIds: [other, me], impartialityOverrides: [{ userId: me, reason, by: 'admin', at: new Date().toISOString() }] })])).results[0]!;
    expect(ok.status).toBe('applied');
    const log = (await admin.get('/api/admin/audit?action=impartiality.override')).json();
    expect(log.entries.filter((e: { target: string }) => e.target === insp.id)).toMatchObject([{ details: { consultantId: me, reason } }]);
    // Taking a consultant off needs no override and keeps the earlier one as history.
    expect(pushBody(await admin.push('device-admin', [mutation('inspection', insp.id, 2, { consultantIds: [other] })])).results[0]!.status).toBe('applied');
  });

  it('finalising needs an observation and the dialogue, or a stated reason; observations created in the same batch count', async () => {
    const k = api(s.app, s.world.konsulentA);
    const insp = newInspection('INST-A', { status: 'i_hoering' });
    pushBody(await k.push(DEVICE, [mutation('inspection', insp.id, 0, insp)]));
    const missing = pushBody(await k.push(DEVICE, [mutation('inspection', insp.id, 1, { status: 'endelig', concernLevel: 'ingen' })])).results[0]!;
    expect(missing).toMatchObject({ status: 'rejected', code: 'evidence_missing' });

    const withReason = newInspection('INST-A', { status: 'i_hoering' });
    pushBody(await k.push(DEVICE, [mutation('inspection', withReason.id, 0, withReason)]));
    expect(pushBody(await k.push(DEVICE, [mutation('inspection', withReason.id, 1, { status: 'endelig', concernLevel: 'ingen', evidenceReason: 'Besøget blev afbrudt' })])).results[0]!.status).toBe('applied');

    // Observations and the dialogue while the visit is going on, then høring and "endelig" in one batch.
    const visit = newInspection('INST-A', { status: 'i_gang' });
    const observation = { inspectionId: visit.id, observedAt: '2025-03-04T09:30', minutes: 30, place: 'Legepladsen', activity: 'Fri leg', text: 'De voksne er med i legen.', createdAt: new Date().toISOString() };
    const batch = pushBody(
      await k.push(DEVICE, [
        mutation('inspection', visit.id, 0, { ...visit, dialogue: DIALOGUE }),
        mutation('observation', uuidv7(), 0, observation),
        mutation('inspection', visit.id, 1, { status: 'udkast' }),
        mutation('inspection', visit.id, 2, { status: 'i_hoering' }),
        mutation('inspection', visit.id, 3, { status: 'endelig', concernLevel: 'ingen' }),
      ]),
    );
    expect(batch.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
  });
});

describe('splitting names', () => {
  it('keeps names in order and never duplicates an id', async () => {
    const { splitConsultantNames } = await import('../../../server/db/consultantNames');
    const users = new Map([['Mette Kjær', 'u1']]);
    expect(splitConsultantNames(['Mette Kjær', 'Ukendt', 'Mette Kjær'], ['u1'], users)).toEqual({ consultantIds: ['u1'], consultants: ['Ukendt'] });
  });
});
