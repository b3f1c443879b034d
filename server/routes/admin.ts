import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminUserSchema, CreateUserSchema, UpdateUserSchema } from '../../shared/accounts';
import { FrameworkSchema } from '../../shared/framework';
import { InstitutionSchema } from '../../shared/institution';
import { requireUser, userOf } from '../auth/requireUser';
import { createFramework, listFrameworks } from '../admin/frameworks';
import { createInstitution, listInstitutions, updateInstitution } from '../admin/institutions';
import { createUser, listUsers, updateUser } from '../admin/users';
import { ERROR_REPLIES } from './errorReplies';
import { audit, auditCsv, auditUserUpdate, listAudit } from '../audit/audit';
import { AuditExportQuerySchema, AuditPageSchema, AuditQuerySchema } from '../../shared/audit';
import { PrivacyFlagListSchema, PurgeRequestSchema, PurgeResultSchema } from '../../shared/privacyFlags';
import { dismissFlag, listPrivacyFlags } from '../privacy/flags';
import { HttpError } from '../errors';
import { purgeText } from '../privacy/purge';

const IdParams = z.object({ id: z.string().min(1).max(200) });
const InstitutionPatchSchema = InstitutionSchema.omit({ rev: true })
  .partial()
  // null removes the field: an enhed made a daginstitution again leaves its parent.
  .extend({ parentInstitutionId: InstitutionSchema.shape.parentInstitutionId.unwrap().nullable().optional(), unitType: InstitutionSchema.shape.unitType.unwrap().nullable().optional() })
  .refine((p) => Object.keys(p).length > 0, { error: 'Angiv mindst ét felt, der skal ændres' });

/** Forvaltning only (one hook for the whole plugin): users, institutions, framework versions, the audit trail, privacy flags and purges. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.tilsyn;
  app.addHook('onRequest', requireUser(db, ['forvaltning']));

  app.get('/users', { schema: { response: { 200: z.object({ users: z.array(AdminUserSchema) }), ...ERROR_REPLIES } } }, async () => ({ users: await listUsers(db) }));
  app.post('/users', { config: { invalid: 'Ugyldig bruger' }, schema: { body: CreateUserSchema, response: { 201: AdminUserSchema, ...ERROR_REPLIES } } }, async (request, reply) => {
    const user = await createUser(db, request.body);
    await audit(db, request, { action: 'user.created', target: user.id, details: { username: user.username, role: user.role, institutionIds: user.institutionIds } });
    return reply.status(201).send(user);
  });
  app.patch(
    '/users/:id',
    { config: { invalid: 'Ugyldig ændring af bruger' }, schema: { params: IdParams, body: UpdateUserSchema, response: { 200: AdminUserSchema, ...ERROR_REPLIES } } },
    async (request) => {
      const user = await updateUser(db, userOf(request), request.params.id, request.body);
      await auditUserUpdate(db, request, user, request.body);
      return user;
    },
  );

  app.get('/institutions', { schema: { response: { 200: z.object({ institutions: z.array(InstitutionSchema) }), ...ERROR_REPLIES } } }, async () => ({ institutions: await listInstitutions(db) }));
  app.post('/institutions', { config: { invalid: 'Ugyldig institution' }, schema: { body: InstitutionSchema, response: { 201: InstitutionSchema, ...ERROR_REPLIES } } }, async (request, reply) => {
    const institution = await createInstitution(db, request.body);
    await audit(db, request, { action: 'institution.created', target: institution.id, details: { name: institution.name } });
    return reply.status(201).send(institution);
  });
  app.patch(
    '/institutions/:id',
    { config: { invalid: 'Ugyldig ændring af institution' }, schema: { params: IdParams, body: InstitutionPatchSchema, response: { 200: InstitutionSchema, ...ERROR_REPLIES } } },
    async (request) => {
      const institution = await updateInstitution(db, request.params.id, request.body);
      await audit(db, request, { action: 'institution.updated', target: request.params.id, details: { fields: Object.keys(request.body), rev: institution.rev } });
      return institution;
    },
  );

  app.get('/frameworks', { schema: { response: { 200: z.object({ frameworks: z.array(FrameworkSchema) }), ...ERROR_REPLIES } } }, async () => ({ frameworks: await listFrameworks(db) }));
  app.post('/frameworks', { config: { invalid: 'Ugyldig rammeversion' }, schema: { body: FrameworkSchema, response: { 201: FrameworkSchema, ...ERROR_REPLIES } } }, async (request, reply) => {
    const framework = await createFramework(db, request.body);
    await audit(db, request, { action: 'framework.created', target: framework.id, details: { version: framework.version } });
    return reply.status(201).send(framework);
  });

  app.get('/privacy-flags', { schema: { response: { 200: PrivacyFlagListSchema, ...ERROR_REPLIES } } }, async () => ({ flags: await listPrivacyFlags(db) }));
  app.post(
    '/privacy-flags/:id/dismiss',
    { config: { invalid: 'Ugyldigt fund' }, schema: { params: IdParams, response: { 200: z.object({ dismissed: z.literal(true) }), ...ERROR_REPLIES } } },
    async (request) => {
      const flag = await dismissFlag(db, request.params.id, new Date().toISOString());
      if (!flag) throw new HttpError(404, 'Fundet findes ikke eller er allerede lukket', { code: 'findes_ikke' });
      await audit(db, request, { action: 'privacy.dismissed', target: `${flag.recordType}:${flag.recordId}`, details: { field: flag.field, kind: flag.kind } });
      return { dismissed: true as const };
    },
  );
  app.post(
    '/purge',
    { config: { invalid: 'Ugyldig sletning' }, schema: { body: PurgeRequestSchema, response: { 200: PurgeResultSchema, ...ERROR_REPLIES } } },
    async (request) =>
      // The audit row is written in the purge's own transaction: no purge without its reason on record.
      purgeText(db, userOf(request), request.body, (trx, details) => audit(trx, request, { action: 'privacy.purged', target: `${details.recordType}:${details.recordId}`, details: { ...details } })),
  );

  app.get(
    '/audit',
    { config: { invalid: 'Ugyldig forespørgsel på loggen' }, schema: { querystring: AuditQuerySchema, response: { 200: AuditPageSchema, ...ERROR_REPLIES } } },
    async (request) => listAudit(db, request.query),
  );
  app.get(
    '/audit.csv',
    { config: { invalid: 'Ugyldig forespørgsel på loggen' }, schema: { querystring: AuditExportQuerySchema, response: { 200: z.string().describe('text/csv'), ...ERROR_REPLIES } } },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tilsyn-log-${new Date().toISOString().slice(0, 10)}.csv"`)
        .header('cache-control', 'no-store')
        .send(await auditCsv(db, request.query)),
  );
};
