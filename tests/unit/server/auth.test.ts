import { expect, it } from 'vitest';
import { hashToken } from '../../../server/auth/tokens';
import { ADMIN_PASSWORD, PASSWORD, api, describeDialects, login, useServer } from './helpers';

const clock = { now: Date.now() };

describeDialects('auth', (d) => {
  const s = useServer(d, { loginLimit: { maxFailures: 5, windowMs: 15 * 60 * 1000, now: () => clock.now } }, { world: true });

  it('logs in with username and password and answers /me', async () => {
    const res = await api(s.app).post('/api/auth/login', { username: 'Admin', password: ADMIN_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toMatchObject({ username: 'admin', role: 'forvaltning', institutionIds: [] });
    const me = await api(s.app, body.token).get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body.user);
  });

  it('stores argon2id password hashes and only the sha256 of tokens', async () => {
    const token = await login(s.app, 'admin', ADMIN_PASSWORD);
    const user = await s.app.tilsyn.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const tokens = await s.app.tilsyn.db.selectFrom('tokens').selectAll().execute();
    expect(tokens.filter((t) => t.token_hash === hashToken(token))).toHaveLength(1);
    expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.token_hash))).toBe(true);
    expect(JSON.stringify(tokens)).not.toContain(token);
  });

  it('refuses a wrong password or unknown user with the same Danish message', async () => {
    const wrong = await api(s.app).post('/api/auth/login', { username: 'admin', password: 'forkert-kode-123' });
    const unknown = await api(s.app).post('/api/auth/login', { username: 'ingen', password: 'forkert-kode-123' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error).toBe('Forkert brugernavn eller adgangskode');
    expect(unknown.json().error).toBe(wrong.json().error);
  });

  it('refuses requests without a valid token', async () => {
    for (const headers of [{}, { authorization: 'Bearer ' + 'x'.repeat(43) }, { authorization: 'Basic abc' }]) {
      const res = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatch(/log(ge)? ind/i);
    }
  });

  it('logout revokes the token, other tokens keep working', async () => {
    const t1 = await login(s.app, 'admin', ADMIN_PASSWORD);
    const t2 = await login(s.app, 'admin', ADMIN_PASSWORD);
    expect((await api(s.app, t1).post('/api/auth/logout')).statusCode).toBe(200);
    expect((await api(s.app, t1).get('/api/auth/me')).statusCode).toBe(401);
    expect((await api(s.app, t1).get('/api/sync/pull')).statusCode).toBe(401);
    expect((await api(s.app, t2).get('/api/auth/me')).statusCode).toBe(200);
  });

  it('disabling a user or changing the password revokes their tokens', async () => {
    const w = s.world;
    const admin = api(s.app, w.admin);
    expect((await api(s.app, w.konsulentA).get('/api/auth/me')).statusCode).toBe(200);
    expect((await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { password: 'ny-adgangskode-1' })).statusCode).toBe(200);
    expect((await api(s.app, w.konsulentA).get('/api/auth/me')).statusCode).toBe(401);
    const fresh = await login(s.app, 'konsulent-a', 'ny-adgangskode-1');
    expect((await admin.patch(`/api/admin/users/${w.users['konsulent-a']}`, { disabled: true })).statusCode).toBe(200);
    expect((await api(s.app, fresh).get('/api/auth/me')).statusCode).toBe(401);
    const again = await api(s.app).post('/api/auth/login', { username: 'konsulent-a', password: 'ny-adgangskode-1' });
    expect(again.statusCode).toBe(403);
    expect(again.json().error).toContain('deaktiveret');
  });

  it('rate-limits failed logins per IP and username: 5 failures in 15 minutes, then 429', async () => {
    const start = clock.now;
    for (let i = 0; i < 5; i++) {
      const res = await api(s.app).post('/api/auth/login', { username: 'konsulent-a', password: `forkert-${i}-xxxx` });
      expect(res.statusCode).toBe(401);
    }
    // Even the right password is refused now, without being checked.
    const blocked = await api(s.app).post('/api/auth/login', { username: 'konsulent-a', password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toMatch(/For mange mislykkede loginforsøg\. Prøv igen om 15 minutter/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    // Another user from the same address is not blocked.
    expect((await api(s.app).post('/api/auth/login', { username: 'konsulent-b', password: PASSWORD })).statusCode).toBe(200);
    // After the window the user may try again.
    clock.now = start + 15 * 60 * 1000 + 1000;
    expect((await api(s.app).post('/api/auth/login', { username: 'konsulent-a', password: PASSWORD })).statusCode).toBe(200);
    clock.now = start;
  });

  it('a successful login resets the failure count', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await api(s.app).post('/api/auth/login', { username: 'leder-a', password: 'forkert-kode-xx' })).statusCode).toBe(401);
      expect((await api(s.app).post('/api/auth/login', { username: 'leder-a', password: PASSWORD })).statusCode).toBe(200);
    }
  });

  it('validates the login body in Danish', async () => {
    const res = await api(s.app).post('/api/auth/login', { username: 42 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/^Ugyldigt login: /);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['username', 'password']);
  });
});
