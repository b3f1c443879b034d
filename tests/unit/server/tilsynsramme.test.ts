import { expect, it } from 'vitest';
import { SCORE_IMPORT_REQUIRED } from '../../../shared/importCsv';
import { RAMME_SECTIONS, type Tilsynsramme } from '../../../shared/tilsynsramme';
import type { Inspection } from '../../../shared/inspection';
import { api, describeDialects, mutation, newInspection, pullAll, pushBody, useServer } from './helpers';

const FULL_SECTIONS = Object.fromEntries(RAMME_SECTIONS.map((s) => [s, `Sådan gør vi: ${s}.`]));
const COMPLETE = {
  title: 'Tilsynsramme for dagtilbud',
  sections: FULL_SECTIONS,
  approvedOn: '2024-11-20',
  approvedBy: 'Børne- og Skoleudvalget',
  publicUrl: 'https://kommune.example.dk/tilsyn',
  inForceFrom: '2025-01-01',
  rules: { unannouncedCycleMonths: 12 },
};

function withoutSystem(i: Inspection) {
  const { id: _i, rev: _r, updatedAt: _u, ...rest } = i;
  return rest;
}

describeDialects('tilsynsramme as versioned data', (d) => {
  const s = useServer(d, {}, { world: true });

  it('a version with an empty section cannot become gældende; the refusal names each empty section in Danish', async () => {
    const admin = api(s.app, s.world.admin);
    const created = await admin.post('/api/admin/tilsynsrammer', { ...COMPLETE, sections: { ...FULL_SECTIONS, uvildighed: '  ' } });
    expect(created.statusCode).toBe(201);
    const v1: Tilsynsramme = created.json();
    expect(v1).toMatchObject({ id: 'tilsynsramme-v1', version: 1, status: 'kladde', rev: 1, rules: { unannouncedCycleMonths: 12, skaerpetStartLimitDays: 10, publishWaitsForBoard: true } });

    const refused = await admin.patch(`/api/admin/tilsynsrammer/${v1.id}`, { status: 'gaeldende' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('ramme_ufuldstaendig');
    expect(refused.json().issues).toEqual([{ path: 'sections.uvildighed', message: 'Afsnittet «Sådan sikres uvildighed» er tomt. Loven kræver, at rammen beskriver det.' }]);
    // Still a kladde, pulled by nobody but listed for forvaltning.
    expect((await admin.get('/api/admin/tilsynsrammer')).json().rammer.map((r: Tilsynsramme) => r.status)).toEqual(['kladde']);
    expect((await api(s.app, s.world.konsulentA).get('/api/tilsynsrammer')).json().rammer).toEqual([]);
    expect((await pullAll(s.app, s.world.konsulentA)).tilsynsrammer).toEqual([]);

    // Writing the section and making it gældende in one change works.
    const ok = await admin.patch(`/api/admin/tilsynsrammer/${v1.id}`, { sections: { uvildighed: 'Konsulenter fører ikke tilsyn med de huse, de er tilknyttet.' }, status: 'gaeldende' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'gaeldende', rev: 2, sections: { organisering: 'Sådan gør vi: organisering.' } });
    // Every user pulls it (leder too): the frame is public.
    for (const token of [s.world.konsulentA, s.world.lederB, s.world.admin]) {
      const pulled = await pullAll(s.app, token);
      expect(pulled.tilsynsrammer.map((r) => r.id)).toEqual(['tilsynsramme-v1']);
    }
    // A gældende version is never changed: a change is a new version.
    const frozen = await admin.patch(`/api/admin/tilsynsrammer/${v1.id}`, { title: 'Ny titel' });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error).toBe('Version 1 er gældende og kan ikke ændres. Lav en ny version.');
    const audit = (await admin.get('/api/admin/audit?action=tilsynsramme.gaeldende')).json();
    expect(audit.entries).toHaveLength(1);
  });

  it('every field the rule needs is asked for, and only forvaltning writes', async () => {
    const admin = api(s.app, s.world.admin);
    const v = (await admin.post('/api/admin/tilsynsrammer', { title: 'Tom kladde' })).json() as Tilsynsramme;
    const refused = await admin.patch(`/api/admin/tilsynsrammer/${v.id}`, { status: 'gaeldende' });
    expect(refused.json().issues.map((i: { path: string }) => i.path)).toEqual([...RAMME_SECTIONS.map((x) => `sections.${x}`), 'approvedOn', 'approvedBy', 'publicUrl', 'inForceFrom']);
    expect((await admin.patch(`/api/admin/tilsynsrammer/${v.id}`, { publicUrl: 'ikke en adresse' })).json().error).toContain('Skriv en webadresse, der begynder med https://');
    expect((await admin.patch(`/api/admin/tilsynsrammer/${v.id}`, { status: 'kladde' })).statusCode).toBe(400);
    expect((await api(s.app, s.world.konsulentA).post('/api/admin/tilsynsrammer', COMPLETE)).statusCode).toBe(403);
    expect((await api(s.app).get('/api/tilsynsrammer')).statusCode).toBe(401);
  });

  it('each inspection records the version in force on its date, decided by the server (what a client sends is replaced)', async () => {
    const admin = api(s.app, s.world.admin);
    const v1 = (await admin.post('/api/admin/tilsynsrammer', COMPLETE)).json() as Tilsynsramme;
    await admin.patch(`/api/admin/tilsynsrammer/${v1.id}`, { status: 'gaeldende' });
    const v2 = (await admin.post('/api/admin/tilsynsrammer', { ...COMPLETE, inForceFrom: '2026-01-01' })).json() as Tilsynsramme;
    await admin.patch(`/api/admin/tilsynsrammer/${v2.id}`, { status: 'gaeldende' });

    const k = api(s.app, s.world.konsulentA);
    const before = newInspection('INST-A', { date: '2024-06-01' });
    const in2025 = newInspection('INST-A', { date: '2025-05-05' });
    const in2026 = newInspection('INST-A', { date: '2026-02-02' });
    // A client cannot choose the ramme: what it sends is replaced.
    const res = pushBody(
      await k.push('device-1', [
        mutation('inspection', before.id, 0, withoutSystem(before)),
        mutation('inspection', in2025.id, 0, { ...withoutSystem(in2025), tilsynsrammeId: 'tilsynsramme-v2' }),
        mutation('inspection', in2026.id, 0, withoutSystem(in2026)),
      ]),
    );
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const stamp = (id: string) => (res.records.find((r) => r.recordId === id)!.state!.data as Inspection).tilsynsrammeId;
    expect([stamp(before.id), stamp(in2025.id), stamp(in2026.id)]).toEqual([null, 'tilsynsramme-v1', 'tilsynsramme-v2']);

    // Moving the date moves the ramme.
    const moved = pushBody(await k.push('device-1', [mutation('inspection', in2025.id, 1, { date: '2026-03-03' })]));
    expect((moved.records[0]!.state!.data as Inspection).tilsynsrammeId).toBe('tilsynsramme-v2');
    // A pull carries it to the leder once the inspection is in høring, and the field is in every copy.
    const toFinal = ['udkast', 'i_hoering', 'endelig'];
    let rev = 1;
    for (const status of ['i_gang', ...toFinal].slice(1)) {
      // The test is about the ramme, not the visit: finalising states why there is no observation (h6's rule).
      const fields = status === 'endelig' ? { status, evidenceReason: 'Testen handler om tilsynsrammen', concernLevel: 'ingen' } : { status };
      const r = pushBody(await k.push('device-1', [mutation('inspection', in2026.id, rev, fields)]));
      expect(r.results[0]!.status, JSON.stringify(r.results[0])).toBe('applied');
      rev = r.results[0]!.rev!;
    }
    const leder = await pullAll(s.app, s.world.lederA);
    expect(leder.changes.find((c) => c.recordId === in2026.id)?.data.tilsynsrammeId).toBe('tilsynsramme-v2');
  });

  it('historical inspections loaded from a file are stamped too (null before the first version)', async () => {
    const admin = api(s.app, s.world.admin);
    const v1 = (await admin.post('/api/admin/tilsynsrammer', COMPLETE)).json() as Tilsynsramme;
    await admin.patch(`/api/admin/tilsynsrammer/${v1.id}`, { status: 'gaeldende' });
    const csv = [SCORE_IMPORT_REQUIRED.join(';'), 'INST-A;03.05.2022;Anmeldt;v1;3;2;4;3;3;2;3', 'INST-A;2025-06-14;uanmeldt;v1;2;4;3;3;2;3;4'].join('\r\n');
    const res = await admin.post('/api/import/theme-scores', { fileName: 'scorer.csv', content: Buffer.from(csv, 'utf8').toString('base64') });
    expect(res.statusCode).toBe(200);
    const pulled = await pullAll(s.app, s.world.konsulentA);
    const stamps = Object.fromEntries(pulled.changes.filter((c) => c.recordType === 'inspection').map((c) => [c.data.date, c.data.tilsynsrammeId]));
    expect(stamps).toEqual({ '2022-05-03': null, '2025-06-14': 'tilsynsramme-v1' });
  });
  it('a report made final under a ramme that names data answers each item (the shared rule, as on the device)', async () => {
    const admin = api(s.app, s.world.admin);
    const dataItems = [
      { id: 'data-rapporter', label: 'Tidligere tilsynsrapporter', source: 'rapporter' },
      { id: 'data-sprog', label: 'Sprogvurderinger (samlet)', source: 'ekstern', note: 'Fra BørneIT' },
    ];
    const v = (await admin.post('/api/admin/tilsynsrammer', { ...COMPLETE, dataItems })).json() as Tilsynsramme;
    expect(v.dataItems).toEqual([{ ...dataItems[0], note: '' }, dataItems[1]]);
    // A patch replaces the list; a repeated label is refused in Danish.
    const twice = await admin.patch(`/api/admin/tilsynsrammer/${v.id}`, { dataItems: [dataItems[0], { ...dataItems[1], label: 'tidligere tilsynsrapporter' }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toContain('Datapunktet står der allerede');
    await admin.patch(`/api/admin/tilsynsrammer/${v.id}`, { status: 'gaeldende' });
    expect(((await pullAll(s.app, s.world.konsulentA)).tilsynsrammer[0]?.data as Tilsynsramme).dataItems.map((d) => d.id)).toEqual(['data-rapporter', 'data-sprog']);

    const k = api(s.app, s.world.konsulentA);
    const DIALOGUE = { at: '2025-03-04T13:00', leder: ['Lone Leder'], staff: ['Medarbejderrepræsentant'], consultantIds: [] };
    const insp = newInspection('INST-A', { date: '2025-03-04', status: 'i_hoering', dialogue: DIALOGUE, evidenceReason: 'Observationerne er i papirnoten' });
    pushBody(await k.push('device-ramme-data', [mutation('inspection', insp.id, 0, insp)]));
    const base = { recordedAt: '2025-03-05T10:00:00Z', reportVersionIds: [], followUpIds: [], caseIds: [] };
    // No answers, one answer, an unknown item: refused with the missing labels.
    for (const answers of [undefined, [{ id: 'data-rapporter', label: 'Tidligere tilsynsrapporter', there: true }], [{ id: 'data-rapporter', label: 'x', there: true }, { id: 'data-sprog', label: 'y', there: false }, { id: 'andet', label: 'z', there: true }]]) {
      const r = pushBody(await k.push('device-ramme-data', [mutation('inspection', insp.id, 1, { status: 'endelig', concernLevel: 'ingen', priorKnowledge: { ...base, ...(answers ? { dataItems: answers } : {}) } })])).results[0]!;
      expect(r).toMatchObject({ status: 'rejected', code: 'prior_data_unanswered' });
    }
    const answered = [
      { id: 'data-rapporter', label: 'Tidligere tilsynsrapporter', there: true },
      { id: 'data-sprog', label: 'Sprogvurderinger (samlet)', there: false },
    ];
    const ok = pushBody(await k.push('device-ramme-data', [mutation('inspection', insp.id, 1, { status: 'endelig', concernLevel: 'ingen', priorKnowledge: { ...base, dataItems: answered } })])).results[0]!;
    expect(ok.status).toBe('applied');
    const stored = (await pullAll(s.app, s.world.admin)).changes.find((c) => c.recordId === insp.id)?.data as Inspection;
    expect(stored.priorKnowledge?.dataItems).toEqual(answered);
    expect(stored.tilsynsrammeId).toBe(v.id);
  });
});
