import type { FastifyInstance } from 'fastify';
import type { PullResponse, PushResponse } from '../../shared/sync/wire';
import { requireUser, userOf } from '../auth/requireUser';
import type { ServerContext } from '../context';
import { parsePushRequest } from '../sync/envelope';
import { parsePullQuery, pullChanges } from '../sync/pull';
import { pushMutations } from '../sync/push';

export function syncRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx;

  app.post('/api/sync/push', { onRequest: requireUser(db) }, async (request): Promise<PushResponse> => {
    const body = parsePushRequest(request.body);
    return pushMutations(db, userOf(request), body);
  });

  app.get('/api/sync/pull', { onRequest: requireUser(db) }, async (request): Promise<PullResponse> => {
    const query = parsePullQuery(request.query);
    return pullChanges(db, userOf(request), query);
  });
}
