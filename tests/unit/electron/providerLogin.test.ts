import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialStore, type SafeStorageLike } from '../../../electron/credentials';
import { isAllowedExternalUrl } from '../../../electron/externalLinks';
import { nodeFs } from '../../../electron/fsLike';
import { createProviderLogin, listenForCallback, LOGIN_TIMEOUT_MS_DEFAULT, RENEW_AFTER_MS } from '../../../electron/providerLogin';
import { DEMO_ACCOUNTS, startDemoProvider, type DemoProvider } from '../../../server/auth/identity/demoProvider';
import { parseProviderConfig } from '../../../server/auth/identity/providerConfig';
import { hashToken } from '../../../server/auth/tokens';
import { ADMIN_PASSWORD, DIALECTS, api, freshDatabase, institution, login, mutation, newInspection, startApp, type FreshDatabase } from '../server/helpers';
import { loginThroughProvider } from '../server/support/providerBrowser';
import { memoryLogger, tempDir } from './fakes';

/**
 * The desktop's provider login in the main process, with Electron's shell and safeStorage injected,
 * against a real OpenID provider (oidc-provider) and a real Tilsyn server, both on 127.0.0.1.
 */
const NY = DEMO_ACCOUNTS[2]!.oid;
const safeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s) => Buffer.from(`ENC:${Buffer.from(s).toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
};

let provider: DemoProvider;
let db: FreshDatabase;
let app: FastifyInstance;
let serverUrl: string;
beforeAll(async () => {
  provider = await startDemoProvider();
  db = await freshDatabase(DIALECTS[0]!);
  app = await startApp(db, { identityProvider: parseProviderConfig(provider.tilsynConfig(), { production: false }) });
  serverUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  provider.setAppUrl(serverUrl);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
  await provider?.close();
});

/** The system browser: the user picks `account` on the provider's page, and the browser follows the redirect to the loopback callback. */
function systemBrowser(account = NY) {
  const opened: string[] = [];
  const done: Promise<unknown>[] = [];
  return {
    opened,
    done,
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
        done.push(
          // A user the provider will not log in never gets back to the app (the error is the browser's, not the app's).
          loginThroughProvider(url, account, (u) => u.hostname === '127.0.0.1' && u.pathname === '/callback')
            .then((callback) => fetch(callback))
            .catch((error: unknown) => error),
        );
      },
    },
  };
}

async function desktop(opts: { account?: string; now?: () => Date; allowLoopbackHttp?: boolean; timeoutMs?: number } = {}) {
  const dir = await tempDir();
  const log = memoryLogger();
  const store = (name: string) => createCredentialStore({ safeStorage, platform: 'linux', fs: nodeFs, file: path.join(dir, name), log });
  const browser = systemBrowser(opts.account);
  const credentials = store('credentials.bin');
  const providerSession = store('provider-session.bin');
  const login = createProviderLogin({
    shell: browser.shell,
    credentials,
    providerSession,
    log,
    allowLoopbackHttp: opts.allowLoopbackHttp ?? true,
    deviceName: 'Tilsyn på Linux',
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  return { dir, log, browser, credentials, providerSession, login };
}

beforeEach(() => {
  for (const a of DEMO_ACCOUNTS) provider.accounts.set(a.oid, { ...a });
});

describe('desktop login with the municipality’s identity provider (main process)', () => {
  it('opens the system browser at the issuer, takes the loopback callback, stores the device token; the provider’s tokens stay in the main process', async () => {
    const d = await desktop();
    const result = await d.login.login({ serverUrl, remember: true });
    expect(result).toEqual({ user: expect.objectContaining({ username: 'ny.konsulent@kommune.dk', role: 'konsulent' }), persisted: true, encrypted: true });
    // Exactly one page was opened, at the issuer (the origin /api/auth/config named), with PKCE S256, state and nonce.
    expect(d.browser.opened).toHaveLength(1);
    const opened = new URL(d.browser.opened[0]!);
    expect(opened.origin).toBe(new URL(provider.issuer).origin);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(opened.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(opened.searchParams.get('state')).toBeTruthy();
    expect(opened.searchParams.get('nonce')).toBeTruthy();
    // The loopback page told the user to go back; the listener is closed now.
    const page = (await d.browser.done[0]) as Response;
    expect(await page.text()).toContain('Du kan lukke dette vindue og gå tilbage til Tilsyn.');
    await expect(fetch(opened.searchParams.get('redirect_uri')!)).rejects.toThrow();
    // The device token works as today; the refresh token is on disk only encrypted.
    const { token } = await d.credentials.get();
    expect((await api(app, token!).get('/api/sync/pull?cursor=0')).statusCode).toBe(200);
    const onDisk = await readFile(path.join(d.dir, 'provider-session.bin'), 'utf8');
    expect(onDisk.startsWith('ENC:')).toBe(true);
    expect(onDisk).not.toContain('refreshToken');
    expect(JSON.parse((await d.providerSession.get()).token!)).toMatchObject({ issuer: provider.issuer, clientId: 'tilsyn-desktop', refreshToken: expect.any(String) });
    expect(d.log.text()).not.toContain(JSON.parse((await d.providerSession.get()).token!).refreshToken);
  });

  it('the openExternal allow-list admits exactly the issuer’s origin; a packaged app refuses a plain-http provider', async () => {
    const issuer = new URL(provider.issuer).origin;
    expect(isAllowedExternalUrl(`${issuer}/auth?x=1`, [issuer], { allowLoopbackHttp: true })).toBe(true);
    expect(isAllowedExternalUrl(`${issuer}/auth`, [issuer])).toBe(false);
    expect(isAllowedExternalUrl('http://127.0.0.1:1/auth', [issuer], { allowLoopbackHttp: true })).toBe(false);
    expect(isAllowedExternalUrl('https://login.microsoftonline.com/t/oauth2/v2.0/authorize', ['https://login.microsoftonline.com'])).toBe(true);
    expect(isAllowedExternalUrl('https://login.microsoftonline.com.evil.example/x', ['https://login.microsoftonline.com'])).toBe(false);
    const d = await desktop({ allowLoopbackHttp: false });
    await expect(d.login.login({ serverUrl, remember: true })).rejects.toThrow('Serverens adresse skal begynde med https://');
    expect(d.browser.opened).toEqual([]);
  });

  it('the loopback listener takes exactly one callback whose state matches, then closes; another state or path is refused and it keeps waiting', async () => {
    const l = await listenForCallback('rigtig-state', 60_000);
    expect(l.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect((await fetch(`${l.redirectUri}?code=x&state=forkert`)).status).toBe(400);
    expect((await fetch(`${l.redirectUri}?code=x`)).status).toBe(400);
    expect((await fetch(l.redirectUri.replace('/callback', '/andet'))).status).toBe(404);
    expect((await fetch(`${l.redirectUri}?code=abc&state=rigtig-state`)).status).toBe(200);
    const url = await l.result;
    expect(url.searchParams.get('code')).toBe('abc');
    await expect(fetch(`${l.redirectUri}?code=igen&state=rigtig-state`)).rejects.toThrow();
  });

  it('times out with a Danish message and closes the listener (default 10 minutes)', async () => {
    const l = await listenForCallback('s', 50);
    await expect(l.result).rejects.toThrow('Login med kommunens login blev ikke gennemført inden for 1 minut. Prøv igen.');
    await expect(fetch(`${l.redirectUri}?state=s`)).rejects.toThrow();
    expect(LOGIN_TIMEOUT_MS_DEFAULT).toBe(10 * 60_000);
    // The whole login, when the browser never comes back: refused, nothing stored.
    const d = await desktop({ timeoutMs: 100 });
    d.browser.shell.openExternal = async () => undefined;
    await expect(d.login.login({ serverUrl, remember: true })).rejects.toThrow('blev ikke gennemført inden for 1 minut');
    expect((await d.credentials.get()).token).toBeNull();
  });

  it('renews the proof at most once a day; a disabled account stops syncing at the next daily check; an edit made meanwhile is pushed after the new login', async () => {
    let now = new Date();
    const d = await desktop({ now: () => now });
    const { user } = await d.login.login({ serverUrl, remember: true });
    const admin = await login(app, 'admin', ADMIN_PASSWORD);
    await api(app, admin).post('/api/admin/institutions', institution('INST-P'));
    await api(app, admin).patch(`/api/admin/users/${user.id}`, { institutionIds: ['INST-P'] });
    const token = async () => (await d.credentials.get()).token!;

    expect(await d.login.renew(false)).toEqual({ status: 'fresh' });
    now = new Date(Date.now() + RENEW_AFTER_MS + 60_000);
    expect(await d.login.renew(false)).toEqual({ status: 'renewed' });
    expect(await d.login.renew(false)).toEqual({ status: 'fresh' });

    // IT closes the account. The server's 24 hours run out before the next check:
    provider.accounts.get(NY)!.disabled = true;
    await app.tilsyn.db.updateTable('tokens').set({ proof_at: new Date(Date.now() - 25 * 3600_000).toISOString() }).where('provider', 'is not', null).execute();
    const inspection = newInspection('INST-P');
    const edit = mutation('inspection', inspection.id, 0, inspection as never);
    const refusedPush = await api(app, await token()).push('desktop-1', [edit]);
    expect(refusedPush.statusCode).toBe(401);
    expect(refusedPush.json().code).toBe('ny_login_kraeves');
    expect(await d.login.renew(true)).toEqual({ status: 'login-required', message: 'Log ind igen for at synkronisere. Kommunens login har afvist at forny dit login.' });
    expect((await d.providerSession.get()).token).toBeNull();
    const marked = await app.tilsyn.db.selectFrom('tokens').select('needs_login_at').where('token_hash', '=', hashToken(await token())).executeTakeFirstOrThrow();
    expect(marked.needs_login_at).not.toBeNull();
    expect(JSON.parse((await app.tilsyn.db.selectFrom('audit').select('details').where('action', '=', 'login.renewal_refused').executeTakeFirstOrThrow()).details)).toMatchObject({ reason: 'udbyder_afviste_fornyelse' });
    // A disabled provider account cannot log in again either.
    const blocked = await desktop({ timeoutMs: 3000 });
    await expect(blocked.login.login({ serverUrl, remember: true })).rejects.toThrow();

    // The account comes back (or it was a revoked token): a new login, and the edit waiting on the device is pushed, once.
    provider.accounts.get(NY)!.disabled = false;
    expect((await d.login.login({ serverUrl, remember: true })).user.id).toBe(user.id);
    const pushed = await api(app, await token()).push('desktop-1', [edit]);
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.json().results[0]).toMatchObject({ mutationId: edit.mutationId, status: 'applied' });
  });
});
