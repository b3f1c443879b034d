import type { FastifyInstance } from 'fastify';
import { PullQuerySchema, PushRequestSchema, type PullResponse, type PushResponse } from '../../shared/sync/wire';
import { requireUser, userOf } from '../auth/requireUser';
import type { ServerContext } from '../context';
import { pullChanges } from '../sync/pull';
import { pushMutations } from '../sync/push';
import { parse } from '../validate';

export function syncRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx;

  app.post('/api/sync/push', { onRequest: requireUser(db) }, async (request): Promise<PushResponse> => {
    const body = parse(PushRequestSchema, request.body, 'Ugyldig synkronisering');
    return pushMutations(db, userOf(request), body);
  });

  app.get('/api/sync/pull', { onRequest: requireUser(db) }, async (request): Promise<PullResponse> => {
    const query = parse(PullQuerySchema, request.query, 'Ugyldig synkronisering');
    return pullChanges(db, userOf(request), query);
  });
}
