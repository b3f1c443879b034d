import { expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, describeDialects, freshDatabase, login, runServerMain, startApp, type FreshDatabase } from './helpers';

/** `server/main.ts` on `db` with `args` and `env`. */
function runServer(db: FreshDatabase, dialect: string, args: string[], env: Record<string, string>) {
  const dbEnv: Record<string, string> = dialect === 'sqlite' ? { TILSYN_DATA_DIR: db.options.dataDir! } : { DATABASE_URL: db.options.databaseUrl! };
  return runServerMain({ ...dbEnv, ...env }, args);
}

describeDialects('the admin password after the first start', (d) => {
  it('a second start with TILSYN_ADMIN_PASSWORD says it has no effect and how to reset', async () => {
    const db = await freshDatabase(d);
    try {
      const first = await startApp(db, { adminPassword: ADMIN_PASSWORD });
      await first.close();
      const second = await runServer(db, d.name, [], { TILSYN_ADMIN_PASSWORD: 'en-helt-anden-kode-77' });
      expect(second.out, second.err).toContain('TILSYN_ADMIN_PASSWORD har ingen virkning');
      expect(second.out).toContain('npm run server -- --reset-admin-password');
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('--reset-admin-password sets a new password, logs the admin out everywhere, lifts a lockout and is audited', async () => {
    const db = await freshDatabase(d);
    try {
      let app = await startApp(db, { adminPassword: ADMIN_PASSWORD, loginLimit: { maxFailures: 2 } });
      const oldToken = await login(app, 'admin', ADMIN_PASSWORD);
      for (let i = 0; i < 3; i++) await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'forkert-kode-123' } });
      await app.close();

      const weak = await runServer(db, d.name, ['--reset-admin-password'], { TILSYN_ADMIN_PASSWORD: 'kort' });
      expect(weak.code).toBe(1);
      expect(weak.err).toContain('Adgangskoden kunne ikke nulstilles: TILSYN_ADMIN_PASSWORD afvist');

      const reset = await runServer(db, d.name, ['--reset-admin-password'], {});
      expect(reset.code, reset.err).toBe(0);
      expect(reset.out).not.toContain('Tilsyn kører på');
      const password = /Ny adgangskode: (\S+)/.exec(reset.out)![1]!;

      app = await startApp(db, { adminPassword: undefined, loginLimit: { maxFailures: 2 } });
      try {
        expect((await api(app, oldToken).get('/api/auth/me')).statusCode).toBe(401);
        const token = await login(app, 'admin', password);
        const res = await api(app, token).get('/api/admin/audit?action=admin.password_reset');
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().entries).toEqual([expect.objectContaining({ action: 'admin.password_reset', actorUsername: null, ip: null })]);
      } finally {
        await app.close();
      }
    } finally {
      await db.drop();
    }
  }, 120_000);
});

