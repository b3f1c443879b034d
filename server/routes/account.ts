import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ChangePasswordRequestSchema, ChangePasswordResponseSchema, DeviceListSchema, DeviceSchema } from '../../shared/ownAccount';
import { passwordRefusal, passwordRefusalText } from '../../shared/passwordRules';
import { audit } from '../audit/audit';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { requireUser, userOf } from '../auth/requireUser';
import { assertSecureTransport } from '../auth/transport';
import { listDevices, revokeDevice, revokeOtherTokens } from '../auth/tokens';
import { translate } from '../../shared/i18n/i18n';
import { codedError, HttpError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

const DeviceParams = z.object({ id: z.string().min(1).max(100) });

/**
 * A logged-in user's own account (docs/sync-protocol.md §1): change the password (the current one
 * required), list the devices logged in as them, and log one out. Never another user's.
 */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, limiter, tokenPolicy, allowInsecureHttp } = app.tilsyn;
  app.addHook('onRequest', requireUser(db));

  app.post(
    '/password',
    { config: { invalid: 'Ugyldigt skift af adgangskode' }, schema: { body: ChangePasswordRequestSchema, response: { 200: ChangePasswordResponseSchema, ...ERROR_REPLIES } } },
    async (request) => {
      // Passwords travel only over https (or on this machine), as at login.
      assertSecureTransport(request, allowInsecureHttp);
      const user = userOf(request);
      const { oldPassword, newPassword } = request.body;
      const refusal = passwordRefusal(newPassword, user.role, user.username);
      if (refusal) {
        const problem = passwordRefusalText(refusal);
        throw new HttpError(400, problem, { code: 'ugyldig', issues: [{ path: 'newPassword', message: problem, key: refusal.key, params: refusal.params }] });
      }
      if (newPassword === oldPassword) {
        const message = translate('errors:server.samePassword');
        throw new HttpError(400, message, { code: 'ugyldig', issues: [{ path: 'newPassword', message }] });
      }
      // The login limit and the bounded argon2 queue, as at login: a stolen token buys no extra guesses.
      const attempt = await limiter.reserve(request, user.username);
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(row.password_hash, oldPassword))) {
        await audit(db, request, { action: 'password.failed', target: user.id });
        const message = translate('errors:code.forkert_adgangskode');
        throw new HttpError(400, message, { code: 'forkert_adgangskode', issues: [{ path: 'oldPassword', message }] });
      }
      await limiter.succeeded(attempt);
      const passwordHash = await hashPassword(newPassword);
      const now = new Date();
      // One transaction: when the new password works, no other device is still logged in with the old one.
      const others = await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
        return revokeOtherTokens(trx, user.id, request.tokenHash!, now);
      });
      await audit(db, request, { action: 'password.changed', target: user.id, details: { otherDevicesLoggedOut: others } });
      return { ok: true as const, otherDevicesLoggedOut: others };
    },
  );

  app.get('/devices', { schema: { response: { 200: DeviceListSchema, ...ERROR_REPLIES } } }, async (request) => ({
    devices: await listDevices(db, userOf(request).id, request.tokenHash!, tokenPolicy),
  }));

  app.post('/devices/:id/revoke', { schema: { params: DeviceParams, response: { 200: z.object({ ok: z.literal(true), device: DeviceSchema.pick({ id: true, deviceName: true }) }), ...ERROR_REPLIES } } }, async (request) => {
    const user = userOf(request);
    // Another user's device gets the same answer as one that does not exist.
    const revoked = await revokeDevice(db, user.id, request.params.id);
    if (!revoked) throw codedError(404, 'ukendt_enhed');
    await audit(db, request, { action: 'device.revoked', target: request.params.id, details: { deviceName: revoked.deviceName } });
    return { ok: true as const, device: { id: request.params.id, deviceName: revoked.deviceName } };
  });
};
