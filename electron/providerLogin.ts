import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { LoginResponseSchema, type Me } from '../shared/accounts';
import { AuthConfigSchema, LOGIN_AGAIN, LOGIN_AGAIN_CODE, ProofResponseSchema } from '../shared/identityLogin';
import type { CredentialsWrite } from '../shared/ipc';
import type { CredentialStore } from './credentials';
import { syncOriginFrom } from './csp';
import { openExternalIfAllowed, type ShellLike } from './externalLinks';
import { UserFacingError } from './ipcHandlers';
import type { Logger } from './log';

/**
 * The desktop's login with the municipality's identity provider, in the main process, as RFC 8252
 * and Microsoft's Electron guidance describe: the system browser (never a BrowserWindow), code +
 * PKCE, a loopback redirect on 127.0.0.1 at a random free port that takes exactly one callback
 * whose `state` matches and then closes, and a time limit. The issuer comes from the Tilsyn server
 * (`/api/auth/config`), and `openExternal` is allowed exactly its origin. The provider's refresh
 * token never leaves the main process: it is kept like the device token (safeStorage, or memory only
 * where the OS offers no real encryption), and used at most once a day to renew the proof the
 * server asks of a provider login. Electron's APIs are injected, so all of this runs in unit tests.
 */

export const LOGIN_TIMEOUT_MS_DEFAULT = 10 * 60_000;
/** Renew the provider's proof when the last one is older than this (the server wants one within 24 h). */
export const RENEW_AFTER_MS = 20 * 3600_000;

export interface ProviderLoginDeps {
  shell: ShellLike;
  /** The Tilsyn device token (as today). */
  credentials: CredentialStore;
  /** The provider session (refresh token and when it last vouched), in a store of its own. */
  providerSession: CredentialStore;
  log: Logger;
  /** Plain http to a provider (and a server) on this machine: only when the app is not packaged. */
  allowLoopbackHttp: boolean;
  timeoutMs?: number;
  now?: () => Date;
  /** The label of this device in the user's device list. */
  deviceName?: string;
}

const StoredSessionSchema = z.object({
  serverUrl: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  refreshToken: z.string(),
  lastProofAt: z.string(),
});
type StoredSession = z.infer<typeof StoredSessionSchema>;

export type LoginResult = { user: Me } & CredentialsWrite;
export type RenewResult = { status: 'not-provider' | 'fresh' | 'renewed' | 'offline' } | { status: 'login-required'; message: string };

/** The parts of the loopback listener a test looks at. */
export interface LoopbackCallback {
  redirectUri: string;
  /** Resolves with the callback URL of the one request whose state matched. */
  result: Promise<URL>;
  close(): void;
}

/**
 * Listens on 127.0.0.1 (a random free port) for one `/callback` with `state`. Other paths get 404,
 * a wrong or missing state 400 (the listener keeps waiting); the matching one gets a Danish page,
 * and the listener closes. After `timeoutMs` it closes and rejects with a Danish message.
 */
export async function listenForCallback(state: string, timeoutMs: number): Promise<LoopbackCallback> {
  const server: Server = createServer();
  let settle: { resolve: (u: URL) => void; reject: (e: Error) => void } | null = null;
  const result = new Promise<URL>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may wait on it (a test of the listener alone): never an unhandled rejection.
  result.catch(() => undefined);
  let done = false;
  const close = () => {
    done = true;
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  };
  const timer = setTimeout(() => {
    if (done) return;
    close();
    const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
    settle!.reject(new UserFacingError(`Login med kommunens login blev ikke gennemført inden for ${minutes} ${minutes === 1 ? 'minut' : 'minutter'}. Prøv igen.`));
  }, timeoutMs);
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (done || url.pathname !== '/callback') return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Ikke fundet');
    if (url.searchParams.get('state') !== state) return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Ukendt login-forsøg. Gå tilbage til Tilsyn og prøv igen.');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(
      '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Tilsyn</title></head><body><main><h1>Du er logget ind</h1><p>Du kan lukke dette vindue og gå tilbage til Tilsyn.</p></main></body></html>',
      () => {
        close();
        settle!.resolve(new URL(`http://127.0.0.1:${port}${req.url}`));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return { redirectUri: `http://127.0.0.1:${port}/callback`, result, close };
}

async function getJson<S extends z.ZodType>(url: string, init: RequestInit, schema: S, offline: string): Promise<{ status: number; body: z.output<S> | null; error: { error?: string; code?: string } }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch {
    throw new UserFacingError(offline);
  }
  const json: unknown = await res.json().catch(() => null);
  const parsed = res.ok ? schema.safeParse(json) : null;
  return { status: res.status, body: parsed?.success ? parsed.data : null, error: (json ?? {}) as { error?: string; code?: string } };
}

export function createProviderLogin(deps: ProviderLoginDeps) {
  const now = deps.now ?? (() => new Date());
  const discover = async (issuer: string, clientId: string) => {
    const insecure = new URL(issuer).protocol === 'http:';
    try {
      return await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 15 });
    } catch {
      throw new UserFacingError('Kommunens login kan ikke nås lige nu. Tjek netværket og prøv igen.');
    }
  };

  const readSession = async (): Promise<StoredSession | null> => {
    const { token } = await deps.providerSession.get();
    if (!token) return null;
    try {
      return StoredSessionSchema.parse(JSON.parse(token));
    } catch {
      await deps.providerSession.clear();
      return null;
    }
  };

  return {
    /** The whole login: from the server's config to a stored device token. */
    async login(input: { serverUrl: string; remember: boolean }): Promise<LoginResult> {
      const serverUrl = input.serverUrl.replace(/\/+$/, '');
      if (!syncOriginFrom(serverUrl, { allowLoopbackHttp: deps.allowLoopbackHttp })) throw new UserFacingError('Serverens adresse skal begynde med https://');
      const config = await getJson(`${serverUrl}/api/auth/config`, {}, AuthConfigSchema, 'Serveren kunne ikke nås. Tjek adressen og netværket.');
      const provider = config.body?.provider;
      if (!provider) throw new UserFacingError('Serveren har ikke kommunens login sat op. Log ind med brugernavn og adgangskode.');
      const issuerOrigin = syncOriginFrom(provider.issuer, { allowLoopbackHttp: deps.allowLoopbackHttp });
      if (!issuerOrigin) throw new UserFacingError('Kommunens login skal bruge https. Kontakt it-afdelingen.');
      const client = await discover(provider.issuer, provider.desktopClientId);

      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const loopback = await listenForCallback(state, deps.timeoutMs ?? LOGIN_TIMEOUT_MS_DEFAULT);
      try {
        const url = oidc.buildAuthorizationUrl(client, {
          redirect_uri: loopback.redirectUri,
          scope: provider.desktopScopes,
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        // Exactly the issuer's origin: an authorization endpoint elsewhere is refused, not opened.
        if (!(await openExternalIfAllowed(deps.shell, url.href, [issuerOrigin], deps.log, { allowLoopbackHttp: deps.allowLoopbackHttp })))
          throw new UserFacingError('Kommunens login ligger på en anden adresse end oplyst af serveren; login er afbrudt. Kontakt it-afdelingen.');
        deps.log.info('provider-login.browser-opened', { issuer: issuerOrigin });
        const callback = await loopback.result;
        let tokens: oidc.TokenEndpointResponse;
        try {
          tokens = await oidc.authorizationCodeGrant(client, callback, { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
        } catch (error) {
          deps.log.warn('provider-login.code-refused', { error: error instanceof oidc.AuthorizationResponseError ? error.error : 'exchange' });
          throw new UserFacingError(error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied' ? 'Login blev afbrudt hos kommunens login.' : 'Kommunens login kunne ikke gennemføres. Prøv igen.');
        }
        const exchanged = await getJson(
          `${serverUrl}/api/auth/oidc/exchange`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessToken: tokens.access_token, ...(deps.deviceName ? { deviceName: deps.deviceName } : {}) }) },
          LoginResponseSchema,
          'Serveren kunne ikke nås. Prøv igen.',
        );
        if (!exchanged.body) throw new UserFacingError(exchanged.error.error ?? 'Serveren afviste login. Prøv igen.');
        const stored = await deps.credentials.set(exchanged.body.token, input.remember);
        if (tokens.refresh_token) {
          const session: StoredSession = { serverUrl, issuer: provider.issuer, clientId: provider.desktopClientId, refreshToken: tokens.refresh_token, lastProofAt: now().toISOString() };
          await deps.providerSession.set(JSON.stringify(session), input.remember);
        } else await deps.providerSession.clear();
        deps.log.info('provider-login.ok', { issuer: issuerOrigin, refreshToken: tokens.refresh_token ? 'kept' : 'none' });
        return { user: exchanged.body.user, ...stored };
      } finally {
        loopback.close();
      }
    },

    /**
     * The daily proof: with a proof older than RENEW_AFTER_MS (or `force`, after the server asked),
     * refresh at the provider and show the server the new access token. A provider that refuses
     * (account disabled, token revoked) is reported to the server, and the user must log in again;
     * no answer at all is 'offline' (the app just works on).
     */
    async renew(force: boolean): Promise<RenewResult> {
      const session = await readSession();
      if (!session) return { status: 'not-provider' };
      if (!force && now().getTime() - Date.parse(session.lastProofAt) < RENEW_AFTER_MS) return { status: 'fresh' };
      const { token: deviceToken } = await deps.credentials.get();
      if (!deviceToken) return { status: 'not-provider' };
      const auth = { 'content-type': 'application/json', authorization: `Bearer ${deviceToken}` };
      let client: oidc.Configuration;
      try {
        client = await discover(session.issuer, session.clientId);
      } catch {
        return { status: 'offline' };
      }
      let tokens: oidc.TokenEndpointResponse;
      try {
        tokens = await oidc.refreshTokenGrant(client, session.refreshToken);
      } catch (error) {
        if (!(error instanceof oidc.ResponseBodyError)) return { status: 'offline' };
        deps.log.warn('provider-login.refresh-refused', { error: error.error });
        await fetch(`${session.serverUrl}/api/auth/oidc/refused`, { method: 'POST', headers: auth, body: '{}', signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
        await deps.providerSession.clear();
        return { status: 'login-required', message: `${LOGIN_AGAIN} Kommunens login har afvist at forny dit login.` };
      }
      const refreshToken = tokens.refresh_token ?? session.refreshToken;
      let proof;
      try {
        proof = await getJson(`${session.serverUrl}/api/auth/oidc/proof`, { method: 'POST', headers: auth, body: JSON.stringify({ accessToken: tokens.access_token }) }, ProofResponseSchema, 'offline');
      } catch {
        await deps.providerSession.set(JSON.stringify({ ...session, refreshToken }), (await deps.providerSession.get()).persisted);
        return { status: 'offline' };
      }
      if (!proof.body) {
        if (proof.status === 401 || proof.error.code === LOGIN_AGAIN_CODE) {
          await deps.providerSession.clear();
          return { status: 'login-required', message: proof.error.error ?? LOGIN_AGAIN };
        }
        return { status: 'offline' };
      }
      await deps.providerSession.set(JSON.stringify({ ...session, refreshToken, lastProofAt: now().toISOString() }), (await deps.providerSession.get()).persisted);
      return { status: 'renewed' };
    },
  };
}
