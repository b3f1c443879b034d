import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { LoginResponseSchema, type Me } from '../../shared/accounts';
import { AuthConfigSchema, HandoffRequestSchema, LOGIN_AGAIN_CODE, ProofRequestSchema, ProofResponseSchema, ProviderExchangeRequestSchema, WEB_LOGIN_RETURN_ROUTE } from '../../shared/identityLogin';
import { DeviceNameSchema } from '../../shared/ownAccount';
import { audit } from '../audit/audit';
import { IdentityRefused, type PendingWebLogin, type ProviderIdentity } from '../auth/identity/adapter';
import { HANDOFF_MAX_AGE_MS, putPending, randomKey, takePending, WEB_LOGIN_MAX_AGE_MS } from '../auth/identity/pendingLogins';
import { userForIdentity } from '../auth/identity/providerLogin';
import { passwordLoginSetting } from '../auth/passwordLogin';
import { requireUser, userOf } from '../auth/requireUser';
import { issueToken, loadAuthUser, markNeedsLogin, recordProof, type AuthUser } from '../auth/tokens';
import { assertSecureTransport } from '../auth/transport';
import { translate } from '../../shared/i18n/i18n';
import { codedError, HttpError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

const meOf = (u: AuthUser): Me => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, institutionIds: u.institutionIds });

interface PendingLogin extends PendingWebLogin {
  deviceName: string | null;
}
interface Handoff {
  userId: string;
  provider: string;
  subject: string;
  deviceName: string | null;
}

/**
 * Login with the municipality's identity provider (docs/login.md). Every path ends in the usual
 * device token (hashed, revocable, idle limit), marked as a provider login so it syncs only with a
 * fresh word from the provider (the daily proof). Public: the config, the web redirect and callback,
 * the hand-off and the desktop's exchange; behind the token: the proof and the report of a refusal.
 */
export const providerLoginRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, identity, allowInsecureHttp } = app.tilsyn;

  app.get('/config', { schema: { response: { 200: AuthConfigSchema } } }, async () => ({
    passwordLogin: await passwordLoginSetting(db),
    provider: identity ? identity.adapter.publicConfig() : null,
  }));

  const configured = () => {
    if (!identity) throw new HttpError(404, 'Der er ikke sat et kommunalt login op på denne server', { code: 'intet_kommunalt_login' });
    return identity;
  };

  /** The audit row of a refusal, then the Danish message for the user. */
  const refuse = async (request: FastifyRequest, error: unknown, method: string): Promise<never> => {
    if (!(error instanceof IdentityRefused)) throw error;
    await audit(db, request, { action: 'login.failed', actor: null, details: { provider: identity?.adapter.provider, method, reason: error.reason } });
    throw new HttpError(403, error.message, { code: 'kommunens_login_afviste' });
  };

  const loginAs = async (request: FastifyRequest, who: ProviderIdentity, method: 'oidc-web' | 'oidc-desktop') => {
    const { config } = configured();
    const result = await userForIdentity(db, who, config).catch((error: unknown) => refuse(request, error, method));
    if (result.created) await audit(db, request, { action: 'user.created', actor: result.user, target: result.user.id, details: { provider: who.provider, role: result.user.role, by: 'kommunens_login' } });
    if (result.roleChanged) await audit(db, request, { action: 'user.updated', actor: null, target: result.user.id, details: { fields: ['role'], role: result.roleChanged.to, previousRole: result.roleChanged.from, by: 'kommunens_login' } });
    return result.user;
  };

  // ---- Web: the browser goes to the provider and comes back to the server's own callback ----

  const callbackUrl = (request: FastifyRequest) => `${(configured().config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '')}/api/auth/oidc/callback`;
  const backToApp = (query: Record<string, string>) => `/#${WEB_LOGIN_RETURN_ROUTE}?${new URLSearchParams(query).toString()}`;

  app.get('/oidc/start', { schema: { querystring: z.object({ device: DeviceNameSchema.optional() }) } }, async (request, reply) => {
    const { adapter } = configured();
    const state = randomKey();
    const { url, pending } = await adapter.startWebLogin({ redirectUri: callbackUrl(request), state }).catch((error: unknown) => refuse(request, error, 'oidc-web'));
    await putPending(db, 'login', state, { ...pending, deviceName: request.query.device ?? null } satisfies PendingLogin);
    return reply.redirect(url, 302);
  });

  app.get('/oidc/callback', { schema: { querystring: z.object({ state: z.string().max(200).optional() }).loose() } }, async (request, reply) => {
    const { adapter } = configured();
    const state = request.query.state ?? '';
    const pending = state ? await takePending<PendingLogin>(db, 'login', state, WEB_LOGIN_MAX_AGE_MS) : null;
    if (!pending) {
      await audit(db, request, { action: 'login.failed', actor: null, details: { provider: adapter.provider, method: 'oidc-web', reason: 'ukendt_state' } });
      return reply.redirect(backToApp({ fejl: 'Login blev ikke genkendt eller tog for lang tid. Prøv igen.' }), 302);
    }
    try {
      const current = new URL(request.url, pending.redirectUri);
      const who = await adapter.finishWebLogin(current, state, pending);
      const user = await loginAs(request, who, 'oidc-web');
      const handoff = randomKey();
      await putPending(db, 'handoff', handoff, { userId: user.id, provider: who.provider, subject: who.subject, deviceName: pending.deviceName } satisfies Handoff);
      return reply.redirect(backToApp({ overdragelse: handoff }), 302);
    } catch (error) {
      if (error instanceof IdentityRefused) await refuse(request, error, 'oidc-web').catch(() => undefined);
      const message = error instanceof IdentityRefused || error instanceof HttpError ? error.message : 'Kommunens login kunne ikke gennemføres. Prøv igen.';
      if (!(error instanceof IdentityRefused) && !(error instanceof HttpError)) request.log.error({ err: error }, 'oidc callback failed');
      return reply.redirect(backToApp({ fejl: message }), 302);
    }
  });

  app.post('/oidc/redeem', { config: { invalid: 'Ugyldigt login' }, schema: { body: HandoffRequestSchema, response: { 200: LoginResponseSchema, ...ERROR_REPLIES } } }, async (request) => {
    assertSecureTransport(request, allowInsecureHttp);
    const handoff = await takePending<Handoff>(db, 'handoff', request.body.handoff, HANDOFF_MAX_AGE_MS);
    if (!handoff) throw new HttpError(401, translate('errors:server.handoffExpired'), { code: 'forkert_login' });
    const user = await loadAuthUser(db, handoff.userId);
    if (!user) throw codedError(403, 'deaktiveret');
    const token = await issueToken(db, user.id, { deviceName: handoff.deviceName ?? undefined, provider: { issuer: handoff.provider, subject: handoff.subject } });
    await audit(db, request, { action: 'login.ok', actor: user, target: user.id, details: { provider: handoff.provider, method: 'oidc-web' } });
    return { token, user: meOf(user) };
  });

  // ---- Desktop: the app did code + PKCE itself (system browser, loopback) and shows its access token ----

  app.post('/oidc/exchange', { config: { invalid: 'Ugyldigt login' }, schema: { body: ProviderExchangeRequestSchema, response: { 200: LoginResponseSchema, ...ERROR_REPLIES } } }, async (request) => {
    assertSecureTransport(request, allowInsecureHttp);
    const { adapter } = configured();
    const who = await adapter.verifyApiToken(request.body.accessToken).catch((error: unknown) => refuse(request, error, 'oidc-desktop'));
    const user = await loginAs(request, who, 'oidc-desktop');
    const token = await issueToken(db, user.id, { deviceName: request.body.deviceName, provider: { issuer: who.provider, subject: who.subject } });
    await audit(db, request, { action: 'login.ok', actor: user, target: user.id, details: { provider: who.provider, method: 'oidc-desktop' } });
    return { token, user: meOf(user) };
  });

  const renewal: FastifyPluginAsyncZod = async (authed) => {
    authed.addHook('onRequest', requireUser(db, undefined, { providerProofOptional: true }));

    /** The daily proof: a fresh access token for the same person keeps a provider login syncing. */
    authed.post('/oidc/proof', { schema: { body: ProofRequestSchema, response: { 200: ProofResponseSchema, ...ERROR_REPLIES } } }, async (request) => {
      const { adapter } = configured();
      const proof = request.providerProof;
      if (!proof) throw codedError(400, 'ikke_kommunens_login');
      let who: ProviderIdentity | null = null;
      try {
        who = await adapter.verifyApiToken(request.body.accessToken);
      } catch (error) {
        if (!(error instanceof IdentityRefused) || error.reason === 'udbyder_utilgaengelig') throw error;
      }
      if (!who || who.provider !== proof.issuer || who.subject !== proof.subject) {
        await markNeedsLogin(db, request.tokenHash!);
        await audit(db, request, { action: 'login.renewal_refused', details: { provider: proof.issuer, reason: who ? 'anden_bruger' : 'token_afvist' } });
        throw new HttpError(401, 'Kommunens login kunne ikke bekræftes. Log ind igen for at synkronisere.', { code: LOGIN_AGAIN_CODE });
      }
      const now = new Date();
      await recordProof(db, request.tokenHash!, now);
      return { ok: true as const, proofAt: now.toISOString() };
    });

    /** The device reports that the provider refused its refresh (account disabled, consent revoked). */
    authed.post('/oidc/refused', { schema: { response: { 200: z.object({ ok: z.literal(true) }), ...ERROR_REPLIES } } }, async (request) => {
      const proof = request.providerProof;
      if (!proof) throw codedError(400, 'ikke_kommunens_login');
      await markNeedsLogin(db, request.tokenHash!);
      await audit(db, request, { action: 'login.renewal_refused', target: userOf(request).id, details: { provider: proof.issuer, reason: 'udbyder_afviste_fornyelse' } });
      return { ok: true as const };
    });
  };
  await app.register(renewal);

  /** After logging out in the browser: end the provider's session too, where it offers that. */
  app.get('/oidc/end-session', async (request, reply) => {
    const { adapter, config } = configured();
    const home = `${(config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '')}/`;
    const url = await adapter.endSessionUrl(home).catch(() => null);
    return reply.redirect(url ?? home, 302);
  });
};
