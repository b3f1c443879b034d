import { expect, it } from 'vitest';
import { api, describeDialects, institution, pullAll, useServer } from './helpers';

describeDialects('units as the law counts them (R1.2)', (d) => {
  const s = useServer(d, {}, { world: true });

  it('an enhed is stored with its parent institution and pulled like any institution; the unit rules are the server’s', async () => {
    const admin = api(s.app, s.world.admin);
    const enhed = { ...institution('INST-A2', 'Enhed Solsikken'), unitType: 'enhed', parentInstitutionId: 'INST-A' };
    const created = await admin.post('/api/admin/institutions', enhed);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ unitType: 'enhed', parentInstitutionId: 'INST-A' });
    expect((await pullAll(s.app, s.world.admin)).institutions.find((i) => i.id === 'INST-A2')?.data).toMatchObject({ parentInstitutionId: 'INST-A' });

    const orphan = await admin.post('/api/admin/institutions', { ...institution('INST-A3'), unitType: 'enhed' });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().issues).toEqual([{ path: 'parentInstitutionId', message: 'En enhed skal høre under en institution', key: 'validation:institution.unitNeedsParent' }]);
    const unknown = await admin.post('/api/admin/institutions', { ...institution('INST-A3'), unitType: 'enhed', parentInstitutionId: 'INST-Z' });
    expect(unknown.json().issues[0].message).toBe('Institutionen INST-Z findes ikke');
    const nested = await admin.post('/api/admin/institutions', { ...institution('INST-A3'), unitType: 'enhed', parentInstitutionId: 'INST-A2' });
    expect(nested.json().issues[0].message).toBe('En enhed kan ikke høre under en anden enhed');
    const dagpleje = await admin.post('/api/admin/institutions', { ...institution('DP'), unitType: 'dagpleje' });
    expect(dagpleje.json().issues[0].path).toBe('unitType');

    // Made a daginstitution again, it leaves its parent (null removes the field).
    const back = await admin.patch('/api/admin/institutions/INST-A2', { unitType: 'daginstitution', parentInstitutionId: null });
    expect(back.statusCode).toBe(200);
    expect(back.json().parentInstitutionId).toBeUndefined();
    expect(back.json().unitType).toBe('daginstitution');
  });

  it('an institutions file (which has no unit columns) keeps an institution’s unit and parent', async () => {
    const admin = api(s.app, s.world.admin);
    await admin.post('/api/admin/institutions', { ...institution('DI-02A', 'Bakkehuset, afdeling Skoven'), unitType: 'enhed', parentInstitutionId: 'INST-A' });
    const csv = [
      'id,navn,type,ejerform,born_0_2,born_3_5,enheder,kompetencecenter_pladser,paed_social_inklusion,T1_org,T2_fys,T3_int,T4_leg,T5_rut,T6_komp,T7_ovg',
      'DI-02A,Bakkehuset Skoven,børnehave,kommunal,0,22,44,0,0,3,2,4,3,3,2,3',
    ].join('\n');
    const res = await admin.post('/api/import/institutions', { fileName: 'institutioner.csv', content: Buffer.from(csv, 'utf8').toString('base64'), stepsDate: '2021-06-30' });
    expect(res.statusCode, res.body).toBe(200);
    const list = (await admin.get('/api/admin/institutions')).json().institutions as { id: string }[];
    expect(list.find((i) => i.id === 'DI-02A')).toMatchObject({ name: 'Bakkehuset Skoven', unitType: 'enhed', parentInstitutionId: 'INST-A' });
  });
});
