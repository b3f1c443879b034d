import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/accounts';
import type { Database } from '../db/schema';
import { HttpError } from '../errors';
import { authenticateToken, type AuthUser } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
    tokenHash: string | null;
  }
}

const notLoggedIn = (message: string) => new HttpError(401, message, { code: 'ikke_logget_ind' }, { 'www-authenticate': 'Bearer' });

/**
 * The onRequest hook of every plugin behind login (`app.addHook('onRequest', requireUser(db, roles))`):
 * a valid bearer token or 401; with `roles`, also the right role or 403.
 */
export function requireUser(db: Kysely<Database>, roles?: readonly Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header);
    if (!match) throw notLoggedIn('Du skal logge ind');
    const session = await authenticateToken(db, match[1]!);
    if (!session) throw notLoggedIn('Dit login er udløbet eller tilbagekaldt. Log ind igen.');
    request.user = session.user;
    request.tokenHash = session.tokenHash;
    if (roles && !roles.includes(session.user.role)) {
      throw new HttpError(403, `Kun ${roles.join(' eller ')} har adgang til dette`, { code: 'ingen_adgang' });
    }
  };
}

/** The authenticated user of a route behind requireUser. */
export function userOf(request: FastifyRequest): AuthUser {
  if (!request.user) throw notLoggedIn('Du skal logge ind');
  return request.user;
}
