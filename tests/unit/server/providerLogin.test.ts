import { SignJWT, importJWK, generateKeyPair, decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseProviderConfig } from '../../../server/auth/identity/providerConfig';
import { DEMO_ACCOUNTS, DEMO_AUDIENCE, startDemoProvider, type DemoProvider } from '../../../server/auth/identity/demoProvider';
import { ADMIN_PASSWORD, PASSWORD, api, describeDialects, freshDatabase, login, startApp, type FreshDatabase } from './helpers';
import { loginThroughProvider } from './support/providerBrowser';
import { desktopTokens } from './support/providerTokens';

const [KONSULENT, LEDER, NY] = DEMO_ACCOUNTS.map((a) => a.oid) as [string, string, string];

let provider: DemoProvider;
beforeAll(async () => {
  provider = await startDemoProvider();
});
afterAll(async () => {
  await provider?.close();
});

describeDialects('login with the municipality’s identity provider (a real oidc-provider on 127.0.0.1)', (d) => {
  let db: FreshDatabase;
  let app: FastifyInstance;
  let appUrl: string;
  const start = async (extra: Record<string, unknown> = {}) => {
    await app?.close();
    app = await startApp(db, { identityProvider: parseProviderConfig(provider.tilsynConfig(extra), { production: false }) });
    appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    provider.setAppUrl(appUrl);
  };
  beforeEach(async () => {
    for (const a of DEMO_ACCOUNTS) provider.accounts.set(a.oid, { ...a });
    db = await freshDatabase(d);
    await start();
    return async () => {
      await app.close();
      await db.drop();
    };
  });
  const auditRows = (action: string) => app.tilsyn.db.selectFrom('audit').selectAll().where('action', '=', action).orderBy('id').execute();
  const exchange = async (accessToken: string) => api(app).post('/api/auth/oidc/exchange', { accessToken, deviceName: 'Bærbar' });

  it('tells clients the issuer; a web login (code + PKCE, the server’s own callback) ends in a device token, audited by provider', async () => {
    const config = await api(app).get('/api/auth/config');
    expect(config.json()).toMatchObject({ passwordLogin: 'all', provider: { kind: 'oidc', issuer: provider.issuer, desktopClientId: 'tilsyn-desktop', webLoginPath: '/api/auth/oidc/start' } });
    expect(config.json().provider.desktopScopes).toContain('offline_access');

    const back = await loginThroughProvider(`${appUrl}/api/auth/oidc/start?device=Chrome`, NY, (u) => u.origin === appUrl && u.hash.startsWith('#/kommune-login'));
    const handoff = new URLSearchParams(back.hash.split('?')[1]).get('overdragelse')!;
    expect(handoff).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const redeemed = await api(app).post('/api/auth/oidc/redeem', { handoff });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    const { token, user } = redeemed.json();
    // Unknown to Tilsyn and `unknownUsers: create`: made with the claim's role and no institutions.
    expect(user).toMatchObject({ username: 'ny.konsulent@kommune.dk', displayName: 'Ny Konsulent', role: 'konsulent', institutionIds: [] });
    expect((await api(app, token).get('/api/sync/pull?cursor=0')).statusCode).toBe(200);
    // The hand-off works once.
    expect((await api(app).post('/api/auth/oidc/redeem', { handoff })).statusCode).toBe(401);
    const [ok] = await auditRows('login.ok');
    expect(ok).toMatchObject({ actor_username: 'ny.konsulent@kommune.dk' });
    expect(JSON.parse(ok!.details)).toEqual({ provider: provider.issuer, method: 'oidc-web' });
    expect(await auditRows('user.created')).toHaveLength(1);
    const devices = await api(app, token).get('/api/auth/devices');
    expect(devices.json().devices).toMatchObject([{ deviceName: 'Chrome', current: true }]);
  });

  it('a callback with an unknown state, or one replayed, is refused and sends the app a Danish message', async () => {
    const res = await fetch(`${appUrl}/api/auth/oidc/callback?code=abc&state=ukendt`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(decodeURIComponent(res.headers.get('location')!)).toMatch(/^\/#\/kommune-login\?fejl=Login\+blev\+ikke\+genkendt/);
    expect(JSON.parse((await auditRows('login.failed'))[0]!.details)).toMatchObject({ reason: 'ukendt_state' });
  });

  it('the desktop’s access token becomes a device token; one provider subject is one Tilsyn user', async () => {
    const { tokens } = await desktopTokens(provider.issuer, NY);
    const first = await exchange(tokens.access_token);
    expect(first.statusCode, first.body).toBe(200);
    const again = await exchange((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    expect(again.json().user.id).toBe(first.json().user.id);
    const rows = await app.tilsyn.db.selectFrom('oidc_identities').selectAll().execute();
    expect(rows).toMatchObject([{ provider: provider.issuer, subject: NY, user_id: first.json().user.id }]);
    expect(JSON.parse((await auditRows('login.ok'))[1]!.details)).toEqual({ provider: provider.issuer, method: 'oidc-desktop' });
  });

  it('refuses tokens signed by another key, for another audience, expired, from another issuer, HS256 or alg none', async () => {
    const good = decodeJwt((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    const real = await importJWK(provider.signingKey, 'RS256');
    const other = (await generateKeyPair('RS256')).privateKey;
    const now = Math.floor(Date.now() / 1000);
    const sign = (key: CryptoKey | Uint8Array, claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
      new SignJWT({ ...good, iat: now, exp: now + 600, ...claims }).setProtectedHeader({ alg: 'RS256', kid: provider.signingKey.kid, ...header }).sign(key as CryptoKey);
    // The real key with the real claims is accepted: the refusals below are for the one thing changed.
    expect((await exchange(await sign(real, {}))).statusCode).toBe(200);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...good, exp: now + 600 })).toString('base64url')}.`;
    const cases: [string, string][] = [
      ['signatur', await sign(other, {})],
      ['ukendt_noegle', await sign(other, {}, { kid: 'fremmed' })],
      ['claim_aud', await sign(real, { aud: 'api://noget-andet' })],
      ['udloebet', await sign(real, { iat: now - 7200, exp: now - 61 })],
      ['claim_iss', await sign(real, { iss: 'https://login.example.org/' })],
      ['claim_nbf', await sign(real, { nbf: now + 120 })],
      ['algoritme', await new SignJWT({ ...good, exp: now + 600 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)))],
      ['algoritme', none],
    ];
    for (const [reason, token] of cases) {
      const res = await exchange(token);
      expect(res.statusCode, reason).toBe(403);
      expect(res.json().error).toBe('Kommunens login kunne ikke bekræftes. Log ind igen.');
    }
    const reasons = (await auditRows('login.failed')).map((r) => JSON.parse(r.details).reason);
    expect(reasons).toEqual(cases.map(([reason]) => reason));
    // 60 s of clock skew is tolerated, no more.
    expect((await exchange(await sign(real, { iat: now - 7200, exp: now - 30 }))).statusCode).toBe(200);
    expect((await exchange(await sign(real, { nbf: now + 30 }))).statusCode).toBe(200);
    expect((await exchange(await sign(real, { aud: [DEMO_AUDIENCE, 'api://andet'] }))).statusCode).toBe(200);
  });

  it('the role follows the claim at each login; without a Tilsyn role in the claim the login is refused; institutions stay Tilsyn’s', async () => {
    const first = await exchange((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    const id = first.json().user.id as string;
    const adminToken = await login(app, 'admin', ADMIN_PASSWORD);
    await app.tilsyn.db.insertInto('institutions').values({ id: 'inst-1', data: '{}', rev: 1, seq: 1, updated_at: new Date().toISOString() }).execute();
    await app.tilsyn.db.insertInto('user_institutions').values({ user_id: id, institution_id: 'inst-1' }).execute();
    provider.accounts.get(NY)!.roles = ['Tilsyn.Leder', 'Andet'];
    const second = await exchange((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    expect(second.json().user).toMatchObject({ id, role: 'leder', institutionIds: ['inst-1'] });
    expect((await app.tilsyn.db.selectFrom('users').select('scope_epoch').where('id', '=', id).executeTakeFirstOrThrow()).scope_epoch).toBe(1);
    const [updated] = await auditRows('user.updated');
    expect(JSON.parse(updated!.details)).toMatchObject({ role: 'leder', previousRole: 'konsulent', by: 'kommunens_login' });
    provider.accounts.get(NY)!.roles = ['Andet'];
    const refused = await exchange((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toBe('Din bruger har ingen Tilsyn-rolle i kommunens login. Bed it-afdelingen tildele dig en rolle til Tilsyn.');
    expect(adminToken).toBeTruthy();

    // Without a role mapping the claim is not read: the role is Tilsyn's own.
    await start({ roleMap: {} });
    const ignored = await exchange((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    expect(ignored.json().user).toMatchObject({ id, role: 'leder' });
  });

  it('unknown users are refused when so configured, and created when so configured', async () => {
    await start({ unknownUsers: 'refuse', linkByUsername: false });
    const refused = await exchange((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toBe('Du er ikke oprettet i Tilsyn. Bed forvaltningen oprette dig, og log så ind igen.');
    expect(await app.tilsyn.db.selectFrom('users').select('id').where('username', '=', 'ny.konsulent@kommune.dk').execute()).toEqual([]);
    expect(JSON.parse((await auditRows('login.failed'))[0]!.details)).toMatchObject({ provider: provider.issuer, method: 'oidc-desktop', reason: 'ukendt_bruger' });
    await start({ unknownUsers: 'create' });
    expect((await exchange((await desktopTokens(provider.issuer, NY)).tokens.access_token)).statusCode).toBe(200);
  });

  it('links a first login to the Tilsyn user of the same username only when configured; a disabled Tilsyn user is refused', async () => {
    const adminToken = await login(app, 'admin', ADMIN_PASSWORD);
    const made = await api(app, adminToken).post('/api/admin/users', { username: 'konsulent', displayName: 'K', role: 'konsulent', password: PASSWORD, institutionIds: [] });
    expect(made.statusCode, made.body).toBe(201);
    await start({ linkByUsername: false, unknownUsers: 'refuse' });
    expect((await exchange((await desktopTokens(provider.issuer, KONSULENT)).tokens.access_token)).statusCode).toBe(403);
    await start({ linkByUsername: true, unknownUsers: 'refuse' });
    const linked = await exchange((await desktopTokens(provider.issuer, KONSULENT)).tokens.access_token);
    expect(linked.json().user.id).toBe(made.json().id);
    await api(app, adminToken).patch(`/api/admin/users/${made.json().id}`, { disabled: true });
    const disabled = await exchange((await desktopTokens(provider.issuer, KONSULENT)).tokens.access_token);
    expect(disabled.statusCode).toBe(403);
    expect(disabled.json().error).toBe('Brugeren er deaktiveret i Tilsyn. Kontakt forvaltningen.');
  });

  it('Entra’s group overage (the claim replaced by a link) is refused with a clear message', async () => {
    await start({ roleClaim: 'groups', roleMap: { 'g-konsulent': 'konsulent' } });
    const good = decodeJwt((await desktopTokens(provider.issuer, NY)).tokens.access_token);
    const now = Math.floor(Date.now() / 1000);
    const key = await importJWK(provider.signingKey, 'RS256');
    const overage = await new SignJWT({ ...good, iat: now, exp: now + 600, _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/x/getMemberObjects' } } })
      .setProtectedHeader({ alg: 'RS256', kid: provider.signingKey.kid })
      .sign(key);
    const res = await exchange(overage);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatch(/^Du er medlem af for mange grupper til, at kommunens login kan sende dem med/);
    const groups = await new SignJWT({ ...good, iat: now, exp: now + 600, groups: ['g-konsulent'] }).setProtectedHeader({ alg: 'RS256', kid: provider.signingKey.kid }).sign(key);
    expect((await exchange(groups)).json().user.role).toBe('konsulent');
  });

  it('a provider login syncs only with a proof under 24 h old; a fresh proof renews it; a refused one needs a new login', async () => {
    const { client, tokens } = await desktopTokens(provider.issuer, NY);
    const token = (await exchange(tokens.access_token)).json().token as string;
    const setProof = (hoursAgo: number) => app.tilsyn.db.updateTable('tokens').set({ proof_at: new Date(Date.now() - hoursAgo * 3600_000).toISOString() }).where('provider', 'is not', null).execute();
    expect((await api(app, token).get('/api/sync/pull?cursor=0')).statusCode).toBe(200);
    await setProof(25);
    const stale = await api(app, token).get('/api/sync/pull?cursor=0');
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ code: 'ny_login_kraeves' });
    expect(stale.json().error).toMatch(/^Log ind igen for at synkronisere\. .*Dit arbejde er gemt på computeren/);
    // "Who am I" and logout still work; the proof route is how the desktop renews.
    expect((await api(app, token).get('/api/auth/me')).statusCode).toBe(200);
    const { refreshTokenGrant } = await import('openid-client');
    const refreshed = await refreshTokenGrant(client, tokens.refresh_token!);
    const proof = await api(app, token).post('/api/auth/oidc/proof', { accessToken: refreshed.access_token });
    expect(proof.statusCode, proof.body).toBe(200);
    expect((await api(app, token).get('/api/sync/pull?cursor=0')).statusCode).toBe(200);

    // Another person's token is no proof for this device: it is marked as needing a new login.
    const someoneElse = (await desktopTokens(provider.issuer, LEDER)).tokens.access_token;
    expect((await api(app, token).post('/api/auth/oidc/proof', { accessToken: someoneElse })).statusCode).toBe(401);
    expect((await api(app, token).get('/api/sync/pull?cursor=0')).json().code).toBe('ny_login_kraeves');
    const again = await refreshTokenGrant(client, refreshed.refresh_token ?? tokens.refresh_token!);
    expect((await api(app, token).post('/api/auth/oidc/proof', { accessToken: again.access_token })).statusCode).toBe(200);
    // A password login is not the provider's business.
    const pw = await login(app, 'admin', ADMIN_PASSWORD);
    expect((await api(app, pw).post('/api/auth/oidc/proof', { accessToken: again.access_token })).statusCode).toBe(400);
    expect((await auditRows('login.renewal_refused')).map((r) => JSON.parse(r.details).reason)).toEqual(['anden_bruger']);
  });

  it('forvaltning switches passwords off for everyone but the exempt; the switch is audited', async () => {
    const adminToken = await login(app, 'admin', ADMIN_PASSWORD);
    await api(app, adminToken).post('/api/admin/users', { username: 'privat-leder', displayName: 'P', role: 'leder', password: PASSWORD, institutionIds: [] });
    await api(app, adminToken).post('/api/admin/users', { username: 'karen', displayName: 'K', role: 'konsulent', password: PASSWORD, institutionIds: [] });
    // A password admin who is not exempt would lock themself out.
    expect((await api(app, adminToken).patch('/api/admin/auth-settings', { passwordLogin: 'exempt_only' })).json().code).toBe('ville_spaerre_dig_ude');
    const adminId = (await api(app, adminToken).get('/api/auth/me')).json().id;
    const leder = (await api(app, adminToken).get('/api/admin/users')).json().users.find((u: { username: string }) => u.username === 'privat-leder');
    expect((await api(app, adminToken).post(`/api/admin/users/${adminId}/password-exempt`, { exempt: true })).statusCode).toBe(200);
    expect((await api(app, adminToken).post(`/api/admin/users/${leder.id}/password-exempt`, { exempt: true })).statusCode).toBe(200);
    expect((await api(app, adminToken).patch('/api/admin/auth-settings', { passwordLogin: 'exempt_only' })).statusCode).toBe(200);
    expect((await api(app).get('/api/auth/config')).json().passwordLogin).toBe('exempt_only');
    const karen = await api(app).post('/api/auth/login', { username: 'karen', password: PASSWORD });
    expect(karen.statusCode).toBe(403);
    expect(karen.json()).toMatchObject({ code: 'brug_kommunens_login' });
    // A wrong password still says only "wrong": the switch tells a stranger nothing.
    expect((await api(app).post('/api/auth/login', { username: 'karen', password: 'forkert-kode-123' })).statusCode).toBe(401);
    expect((await api(app).post('/api/auth/login', { username: 'privat-leder', password: PASSWORD })).statusCode).toBe(200);
    expect(JSON.parse((await auditRows('auth_settings.updated'))[0]!.details)).toEqual({ setting: 'password_login', value: 'exempt_only' });
    expect((await api(app, await login(app, 'privat-leder')).patch('/api/admin/auth-settings', { passwordLogin: 'all' })).statusCode).toBe(403);
  });
});

it('a configuration is validated: https only in production (or for a provider elsewhere), never alg none or HS256, Danish messages', () => {
  const base = { issuer: 'https://login.microsoftonline.com/t/v2.0', clientId: 'c', audience: 'api://tilsyn' };
  expect(parseProviderConfig(base, { production: true })).toMatchObject({ algorithms: ['RS256'], roleClaim: 'roles', unknownUsers: 'refuse', desktopClientId: 'c', allowInsecureRequests: false, proofMaxAgeHours: 24 });
  expect(() => parseProviderConfig({ ...base, issuer: 'http://127.0.0.1:9000' }, { production: true })).toThrow(/^TILSYN_OIDC: issuer skal bruge https/);
  expect(() => parseProviderConfig({ ...base, issuer: 'http://idp.kommune.dk' }, { production: false })).toThrow(/issuer skal bruge https/);
  expect(parseProviderConfig({ ...base, issuer: 'http://127.0.0.1:9000' }, { production: false }).allowInsecureRequests).toBe(true);
  expect(() => parseProviderConfig({ ...base, publicUrl: 'http://tilsyn.kommune.dk' }, { production: true })).toThrow(/publicUrl skal bruge https/);
  expect(() => parseProviderConfig({ ...base, algorithms: ['none'] }, { production: true })).toThrow(/aldrig none eller HS/);
  expect(() => parseProviderConfig({ ...base, algorithms: ['HS256'] }, { production: true })).toThrow(/aldrig none eller HS/);
  expect(() => parseProviderConfig({ ...base, roleMap: { x: 'admin' } }, { production: true })).toThrow(/roleMap\.x: Rollen skal være konsulent, leder eller forvaltning/);
  expect(() => parseProviderConfig({ ...base, unknownUsers: 'maybe' }, { production: true })).toThrow(/unknownUsers skal være create eller refuse/);
});
