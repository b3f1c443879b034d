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
    expect(orphan.json().issues).toEqual([{ path: 'parentInstitutionId', message: 'En enhed skal høre under en institution' }]);
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
});
