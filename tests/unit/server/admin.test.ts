import { expect, it } from 'vitest';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { ADMIN_PASSWORD, PASSWORD, api, describeDialects, institution, login, pullAll, useServer } from './helpers';

describeDialects('admin', (d) => {
  const s = useServer(d, {}, { world: true });

  it('forvaltning creates users with roles and institutions; usernames are unique', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    const res = await admin.post('/api/admin/users', { username: 'Ny.Konsulent', displayName: 'Ny Konsulent', role: 'konsulent', password: PASSWORD, institutionIds: ['INST-A', 'INST-B'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'ny.konsulent', role: 'konsulent', institutionIds: ['INST-A', 'INST-B'], disabled: false });
    expect(res.json()).not.toHaveProperty('password_hash');
    const again = await admin.post('/api/admin/users', { username: 'ny.konsulent', displayName: 'X', role: 'leder', password: PASSWORD });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('Brugernavnet "ny.konsulent" er optaget');
    const unknown = await admin.post('/api/admin/users', { username: 'yy', displayName: 'Y', role: 'leder', password: PASSWORD, institutionIds: ['INST-Z'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toBe('Ukendt institution: INST-Z');
    const list = (await admin.get('/api/admin/users')).json().users;
    expect(list.map((u: { username: string }) => u.username)).toEqual(['admin', 'konsulent-a', 'konsulent-b', 'leder-a', 'leder-b', 'ny.konsulent']);
    expect(JSON.stringify(list)).not.toContain('argon2');
  });

  it('changes a role and links; the user sees the new scope at once', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    const res = await admin.patch(`/api/admin/users/${w.users['leder-a']}`, { role: 'konsulent', institutionIds: ['INST-B'], displayName: 'Nu konsulent' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'konsulent', institutionIds: ['INST-B'], displayName: 'Nu konsulent' });
    const me = await api(s.app, w.lederA).get('/api/auth/me');
    expect(me.json()).toMatchObject({ role: 'konsulent', institutionIds: ['INST-B'] });
    expect((await admin.patch('/api/admin/users/findes-ikke', { displayName: 'x' })).statusCode).toBe(404);
    expect((await admin.patch(`/api/admin/users/${w.users['leder-a']}`, {})).json().error).toContain('Angiv mindst ét felt');
  });

  it('keeps at least one active forvaltning user, and an admin cannot disable themselves', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    const me = (await admin.get('/api/auth/me')).json();
    const demote = await admin.patch(`/api/admin/users/${me.id}`, { role: 'leder' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toBe('Der skal være mindst én aktiv forvaltningsbruger');
    const second = await admin.post('/api/admin/users', { username: 'chef', displayName: 'Chef', role: 'forvaltning', password: PASSWORD });
    expect(second.statusCode).toBe(201);
    const self = await admin.patch(`/api/admin/users/${me.id}`, { disabled: true });
    expect(self.statusCode).toBe(409);
    expect(self.json().error).toBe('Du kan ikke deaktivere dig selv');
    const chef = api(s.app, await login(s.app, 'chef'));
    expect((await chef.patch(`/api/admin/users/${me.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await api(s.app).post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).statusCode).toBe(403);
  });

  it('creates and updates institutions; each change reaches pull with a new rev', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    const dup = await admin.post('/api/admin/institutions', institution('INST-A'));
    expect(dup.statusCode).toBe(409);
    const before = await pullAll(s.app, w.konsulentA);
    const res = await admin.patch('/api/admin/institutions/INST-A', { name: 'Solsikken', district: 'Nord' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'INST-A', name: 'Solsikken', district: 'Nord', rev: 2 });
    const after = await pullAll(s.app, w.konsulentA, before.nextCursor);
    expect(after.institutions).toEqual([{ seq: expect.any(Number), id: 'INST-A', rev: 2, data: expect.objectContaining({ name: 'Solsikken' }) }]);
    const bad = await admin.patch('/api/admin/institutions/INST-A', { children0to2: -4 });
    expect(bad.statusCode).toBe(400);
    expect((await admin.patch('/api/admin/institutions/INST-Q', { name: 'x' })).statusCode).toBe(404);
    expect((await admin.get('/api/admin/institutions')).json().institutions.map((i: { id: string }) => i.id)).toEqual(['INST-A', 'INST-B']);
  });

  it('creates a new framework version; versions are immutable and increasing', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    expect((await admin.get('/api/admin/frameworks')).json().frameworks.map((f: { id: string }) => f.id)).toEqual(['v1']);
    const v2 = { ...FRAMEWORK_V1, id: 'v2', version: 2, name: 'Tilsynskoncept 2026', validFrom: '2026-01-01' };
    const res = await admin.post('/api/admin/frameworks', v2);
    expect(res.statusCode).toBe(201);
    expect((await admin.post('/api/admin/frameworks', v2)).json().error).toContain('findes allerede');
    const older = await admin.post('/api/admin/frameworks', { ...v2, id: 'v1b', version: 1 });
    expect(older.statusCode).toBe(409);
    expect(older.json().error).toBe('Versionsnummeret skal være højere end den nyeste version (2)');
    const invalid = await admin.post('/api/admin/frameworks', { ...v2, id: 'v3', version: 3, themes: v2.themes.slice(0, 6) });
    expect(invalid.statusCode).toBe(400);
    const pulled = await pullAll(s.app, w.lederA);
    expect(pulled.frameworks.map((f) => f.id)).toEqual(['v1', 'v2']);
  });

  it('refuses a framework version that reuses a scale id with the step labels reversed, saying what differs', async () => {
    const admin = api(s.app, s.world.admin);
    const labels = [...FRAMEWORK_V1.scale.labels].reverse();
    const reversed = { ...FRAMEWORK_V1, id: 'v2', version: 2, name: 'Omvendt', validFrom: '2026-01-01', scale: { ...FRAMEWORK_V1.scale, labels } };
    const res = await admin.post('/api/admin/frameworks', reversed);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatch(/^Skalaen "tilsyn-4-trin" bruges allerede i v1 med trinene i en anden rækkefølge: trin 1 er "Ikke tilfredsstillende" i v1, men "Meget tilfredsstillende" her/);
    expect((await admin.get('/api/admin/frameworks')).json().frameworks.map((f: { id: string }) => f.id)).toEqual(['v1']);
    // The same steps under a new scale id are a new scale: accepted, and never averaged with v1.
    const newScale = await admin.post('/api/admin/frameworks', { ...reversed, scale: { id: 'tilsyn-4-trin-omvendt', labels } });
    expect(newScale.statusCode).toBe(201);
  });

  it('konsulent and leder are refused every admin route', async () => {
    const w = s.world;
    for (const token of [w.konsulentA, w.lederA]) {
      const a = api(s.app, token);
      for (const res of [
        await a.get('/api/admin/users'),
        await a.post('/api/admin/users', {}),
        await a.patch(`/api/admin/users/${w.users['konsulent-a']}`, { role: 'forvaltning' }),
        await a.get('/api/admin/institutions'),
        await a.post('/api/admin/institutions', institution('X')),
        await a.patch('/api/admin/institutions/INST-A', { name: 'x' }),
        await a.get('/api/admin/frameworks'),
        await a.post('/api/admin/frameworks', FRAMEWORK_V1),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ error: 'Kun forvaltning har adgang til dette', code: 'ingen_adgang' });
      }
    }
    expect((await api(s.app, w.konsulentA).get('/api/auth/me')).json().role).toBe('konsulent');
  });
});
