import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateUserSchema, UpdateUserSchema } from '../../shared/accounts';
import { FrameworkSchema } from '../../shared/framework';
import { InstitutionSchema } from '../../shared/institution';
import { requireUser, userOf } from '../auth/requireUser';
import type { ServerContext } from '../context';
import { createFramework, listFrameworks } from '../admin/frameworks';
import { createInstitution, listInstitutions, updateInstitution } from '../admin/institutions';
import { createUser, listUsers, updateUser } from '../admin/users';
import { parse } from '../validate';
import { audit, auditUserUpdate, listAudit } from '../audit/audit';
import { AuditQuerySchema } from '../../shared/audit';

const IdParams = z.object({ id: z.string().min(1).max(200) });
const InstitutionPatchSchema = InstitutionSchema.omit({ rev: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { error: 'Angiv mindst ét felt, der skal ændres' });

/** Forvaltning only: users, institutions and framework versions. */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx;
  const onRequest = requireUser(db, ['forvaltning']);

  app.get('/api/admin/users', { onRequest }, async () => ({ users: await listUsers(db) }));
  app.post('/api/admin/users', { onRequest }, async (request, reply) => {
    const body = parse(CreateUserSchema, request.body, 'Ugyldig bruger');
    const user = await createUser(db, body);
    await audit(db, request, { action: 'user.created', target: user.id, details: { username: user.username, role: user.role, institutionIds: user.institutionIds } });
    return reply.status(201).send(user);
  });
  app.patch('/api/admin/users/:id', { onRequest }, async (request) => {
    const { id } = parse(IdParams, request.params);
    const body = parse(UpdateUserSchema, request.body, 'Ugyldig ændring af bruger');
    const user = await updateUser(db, userOf(request), id, body);
    await auditUserUpdate(db, request, user, body);
    return user;
  });

  app.get('/api/admin/institutions', { onRequest }, async () => ({ institutions: await listInstitutions(db) }));
  app.post('/api/admin/institutions', { onRequest }, async (request, reply) => {
    const body = parse(InstitutionSchema, request.body, 'Ugyldig institution');
    const institution = await createInstitution(db, body);
    await audit(db, request, { action: 'institution.created', target: institution.id, details: { name: institution.name } });
    return reply.status(201).send(institution);
  });
  app.patch('/api/admin/institutions/:id', { onRequest }, async (request) => {
    const { id } = parse(IdParams, request.params);
    const body = parse(InstitutionPatchSchema, request.body, 'Ugyldig ændring af institution');
    const institution = await updateInstitution(db, id, body);
    await audit(db, request, { action: 'institution.updated', target: id, details: { fields: Object.keys(body), rev: institution.rev } });
    return institution;
  });

  app.get('/api/admin/frameworks', { onRequest }, async () => ({ frameworks: await listFrameworks(db) }));
  app.post('/api/admin/frameworks', { onRequest }, async (request, reply) => {
    const body = parse(FrameworkSchema, request.body, 'Ugyldig rammeversion');
    const framework = await createFramework(db, body);
    await audit(db, request, { action: 'framework.created', target: framework.id, details: { version: framework.version } });
    return reply.status(201).send(framework);
  });

  app.get('/api/admin/audit', { onRequest }, async (request) => listAudit(db, parse(AuditQuerySchema, request.query, 'Ugyldig forespørgsel på loggen')));
}
