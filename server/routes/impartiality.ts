import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ConsultantDirectorySchema, RelationListSchema } from '../../shared/impartiality';
import { consultantDirectory, listRelations, replaceRelations } from '../admin/relations';
import { audit } from '../audit/audit';
import { requireUser, userOf } from '../auth/requireUser';
import { HttpError } from '../errors';
import { ERROR_REPLIES } from './errorReplies';

const IdParams = z.object({ id: z.string().min(1).max(200) });

/**
 * Impartiality (issue 12, shared/impartiality.ts): the consultant directory devices cache for
 * offline use, and the relations to institutions, declared by the user themself
 * (/api/account/relations) or kept by forvaltning (/api/admin/users/:id/relations). Every change is
 * audited. A leder is no consultant and has neither.
 */
export const impartialityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;
  const reply = { 200: RelationListSchema, ...ERROR_REPLIES };

  app.get('/consultants', { onRequest: requireUser(db, ['konsulent', 'forvaltning']), schema: { response: { 200: ConsultantDirectorySchema, ...ERROR_REPLIES } } }, async () => consultantDirectory(db));

  app.get('/account/relations', { onRequest: requireUser(db, ['konsulent', 'forvaltning']), schema: { response: reply } }, async (request) => ({ relations: await listRelations(db, userOf(request).id) }));
  app.post(
    '/account/relations',
    { onRequest: requireUser(db, ['konsulent', 'forvaltning']), config: { invalid: 'Ugyldige relationer' }, schema: { body: RelationListSchema, response: reply } },
    async (request) => {
      const user = userOf(request);
      const relations = await replaceRelations(db, user.id, request.body.relations, user.id);
      await audit(db, request, { action: 'relations.updated', target: user.id, details: { by: 'self', count: relations.length, kinds: relations.map((r) => `${r.institutionId}:${r.kind}`) } });
      return { relations };
    },
  );

  app.get('/admin/users/:id/relations', { onRequest: requireUser(db, ['forvaltning']), schema: { params: IdParams, response: reply } }, async (request) => ({ relations: await listRelations(db, request.params.id) }));
  app.post(
    '/admin/users/:id/relations',
    { onRequest: requireUser(db, ['forvaltning']), config: { invalid: 'Ugyldige relationer' }, schema: { params: IdParams, body: RelationListSchema, response: reply } },
    async (request) => {
      const target = await db.selectFrom('users').select('role').where('id', '=', request.params.id).executeTakeFirst();
      if (target?.role === 'leder') throw new HttpError(400, 'En leder fører ikke tilsyn og har ingen relationer at erklære');
      const relations = await replaceRelations(db, request.params.id, request.body.relations, userOf(request).id);
      await audit(db, request, { action: 'relations.updated', target: request.params.id, details: { by: 'forvaltning', count: relations.length, kinds: relations.map((r) => `${r.institutionId}:${r.kind}`) } });
      return { relations };
    },
  );
};
