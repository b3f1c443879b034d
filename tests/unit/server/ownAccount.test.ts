import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { passwordQueue } from '../../../server/auth/passwordQueue';
import { hashToken, tokenPolicyFrom } from '../../../server/auth/tokens';
import { openDatabase } from '../../../server/db/connect';
import { migrations } from '../../../server/db/migrations';
import { PASSWORD, api, describeDialects, freshDatabase, login, startApp, useServer } from './helpers';

const NEW_PASSWORD = 'blå-hest-på-taget-9';
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

async function loginOn(app: Parameters<typeof login>[0], username: string, deviceName?: string, password = PASSWORD): Promise<string> {
  const res = await api(app).post('/api/auth/login', { username, password, ...(deviceName === undefined ? {} : { deviceName }) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

describeDialects('own account', (d) => {
  const s = useServer(d, { tokenMaxAgeDays: 30 }, { world: true });

  const auditRows = (action: string) => s.app.tilsyn.db.selectFrom('audit').selectAll().where('action', '=', action).execute();

  it('a user changes their own password: old one checked, NIST rules, other devices logged out, this one kept, audited', async () => {
    const here = await loginOn(s.app, 'konsulent-a', 'Bærbar');
    const other = s.world.konsulentA;
    const before = passwordQueue.verifications;
    const res = await api(s.app, here).post('/api/auth/password', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, otherDevicesLoggedOut: 1 });
    // The old password went through the bounded argon2 queue.
    expect(passwordQueue.verifications - before).toBe(1);
    expect((await api(s.app, here).get('/api/auth/me')).statusCode).toBe(200);
    expect((await api(s.app, other).get('/api/auth/me')).statusCode).toBe(401);
    expect((await api(s.app).post('/api/auth/login', { username: 'konsulent-a', password: PASSWORD })).statusCode).toBe(401);
    await loginOn(s.app, 'konsulent-a', undefined, NEW_PASSWORD);
    // Another user's logins are untouched.
    expect((await api(s.app, s.world.konsulentB).get('/api/auth/me')).statusCode).toBe(200);
    const [row] = await auditRows('password.changed');
    expect(row).toMatchObject({ actor_username: 'konsulent-a', target: s.world.users['konsulent-a'] });
    expect(JSON.parse(row!.details)).toEqual({ otherDevicesLoggedOut: 1 });
    expect(row!.details).not.toContain(NEW_PASSWORD);
  });

  it('a wrong old password or a weak new one is refused beside its field, and changes nothing', async () => {
    const t = s.world.lederA;
    const wrong = await api(s.app, t).post('/api/auth/password', { oldPassword: 'forkert-kode-123', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'forkert_adgangskode', issues: [{ path: 'oldPassword', message: 'Den nuværende adgangskode er forkert' }] });
    expect(await auditRows('password.failed')).toHaveLength(1);
    const weak = await api(s.app, t).post('/api/auth/password', { oldPassword: PASSWORD, newPassword: 'sommer2025!' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().issues).toEqual([{ path: 'newPassword', message: 'Adgangskoden er et almindeligt ord med tal eller tegn omkring; vælg en anden', key: 'validation:password.guessableWord', params: {} }]);
    const short = await api(s.app, t).post('/api/auth/password', { oldPassword: PASSWORD, newPassword: 'kort' });
    expect(short.json().issues).toEqual([{ path: 'newPassword', message: 'Adgangskoden skal have mindst 10 tegn', key: 'validation:password.tooShort', params: { min: 10 } }]);
    const same = await api(s.app, t).post('/api/auth/password', { oldPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.json().issues[0].path).toBe('newPassword');
    // Forvaltning needs 12.
    const admin = await api(s.app, s.world.admin).post('/api/auth/password', { oldPassword: 'x', newPassword: 'elleve-tegn' });
    expect(admin.json().issues).toEqual([{ path: 'newPassword', message: 'Adgangskoden skal have mindst 12 tegn for forvaltningsbrugere', key: 'validation:password.tooShortForvaltning', params: { min: 12 } }]);
    const missing = await api(s.app, t).post('/api/auth/password', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues.map((i: { path: string }) => i.path)).toEqual(['oldPassword', 'newPassword']);
    expect(await auditRows('password.changed')).toHaveLength(0);
    await loginOn(s.app, 'leder-a');
    expect((await api(s.app).post('/api/auth/password', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(401);
  });

  it('guessing the old password with a stolen token meets the login limit', async () => {
    const t = s.world.lederB;
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await api(s.app, t).post('/api/auth/password', { oldPassword: `gæt-nummer-${i}`, newPassword: NEW_PASSWORD })).statusCode);
    expect(codes).toEqual([400, 400, 400, 400, 400, 429, 429]);
    // Even the right one waits out the window.
    expect((await api(s.app, t).post('/api/auth/password', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(429);
  });

  it('users see their own devices, with the label the login sent and which one is this device', async () => {
    const laptop = await loginOn(s.app, 'konsulent-b', 'Chrome på Windows');
    await loginOn(s.app, 'konsulent-b', '  Tilsyn\u0007 på Mac ');
    const res = await api(s.app, laptop).get('/api/auth/devices');
    expect(res.statusCode).toBe(200);
    const devices = res.json().devices as { id: string; deviceName: string | null; current: boolean; createdAt: string; lastUsedAt: string; expiresAt: string }[];
    expect(devices.map((x) => x.deviceName ?? '(intet navn)').sort()).toEqual(['(intet navn)', 'Chrome på Windows', 'Tilsyn på Mac']);
    expect(devices.filter((x) => x.current).map((x) => x.deviceName)).toEqual(['Chrome på Windows']);
    const mine = devices.find((x) => x.current)!;
    expect(Date.parse(mine.expiresAt) - Date.parse(mine.createdAt)).toBe(30 * 24 * 3600 * 1000);
    // Never a token or its hash.
    expect(res.body).not.toContain(laptop);
    expect(res.body).not.toContain(hashToken(laptop));
    // Nobody else's.
    const other = await api(s.app, s.world.konsulentA).get('/api/auth/devices');
    expect(other.json().devices).toHaveLength(1);
  });

  it('a user logs out one of their own devices, never another user’s; audited', async () => {
    const phone = await loginOn(s.app, 'konsulent-a', 'Telefon');
    const here = s.world.konsulentA;
    const list = (await api(s.app, here).get('/api/auth/devices')).json().devices as { id: string; deviceName: string | null }[];
    const phoneId = list.find((x) => x.deviceName === 'Telefon')!.id;
    // Another user cannot, and learns nothing (same 404 as an unknown id).
    const foreign = await api(s.app, s.world.konsulentB).post(`/api/auth/devices/${phoneId}/revoke`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toBe((await api(s.app, s.world.konsulentB).post('/api/auth/devices/ingen/revoke')).json().error);
    expect((await api(s.app, phone).get('/api/auth/me')).statusCode).toBe(200);
    const res = await api(s.app, here).post(`/api/auth/devices/${phoneId}/revoke`);
    expect(res.statusCode).toBe(200);
    expect((await api(s.app, phone).get('/api/auth/me')).statusCode).toBe(401);
    expect((await api(s.app, here).get('/api/auth/me')).statusCode).toBe(200);
    expect((await api(s.app, here).post(`/api/auth/devices/${phoneId}/revoke`)).statusCode).toBe(404);
    const rows = await auditRows('device.revoked');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_username: 'konsulent-a', target: phoneId });
    expect(JSON.parse(rows[0]!.details)).toEqual({ deviceName: 'Telefon' });
  });

  it('a token past its absolute lifetime gets 401 with a Danish message, however recently used; idle 120 days likewise', async () => {
    const db = s.app.tilsyn.db;
    const old = await loginOn(s.app, 'leder-b');
    await db.updateTable('tokens').set({ created_at: daysAgo(31), last_used_at: new Date().toISOString() }).where('token_hash', '=', hashToken(old)).execute();
    const res = await api(s.app, old).get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'ikke_logget_ind', error: 'Dit login er udløbet: et login gælder højst 30 dage. Log ind igen.' });
    expect((await api(s.app, old).get('/api/sync/pull')).statusCode).toBe(401);
    const idle = await loginOn(s.app, 'leder-b');
    await db.updateTable('tokens').set({ created_at: daysAgo(10), last_used_at: daysAgo(121) }).where('token_hash', '=', hashToken(idle)).execute();
    expect((await api(s.app, idle).get('/api/auth/me')).json().error).toBe('Dit login er udløbet, fordi det ikke er brugt i 120 dage. Log ind igen.');
    // Neither is listed among the devices.
    const fresh = await loginOn(s.app, 'leder-b');
    const ids = (await api(s.app, fresh).get('/api/auth/devices')).json().devices.length;
    expect(ids).toBe(2); // the world's login and this one
  });

  it('logins made before devices existed get an id in migration 0210 and show in the device list', async () => {
    // A database as it was before 0210 (migrated up to 0201_goals only), with a user logged in.
    const fresh = await freshDatabase(d);
    try {
      const handle = openDatabase(fresh.options);
      const upTo = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '0201_goals'));
      const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => upTo } }).migrateToLatest();
      expect(error).toBeUndefined();
      const token = 'gammel-token-fra-foer-enhederne-1234567890a';
      const now = new Date().toISOString();
      await sql`insert into users (id, username, display_name, role, password_hash, disabled, scope_epoch, created_at, updated_at)
                values ('u1', 'gammel', 'Gammel', 'konsulent', 'x', 0, 0, ${now}, ${now})`.execute(handle.db);
      await sql`insert into tokens (token_hash, user_id, created_at, last_used_at) values (${hashToken(token)}, 'u1', ${now}, ${now})`.execute(handle.db);
      await handle.db.destroy();
      if (handle.healthDb !== handle.db) await handle.healthDb.destroy();
      const app = await startApp(fresh);
      try {
        const res = await api(app, token).get('/api/auth/devices');
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().devices).toEqual([expect.objectContaining({ deviceName: null, current: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
      } finally {
        await app.close();
      }
    } finally {
      await fresh.drop();
    }
  });
});

it('TILSYN_TOKEN_MAX_AGE_DAYS: default 365, a whole number of days, else a Danish refusal', () => {
  expect(tokenPolicyFrom(undefined)).toEqual({ idleDays: 120, maxAgeDays: 365 });
  expect(tokenPolicyFrom('')).toEqual({ idleDays: 120, maxAgeDays: 365 });
  expect(tokenPolicyFrom(' 90 ').maxAgeDays).toBe(90);
  for (const bad of ['0', '-3', '1.5', 'et år', '99999']) expect(() => tokenPolicyFrom(bad)).toThrow(/TILSYN_TOKEN_MAX_AGE_DAYS skal være et helt antal dage/);
});
