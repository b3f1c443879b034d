import { expect, it } from 'vitest';
import { api, describeDialects, useServer } from './helpers';

describeDialects('health', (d) => {
  const s = useServer(d);

  it('answers /api/health with the database in use, answering and writable', async () => {
    const res = await api(s.app).get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, dialect: d.name, database: 'ok', writable: true });
  });

  it('sends helmet security headers', async () => {
    const res = await api(s.app).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers an unknown API address with a Danish 404', async () => {
    const res = await api(s.app).get('/api/findes-ikke');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toContain('Adressen findes ikke');
  });

  it('survives a restart on the same database without a second admin', async () => {
    await s.restart();
    const users = await s.app.tilsyn.db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['admin']);
    expect((await api(s.app).get('/api/health')).statusCode).toBe(200);
  });
});
