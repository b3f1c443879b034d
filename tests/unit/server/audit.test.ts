import { expect, it } from 'vitest';
import { AuditPageSchema, type AuditEntry } from '../../../shared/audit';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { ADMIN_PASSWORD, PASSWORD, api, describeDialects, institution, login, useServer } from './helpers';

describeDialects('audit trail', (d) => {
  const s = useServer(d, {}, { world: true });

  /** The audit rows written since `after` (an id), oldest first. */
  async function rowsSince(after: string): Promise<AuditEntry[]> {
    const res = await api(s.app, s.world.admin).get('/api/admin/audit?limit=500');
    expect(res.statusCode).toBe(200);
    const page = AuditPageSchema.parse(res.json());
    return page.entries.filter((e) => e.id > after).reverse();
  }
  async function lastId(): Promise<string> {
    const row = await s.app.tilsyn.db.selectFrom('audit').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row?.id ?? '';
  }
  /** Runs `act` and returns the audit rows it wrote. */
  async function written(act: () => Promise<unknown>): Promise<AuditEntry[]> {
    const before = await lastId();
    await act();
    return rowsSince(before);
  }

  it('each listed event writes one row: who, when, what, from where, without secrets', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    const adminId = (await admin.get('/api/auth/me')).json().id as string;
    const kA = w.users['konsulent-a']!;
    const inject = (url: string, payload: object, remoteAddress = '192.0.2.10') => s.app.inject({ method: 'POST', url, payload, remoteAddress });

    const lederToken = await login(s.app, 'leder-a');
    const cases: [string, () => Promise<unknown>, Partial<AuditEntry>][] = [
      ['login.ok', () => inject('/api/auth/login', { username: 'konsulent-a', password: PASSWORD }), { actorUsername: 'konsulent-a', target: kA, ip: '192.0.2.10' }],
      ['login.failed (wrong password)', () => inject('/api/auth/login', { username: 'konsulent-a', password: 'forkert-kode-99' }), { action: 'login.failed', actorId: null, target: kA, details: { username: 'konsulent-a', reason: 'forkert_adgangskode' } }],
      ['login.failed (unknown user)', () => inject('/api/auth/login', { username: 'ingen-her', password: 'forkert-kode-99' }), { action: 'login.failed', target: null, details: { username: 'ingen-her', reason: 'ukendt_bruger' } }],
      ['logout', () => api(s.app, lederToken).post('/api/auth/logout'), { action: 'logout', actorUsername: 'leder-a' }],
      ['user.created', () => admin.post('/api/admin/users', { username: 'ny-leder', displayName: 'Ny', role: 'leder', password: PASSWORD, institutionIds: ['INST-A'] }), { actorId: adminId, actorUsername: 'admin', details: { username: 'ny-leder', role: 'leder', institutionIds: ['INST-A'] } }],
      ['user.updated (role and institutions)', () => admin.patch(`/api/admin/users/${w.users['leder-b']}`, { role: 'konsulent', institutionIds: ['INST-A', 'INST-B'] }), { action: 'user.updated', target: w.users['leder-b'], details: expect.objectContaining({ changed: ['role', 'institutionIds'], role: 'konsulent' }) }],
      ['institution.created', () => admin.post('/api/admin/institutions', institution('INST-C')), { target: 'INST-C' }],
      ['institution.updated', () => admin.patch('/api/admin/institutions/INST-C', { name: 'Nyt navn' }), { target: 'INST-C', details: { fields: ['name'], rev: 2 } }],
      ['framework.created', () => admin.post('/api/admin/frameworks', { ...FRAMEWORK_V1, id: 'v2', version: 2, name: 'Tilsynskoncept 2026', validFrom: '2026-01-01' }), { target: 'v2', details: { version: 2 } }],
    ];
    for (const [name, act, expected] of cases) {
      const rows = await written(act);
      expect(rows, name).toHaveLength(1);
      expect(rows[0], name).toMatchObject({ action: name.split(' ')[0], ...expected });
      expect(Date.now() - Date.parse(rows[0]!.at), name).toBeLessThan(60_000);
    }

    // A new password or disabling revokes the user's tokens: the change and the revocation, one row each.
    const pw = await written(() => admin.patch(`/api/admin/users/${kA}`, { password: 'ny-adgangskode-77' }));
    expect(pw.map((r) => r.action)).toEqual(['user.updated', 'tokens.revoked']);
    expect(pw[1]).toMatchObject({ target: kA, details: { reason: 'ny_adgangskode' } });
    const off = await written(() => admin.patch(`/api/admin/users/${kA}`, { disabled: true }));
    expect(off.map((r) => r.action)).toEqual(['user.updated', 'tokens.revoked']);
    expect(off[1]).toMatchObject({ details: { reason: 'deaktiveret' } });
    const disabled = await written(() => inject('/api/auth/login', { username: 'konsulent-a', password: 'ny-adgangskode-77' }));
    expect(disabled).toMatchObject([{ action: 'login.failed', details: { reason: 'deaktiveret' } }]);

    // The sixth wrong login from one client is refused unchecked: one 'login.locked' row for the window.
    for (let i = 0; i < 5; i++) await inject('/api/auth/login', { username: 'leder-a', password: 'forkert-kode-99' }, '192.0.2.66');
    const locked = await written(async () => {
      for (let i = 0; i < 3; i++) expect((await inject('/api/auth/login', { username: 'leder-a', password: PASSWORD }, '192.0.2.66')).statusCode).toBe(429);
    });
    expect(locked).toMatchObject([{ action: 'login.locked', ip: '192.0.2.66', actorId: null, details: { username: 'leder-a' } }]);

    const all = JSON.stringify((await s.app.tilsyn.db.selectFrom('audit').selectAll().execute()));
    for (const secret of [PASSWORD, ADMIN_PASSWORD, 'ny-adgangskode-77', 'forkert-kode-99', w.admin, w.konsulentA]) expect(all).not.toContain(secret);
  });

  it('an export writes one row (the first page of a paged one, or the CSV file), with its filters and who took it', async () => {
    const k = api(s.app, s.world.konsulentA);
    const first = await written(() => k.get('/api/export/theme-scores?limit=1&status=alle'));
    expect(first).toMatchObject([{ action: 'export.theme_scores', actorUsername: 'konsulent-a', details: { format: 'json', status: 'alle', total: expect.any(Number) } }]);
    const csv = await written(() => k.get('/api/export/theme-scores.csv?from=2020-01-01'));
    expect(csv).toMatchObject([{ action: 'export.theme_scores', details: { format: 'csv', from: '2020-01-01' } }]);
  });

  it('a refused change writes nothing', async () => {
    const admin = api(s.app, s.world.admin);
    const rows = await written(async () => {
      expect((await admin.post('/api/admin/institutions', institution('INST-A'))).statusCode).toBe(409);
      expect((await admin.patch(`/api/admin/users/${s.world.users['leder-a']}`, { password: 'kort' })).statusCode).toBe(400);
    });
    expect(rows).toEqual([]);
  });

  it('GET /api/admin/audit pages newest first, filters by action, and is for forvaltning only', async () => {
    for (let i = 0; i < 5; i++) await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `ukendt-${i}`, password: 'forkert-kode-99' } });
    const admin = api(s.app, s.world.admin);
    const first = AuditPageSchema.parse((await admin.get('/api/admin/audit?limit=2&action=login.failed')).json());
    expect(first.entries.map((e) => e.details.username)).toEqual(['ukendt-4', 'ukendt-3']);
    const second = AuditPageSchema.parse((await admin.get(`/api/admin/audit?limit=2&action=login.failed&before=${first.next}`)).json());
    expect(second.entries.map((e) => e.details.username)).toEqual(['ukendt-2', 'ukendt-1']);
    const third = AuditPageSchema.parse((await admin.get(`/api/admin/audit?limit=2&action=login.failed&before=${second.next}`)).json());
    expect(third.entries.map((e) => e.details.username)).toEqual(['ukendt-0']);
    expect(third.next).toBeNull();
    const bad = await admin.get('/api/admin/audit?limit=9999');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/limit må højst være 500/);
    expect((await api(s.app, s.world.lederA).get('/api/admin/audit')).statusCode).toBe(403);
    expect((await api(s.app).get('/api/admin/audit')).statusCode).toBe(401);
  });

  it('GET /api/admin/audit.csv exports the trail for Danish Excel, by date, without secrets, for forvaltning only', async () => {
    await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '=cmd|calc', password: 'forkert-kode-99' }, remoteAddress: '192.0.2.5' });
    const res = await api(s.app, s.world.admin).get('/api/admin/audit.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tilsyn-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\uFEFFTidspunkt;Hændelse;Kode;Bruger;Bruger-id;Gælder;Adresse;Detaljer\r\n')).toBe(true);
    const lines = res.body.trim().split('\r\n');
    const rows = await s.app.tilsyn.db.selectFrom('audit').select('id').execute();
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.some((l) => l.includes(';Login;login.ok;admin;'))).toBe(true);
    // A username that a spreadsheet would run as a formula is kept as text.
    expect(lines.at(-1)).toContain(';Mislykket login;login.failed;;;;192.0.2.5;');
    expect(lines.at(-1)).not.toMatch(/;=cmd/);
    for (const secret of [PASSWORD, ADMIN_PASSWORD, 'forkert-kode-99', s.world.admin]) expect(res.body).not.toContain(secret);
    const none = await api(s.app, s.world.admin).get('/api/admin/audit.csv?from=2000-01-01&to=2000-12-31');
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
    expect((await api(s.app, s.world.admin).get('/api/admin/audit.csv?from=i-går')).statusCode).toBe(400);
    expect((await api(s.app, s.world.lederA).get('/api/admin/audit.csv')).statusCode).toBe(403);
  });
});
