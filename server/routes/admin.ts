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
    return reply.status(201).send(await createUser(db, body));
  });
  app.patch('/api/admin/users/:id', { onRequest }, async (request) => {
    const { id } = parse(IdParams, request.params);
    const body = parse(UpdateUserSchema, request.body, 'Ugyldig ændring af bruger');
    return updateUser(db, userOf(request), id, body);
  });

  app.get('/api/admin/institutions', { onRequest }, async () => ({ institutions: await listInstitutions(db) }));
  app.post('/api/admin/institutions', { onRequest }, async (request, reply) => {
    const body = parse(InstitutionSchema, request.body, 'Ugyldig institution');
    return reply.status(201).send(await createInstitution(db, body));
  });
  app.patch('/api/admin/institutions/:id', { onRequest }, async (request) => {
    const { id } = parse(IdParams, request.params);
    const body = parse(InstitutionPatchSchema, request.body, 'Ugyldig ændring af institution');
    return updateInstitution(db, id, body);
  });

  app.get('/api/admin/frameworks', { onRequest }, async () => ({ frameworks: await listFrameworks(db) }));
  app.post('/api/admin/frameworks', { onRequest }, async (request, reply) => {
    const body = parse(FrameworkSchema, request.body, 'Ugyldig rammeversion');
    return reply.status(201).send(await createFramework(db, body));
  });
}
