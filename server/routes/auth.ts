import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginRequestSchema, LoginResponseSchema, MeSchema, type Me } from '../../shared/accounts';
import { audit } from '../audit/audit';
import { passwordAllowed, passwordLoginSetting } from '../auth/passwordLogin';
import { verifyDummy, verifyPassword } from '../auth/passwords';
import { assertSecureTransport } from '../auth/transport';
import { requireUser, userOf } from '../auth/requireUser';
import { issueToken, loadAuthUser, revokeToken, type AuthUser } from '../auth/tokens';
import { translate } from '../../shared/i18n/i18n';
import { codedError, HttpError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

function meOf(user: AuthUser): Me {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, institutionIds: user.institutionIds };
}

const disabled = () => codedError(403, 'deaktiveret');

/** Login is public; logout and "who am I" need the token. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, limiter, allowInsecureHttp } = app.tilsyn;

  app.post(
    '/login',
    { config: { invalid: 'Ugyldigt login' }, schema: { body: LoginRequestSchema, response: { 200: LoginResponseSchema, ...ERROR_REPLIES } } },
    async (request) => {
      const body = request.body;
      // Before anything is counted or checked: a password sent in clear is refused, not used.
      assertSecureTransport(request, allowInsecureHttp);
      // Counted before the password is checked, so concurrent guesses cannot outrun the limit.
      const attempt = await limiter.reserve(request, body.username);
      const row = await db.selectFrom('users').select(['id', 'username', 'password_hash', 'disabled', 'password_exempt']).where('username', '=', body.username).executeTakeFirst();
      const ok = row ? await verifyPassword(row.password_hash, body.password) : await verifyDummy(body.password);
      if (!row || !ok) {
        await audit(db, request, { action: 'login.failed', actor: null, target: row?.id, details: { username: body.username, reason: row ? 'forkert_adgangskode' : 'ukendt_bruger' } });
        throw new HttpError(401, translate('errors:server.wrongLogin'), { code: 'forkert_login' });
      }
      const user = row.disabled ? null : await loadAuthUser(db, row.id);
      if (!user) {
        await audit(db, request, { action: 'login.failed', actor: null, target: row.id, details: { username: body.username, reason: 'deaktiveret' } });
        throw disabled();
      }
      await limiter.succeeded(attempt);
      // Checked after the password, so the answer tells a stranger nothing about who exists.
      if (!passwordAllowed(await passwordLoginSetting(db), row)) {
        await audit(db, request, { action: 'login.failed', actor: null, target: row.id, details: { username: body.username, reason: 'adgangskoder_slaaet_fra' } });
        throw codedError(403, 'brug_kommunens_login');
      }
      const token = await issueToken(db, row.id, { deviceName: body.deviceName });
      await audit(db, request, { action: 'login.ok', actor: user, target: user.id });
      return { token, user: meOf(user) };
    },
  );

  await app.register(async (authed) => {
    // Logging out and "who am I" work while a provider login waits for renewal.
    authed.addHook('onRequest', requireUser(db, undefined, { providerProofOptional: true }));

    authed.post('/logout', { schema: { response: { 200: z.object({ ok: z.literal(true) }), ...ERROR_REPLIES } } }, async (request) => {
      await revokeToken(db, request.tokenHash!);
      await audit(db, request, { action: 'logout', target: request.user?.id });
      return { ok: true as const };
    });

    authed.get('/me', { schema: { response: { 200: MeSchema, ...ERROR_REPLIES } } }, async (request) => meOf(userOf(request)));
  });
};
