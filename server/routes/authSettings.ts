import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuthSettingsSchema, AuthSettingsStateSchema, PasswordExemptSchema } from '../../shared/identityLogin';
import { audit } from '../audit/audit';
import { passwordLoginSetting, setPasswordLogin } from '../auth/passwordLogin';
import { requireUser, userOf } from '../auth/requireUser';
import { codedError, HttpError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

const IdParams = z.object({ id: z.string().min(1).max(200) });

/**
 * Forvaltning's login settings (docs/login.md): switch password login off for everyone but the
 * users marked as exempt, and mark who is exempt. Audited.
 */
export const authSettingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, identity } = app.tilsyn;
  app.addHook('onRequest', requireUser(db, ['forvaltning']));

  const state = async () => ({
    passwordLogin: await passwordLoginSetting(db),
    providerConfigured: identity !== null,
    exemptUserIds: (await db.selectFrom('users').select('id').where('password_exempt', '=', 1).orderBy('id').execute()).map((u) => u.id),
  });

  app.get('/auth-settings', { schema: { response: { 200: AuthSettingsStateSchema, ...ERROR_REPLIES } } }, state);

  app.patch('/auth-settings', { config: { invalid: 'Ugyldig loginindstilling' }, schema: { body: AuthSettingsSchema, response: { 200: AuthSettingsStateSchema, ...ERROR_REPLIES } } }, async (request) => {
    const me = userOf(request);
    if (request.body.passwordLogin === 'exempt_only') {
      if (!identity) throw new HttpError(409, 'Adgangskoder kan ikke slås fra, før kommunens login er sat op (docs/login.md)', { code: 'intet_kommunalt_login' });
      // Never lock out the one who flips the switch: they came through the provider, or are exempt themselves.
      const self = await db.selectFrom('users').select('password_exempt').where('id', '=', me.id).executeTakeFirstOrThrow();
      if (!request.providerProof && self.password_exempt !== 1)
        throw codedError(409, 'ville_spaerre_dig_ude');
    }
    await setPasswordLogin(db, request.body.passwordLogin);
    await audit(db, request, { action: 'auth_settings.updated', details: { setting: 'password_login', value: request.body.passwordLogin } });
    return state();
  });

  app.post(
    '/users/:id/password-exempt',
    { config: { invalid: 'Ugyldig ændring af bruger' }, schema: { params: IdParams, body: PasswordExemptSchema, response: { 200: z.object({ id: z.string(), exempt: z.boolean() }), ...ERROR_REPLIES } } },
    async (request) => {
      const result = await db.updateTable('users').set({ password_exempt: request.body.exempt ? 1 : 0, updated_at: new Date().toISOString() }).where('id', '=', request.params.id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new HttpError(404, 'Brugeren findes ikke', { code: 'findes_ikke' });
      await audit(db, request, { action: 'user.updated', target: request.params.id, details: { fields: ['passwordExempt'], exempt: request.body.exempt } });
      return { id: request.params.id, exempt: request.body.exempt };
    },
  );
};
