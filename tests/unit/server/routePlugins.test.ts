import { expect, it } from 'vitest';
import { api, describeDialects, useServer } from './helpers';

/** Every route plugin's auth hook, checked over the routes the server really has (not a list kept by hand). */
// The provider login's public steps (docs/login.md): the config, the web redirect, callback and hand-off, the desktop's exchange.
const PUBLIC = new Set([
  'GET /api/health',
  'POST /api/auth/login',
  'GET /api/auth/config',
  'GET /api/auth/oidc/start',
  'GET /api/auth/oidc/callback',
  'POST /api/auth/oidc/redeem',
  'POST /api/auth/oidc/exchange',
  'GET /api/auth/oidc/end-session',
]);

describeDialects('route plugins', (d) => {
  const s = useServer(d, {}, { world: true });

  const apiRoutes = () => s.app.tilsyn.routes.filter((r) => r.url.startsWith('/api/')).map((r) => ({ ...r, path: r.url.replace(/:[a-z]+/gi, 'x') }));

  it('every route but health and login refuses a request without a token (401), before it reads the body', async () => {
    const closed = apiRoutes().filter((r) => !PUBLIC.has(`${r.method} ${r.url}`));
    expect(closed.length).toBeGreaterThan(10);
    for (const r of closed) {
      const res = await s.app.inject({ method: r.method as 'GET', url: r.path, ...(r.method === 'GET' ? {} : { payload: { ugyldig: true } }) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json(), `${r.method} ${r.url}`).toMatchObject({ code: 'ikke_logget_ind' });
    }
  });

  it('every admin route refuses a konsulent and a leder (403), before it reads the body', async () => {
    const admin = apiRoutes().filter((r) => r.url.startsWith('/api/admin/'));
    expect(admin.length).toBeGreaterThanOrEqual(8);
    for (const token of [s.world.konsulentA, s.world.lederA]) {
      for (const r of admin) {
        const res = await s.app.inject({ method: r.method as 'GET', url: r.path, headers: { authorization: `Bearer ${token}` }, ...(r.method === 'GET' ? {} : { payload: { ugyldig: true } }) });
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
        expect(res.json().error).toBe('Kun forvaltning har adgang til dette');
      }
    }
  });

  it('a request schema failure keeps the error body and the route’s Danish prefix', async () => {
    const res = await api(s.app, s.world.admin).patch('/api/admin/users/x', { role: 'chef' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Ugyldig ændring af bruger: role: Rollen skal være konsulent, leder eller forvaltning',
      code: 'ugyldig',
      issues: [{ path: 'role', message: 'Rollen skal være konsulent, leder eller forvaltning' }],
    });
    // zod's own checks answer in Danish too (the validator uses the Danish error map).
    const long = await api(s.app, s.world.admin).post('/api/admin/users', { username: 'ny-bruger', displayName: 'Ny', role: 'leder', password: 'en-lang-kode-123', institutionIds: ['x'.repeat(101)] });
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatch(/^Ugyldig bruger: institutionIds\.0: /);
    expect(long.json().error).not.toMatch(/Too big|expected/i);
  });
});
