import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID provider (`oidc-provider`) on 127.0.0.1, standing in for the municipality's Entra ID
 * in the demo (`npm run demo -- --oidc-demo`) and in the tests: discovery, JWKS, code + PKCE,
 * JWT access tokens for the Tilsyn API with `oid` and `roles` as Entra sends them, refresh tokens,
 * and end-session. Its login page lists the demo people; an account can be disabled, as IT does
 * for a leaver, after which refresh is refused.
 */
export interface DemoAccount {
  /** Entra's `oid` (also `sub` here). */
  oid: string;
  username: string;
  name: string;
  roles: string[];
  disabled?: boolean;
}

export const DEMO_AUDIENCE = 'api://tilsyn-demo';
export const DEMO_API_SCOPE = 'api://tilsyn-demo/access_as_user';
export const DEMO_ROLE_MAP = { 'Tilsyn.Konsulent': 'konsulent', 'Tilsyn.Leder': 'leder', 'Tilsyn.Forvaltning': 'forvaltning' } as const;

/** The demo's people: the two demo users the server seeds (linked by username), and one Tilsyn does not know yet. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { oid: '0b7f6c1e-0000-4000-8000-000000000001', username: 'konsulent', name: 'Demo-konsulent', roles: ['Tilsyn.Konsulent'] },
  { oid: '0b7f6c1e-0000-4000-8000-000000000002', username: 'leder', name: 'Demo-leder', roles: ['Tilsyn.Leder'] },
  { oid: '0b7f6c1e-0000-4000-8000-000000000003', username: 'ny.konsulent@kommune.dk', name: 'Ny Konsulent', roles: ['Tilsyn.Konsulent'] },
];

export interface DemoProvider {
  issuer: string;
  accounts: Map<string, DemoAccount>;
  /** The key the provider signs with (the tests sign their own tokens with it, and with others). */
  signingKey: JWK & { kid: string };
  /** Where Tilsyn runs (its callback is registered for the web client); given at start or later. */
  setAppUrl(url: string): void;
  /** The Tilsyn server configuration (parseProviderConfig's input) that fits this provider. */
  tilsynConfig(extra?: Record<string, unknown>): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startDemoProvider(opts: { appUrl?: string; port?: number; accounts?: readonly DemoAccount[]; accessTokenTtlSeconds?: number } = {}): Promise<DemoProvider> {
  const accounts = new Map((opts.accounts ?? DEMO_ACCOUNTS).map((a) => [a.oid, { ...a }]));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'demo-1', alg: 'RS256', use: 'sig' } as JWK & { kid: string };

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const claimsOf = (a: DemoAccount) => ({ sub: a.oid, oid: a.oid, name: a.name, preferred_username: a.username, roles: a.roles });
  // The web client's callback is Tilsyn's address, which a test learns only after its server listens.
  const configurationFor = (appUrl: string): Configuration => ({
    clients: [
      {
        client_id: 'tilsyn-web',
        client_secret: 'tilsyn-demo-hemmelighed',
        redirect_uris: [`${appUrl}/api/auth/oidc/callback`],
        post_logout_redirect_uris: [`${appUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        // RFC 8252: a native app's loopback redirect; the provider ignores the port.
        client_id: 'tilsyn-desktop',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey as never] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'oid', 'roles'] },
    conformIdTokenClaims: false,
    ttl: { AccessToken: opts.accessTokenTtlSeconds ?? 3600, IdToken: 3600, RefreshToken: 14 * 24 * 3600, Interaction: 600, Session: 24 * 3600, Grant: 14 * 24 * 3600 },
    findAccount: (_ctx, id) => {
      const a = accounts.get(id);
      if (!a || a.disabled) return undefined;
      return { accountId: id, claims: () => claimsOf(a) };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: (ctx, form) => {
        // No "do you want to log out?" page in the demo: submit the provider's form at once.
        ctx.body = `<!doctype html><html lang="da"><head><title>Log ud</title></head><body>${form}<script>document.forms[0].submit()</script></body></html>`;
      } },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => DEMO_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: DEMO_API_SCOPE, audience: DEMO_AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    scopes: ['openid', 'profile', 'offline_access'],
    // Entra puts oid, roles and the username in its access tokens too.
    extraTokenClaims: (_ctx, token) => {
      if (token.kind !== 'AccessToken' || !('accountId' in token) || !token.accountId) return undefined;
      const a = accounts.get(token.accountId);
      return a ? { oid: a.oid, roles: a.roles, preferred_username: a.username, name: a.name } : undefined;
    },
    // First-party app: no consent screen for the web client; the grant covers what the app asks for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      return ctx.oidc.provider.Grant.find(await grantFor(ctx.oidc.provider, accountId, client.clientId));
    },
    // oidc-provider grants offline_access only with prompt=consent (which would make Entra ask for consent
    // at every login); like Entra, the demo gives the desktop client its refresh token without it.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: () => false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="da"><head><title>Fejl</title></head><body><main><h1>Fejl hos demo-login</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p></main></body></html>`;
    },
  });
  let provider: Provider | null = null;
  let callback: ReturnType<Provider['callback']> | null = null;
  const setAppUrl = (url: string) => {
    provider = new Provider(issuer, configurationFor(url.replace(/\/+$/, '')));
    callback = provider.callback();
  };
  if (opts.appUrl) setAppUrl(opts.appUrl);

  server.on('request', (req, res) => {
    if (!provider || !callback) return void res.writeHead(503).end('Demo-login er ikke klar');
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(req.url ?? '');
    if (!match) return void callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'consent' && details.session?.accountId) {
          // A first-party app (in Entra: admin consent for the tenant): no consent screen.
          const grant = await grantFor(provider, details.session.accountId, String(details.params.client_id));
          await provider.interactionFinished(req, res, { consent: { grantId: grant } }, { mergeWithLastSubmission: true });
          return;
        }
        if (req.method === 'POST' && match[2]) {
          const form = new URLSearchParams(await readBody(req));
          const a = accounts.get(form.get('konto') ?? '');
          if (!a || a.disabled) {
            res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, [...accounts.values()], 'Vælg en aktiv bruger.'));
            return;
          }
          await provider.interactionFinished(req, res, { login: { accountId: a.oid } }, { mergeWithLastSubmission: false });
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, [...accounts.values()]));
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`Login kunne ikke vises: ${(error as Error).message}`);
      }
    })();
  });

  return {
    issuer,
    accounts,
    signingKey,
    setAppUrl,
    tilsynConfig: (extra = {}) => ({
      issuer,
      clientId: 'tilsyn-web',
      clientSecret: 'tilsyn-demo-hemmelighed',
      desktopClientId: 'tilsyn-desktop',
      audience: DEMO_AUDIENCE,
      apiScope: DEMO_API_SCOPE,
      roleMap: DEMO_ROLE_MAP,
      unknownUsers: 'create',
      linkByUsername: true,
      label: 'kommunens login',
      ...extra,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function grantFor(provider: Provider, accountId: string, clientId: string): Promise<string> {
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope('openid profile offline_access');
  grant.addOIDCClaims(['oid', 'roles', 'name', 'preferred_username']);
  grant.addResourceScope(DEMO_AUDIENCE, DEMO_API_SCOPE);
  return grant.save();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 10_000) req.destroy();
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, accounts: DemoAccount[], error?: string): string {
  const options = accounts
    .map(
      (a, i) =>
        `<div><input type="radio" name="konto" id="konto-${i}" value="${escapeHtml(a.oid)}"${i === 0 ? ' checked' : ''}${a.disabled ? ' disabled' : ''}>` +
        `<label for="konto-${i}">${escapeHtml(a.name)} (${escapeHtml(a.username)}, ${escapeHtml(a.roles.join(', '))})${a.disabled ? ' – deaktiveret' : ''}</label></div>`,
    )
    .join('');
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Demo-login for kommunen</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}fieldset{border:1px solid #888;padding:1rem}div{margin:.4rem 0}button{margin-top:1rem;padding:.5rem 1.2rem;font-size:1rem}.fejl{color:#a00}</style></head>
<body><main><h1>Demo-login for kommunen</h1><p>Her ville kommunens Microsoft-login (Entra ID) spørge efter brugernavn og adgangskode. I demoen vælger du bare, hvem du er.</p>
${error ? `<p class="fejl" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><fieldset><legend>Hvem er du?</legend>${options}</fieldset><button type="submit">Log ind</button></form></main></body></html>`;
}
