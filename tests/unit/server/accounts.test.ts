import { i18n } from '../../../shared/i18n/i18n';
import { problemFromResponse } from '../../../shared/serverError';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, PASSWORD, api, describeDialects, freshDatabase, login, runServerMain, startApp, useServer } from './helpers';

describeDialects('accounts', (d) => {
  it('the bootstrap admin is made once, atomically, even with two server processes starting at once', async () => {
    const db = await freshDatabase(d);
    try {
      const env: Record<string, string> = d.name === 'sqlite' ? { TILSYN_DATA_DIR: db.options.dataDir! } : { DATABASE_URL: db.options.databaseUrl! };
      const runs = await Promise.all([runServerMain(env), runServerMain(env)]);
      for (const r of runs) expect(r.out, r.err).toContain('Tilsyn kører på');
      const made = runs.filter((r) => r.out.includes('er oprettet'));
      expect(made).toHaveLength(1);
      const password = /Adgangskode: (\S+)/.exec(made[0]!.out)![1]!;
      const app = await startApp(db, { adminPassword: undefined });
      try {
        const users = await app.tilsyn.db.selectFrom('users').select(['username', 'role']).execute();
        expect(users).toEqual([{ username: 'admin', role: 'forvaltning' }]);
        expect((await login(app, 'admin', password)).length).toBeGreaterThan(20);
      } finally {
        await app.close();
      }
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('a weak TILSYN_ADMIN_PASSWORD is refused with the rule it breaks', async () => {
    const db = await freshDatabase(d);
    try {
      await expect(startApp(db, { adminPassword: 'a' })).rejects.toThrow(/TILSYN_ADMIN_PASSWORD afvist: Adgangskoden skal have mindst 12 tegn for forvaltningsbrugere/);
      await expect(startApp(db, { adminPassword: 'kort-kode-1' })).rejects.toThrow(/mindst 12 tegn/);
      await expect(startApp(db, { adminPassword: 'password1234' })).rejects.toThrow(/en af de mest brugte/);
      await expect(startApp(db, { adminPassword: 'Sommer2025!!' })).rejects.toThrow(/almindeligt ord/);
      const app = await startApp(db, { adminPassword: ADMIN_PASSWORD });
      await app.close();
    } finally {
      await db.drop();
    }
  });

  describe('password rules on users', () => {
    const s = useServer(d, {}, { world: true });

    it('creating or changing a user applies the NIST rules, longer for forvaltning', async () => {
      const admin = api(s.app, s.world.admin);
      const create = (role: string, password: string) => admin.post('/api/admin/users', { username: `u-${role}-${password.length}`, displayName: 'U', role, password, institutionIds: [] });
      const tooShort = await create('forvaltning', 'elleve-tegn');
      expect(tooShort.statusCode).toBe(400);
      // The Danish text, and the rule's key and params: the client words it in its own language.
      const issues = tooShort.json().issues;
      expect(issues).toEqual([{ path: 'password', message: 'Adgangskoden skal have mindst 12 tegn for forvaltningsbrugere', key: 'validation:password.tooShortForvaltning', params: { min: 12 } }]);
      await i18n.changeLanguage('en');
      try {
        expect(problemFromResponse(400, tooShort.json()).issues[0]!.message).toBe('The password must have at least 12 characters for administration users');
      } finally {
        await i18n.changeLanguage('da');
      }
      expect((await create('leder', 'elleve-tegn')).statusCode).toBe(201);
      const common = await create('konsulent', 'qwertyuiop');
      expect(common.statusCode).toBe(400);
      expect(common.json().error).toMatch(/mest brugte/);
      const change = await admin.patch(`/api/admin/users/${s.world.users['leder-a']}`, { role: 'forvaltning', password: 'elleve-tegn' });
      expect(change.statusCode).toBe(400);
      expect(change.json().error).toMatch(/mindst 12 tegn for forvaltningsbrugere/);
      expect((await admin.patch(`/api/admin/users/${s.world.users['leder-a']}`, { password: 'adgangskode123' })).json().error).toMatch(/almindeligt ord|mest brugte/);
    });

    it('the last-forvaltning rule holds under concurrency: two admins disabling each other at once leave one', async () => {
      let current = s.world.admin;
      for (let round = 0; round < 5; round++) {
        const boss = api(s.app, current);
        const [x, y] = await Promise.all(
          ['x', 'y'].map(async (n) => {
            const username = `chef-${n}-${round}`;
            const res = await boss.post('/api/admin/users', { username, displayName: n, role: 'forvaltning', password: `${PASSWORD}-${n}`, institutionIds: [] });
            expect(res.statusCode).toBe(201);
            return { id: res.json().id as string, username, token: await login(s.app, username, `${PASSWORD}-${n}`) };
          }),
        );
        // The current admin steps down, so these two are the only active forvaltning users.
        expect((await boss.patch(`/api/admin/users/${(await boss.get('/api/auth/me')).json().id}`, { role: 'konsulent' })).statusCode).toBe(200);
        const answers = await Promise.all([api(s.app, x!.token).patch(`/api/admin/users/${y!.id}`, { disabled: true }), api(s.app, y!.token).patch(`/api/admin/users/${x!.id}`, { disabled: true })]);
        const codes = answers.map((a) => a.statusCode);
        const active = await s.app.tilsyn.db.selectFrom('users').select('username').where('role', '=', 'forvaltning').where('disabled', '=', 0).execute();
        expect(active, `runde ${round}: ${codes.join(', ')}`).toHaveLength(1);
        expect(codes.filter((c) => c === 200), `runde ${round}`).toHaveLength(1);
        // The other was refused as the last admin (409), or its login was already revoked (401).
        expect(codes.every((c) => [200, 401, 409].includes(c))).toBe(true);
        current = active[0]!.username === x!.username ? x!.token : y!.token;
      }
    });
  });
});
