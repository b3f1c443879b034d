import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiTokenListSchema, ApiTokenSchema, CreateApiTokenSchema, CreatedApiTokenSchema } from '../../shared/apiTokens';
import { audit } from '../audit/audit';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/apiTokens';
import { requireUser, userOf } from '../auth/requireUser';
import { ERROR_REPLIES } from './errorReplies';

const IdParams = z.object({ id: z.string().min(1).max(100) });

/** Forvaltning makes, lists and revokes the BI tools' read-only API tokens (docs/bi-api.md). */
export const apiTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, tokenPolicy } = app.tilsyn;
  app.addHook('onRequest', requireUser(db, ['forvaltning']));

  app.get('', { schema: { response: { 200: ApiTokenListSchema, ...ERROR_REPLIES } } }, async () => ({ apiTokens: await listApiTokens(db, tokenPolicy) }));

  app.post('', { config: { invalid: 'Ugyldigt API-token' }, schema: { body: CreateApiTokenSchema, response: { 201: CreatedApiTokenSchema, ...ERROR_REPLIES } } }, async (request, reply) => {
    const created = await createApiToken(db, request.body, userOf(request).id, tokenPolicy);
    const t = created.apiToken;
    await audit(db, request, { action: 'api_token.created', target: t.id, details: { name: t.name, scopes: t.scopes, institutionIds: t.institutionIds } });
    // The secret is in this answer only; never cache it.
    return reply.status(201).header('cache-control', 'no-store').send(created);
  });

  app.post('/:id/revoke', { schema: { params: IdParams, response: { 200: ApiTokenSchema, ...ERROR_REPLIES } } }, async (request) => {
    const { apiToken: t, changed } = await revokeApiToken(db, request.params.id, tokenPolicy);
    if (changed) await audit(db, request, { action: 'api_token.revoked', target: t.id, details: { name: t.name } });
    return t;
  });
};
