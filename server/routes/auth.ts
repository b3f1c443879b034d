import type { FastifyInstance } from 'fastify';
import { LoginRequestSchema, type LoginResponse, type Me } from '../../shared/accounts';
import { verifyDummy, verifyPassword } from '../auth/passwords';
import { requireUser, userOf } from '../auth/requireUser';
import { issueToken, loadAuthUser, revokeToken, type AuthUser } from '../auth/tokens';
import type { ServerContext } from '../context';
import { HttpError } from '../errors';
import { parse } from '../validate';

export function meOf(user: AuthUser): Me {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, institutionIds: user.institutionIds };
}

export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db, limiter } = ctx;

  app.post('/api/auth/login', async (request): Promise<LoginResponse> => {
    const body = parse(LoginRequestSchema, request.body, 'Ugyldigt login');
    const wait = limiter.retryAfter(request.ip, body.username);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      throw new HttpError(
        429,
        `For mange mislykkede loginforsøg. Prøv igen om ${minutes} ${minutes === 1 ? 'minut' : 'minutter'}.`,
        { code: 'for_mange_forsoeg' },
        { 'retry-after': String(wait) },
      );
    }
    const row = await db.selectFrom('users').select(['id', 'password_hash', 'disabled']).where('username', '=', body.username).executeTakeFirst();
    const ok = row ? await verifyPassword(row.password_hash, body.password) : await verifyDummy(body.password);
    if (!row || !ok) {
      limiter.fail(request.ip, body.username);
      throw new HttpError(401, 'Forkert brugernavn eller adgangskode', { code: 'forkert_login' });
    }
    if (row.disabled) throw new HttpError(403, 'Brugeren er deaktiveret. Kontakt forvaltningen.', { code: 'deaktiveret' });
    limiter.succeed(request.ip, body.username);
    const user = await loadAuthUser(db, row.id);
    if (!user) throw new HttpError(403, 'Brugeren er deaktiveret. Kontakt forvaltningen.', { code: 'deaktiveret' });
    const token = await issueToken(db, row.id);
    return { token, user: meOf(user) };
  });

  app.post('/api/auth/logout', { onRequest: requireUser(db) }, async (request) => {
    await revokeToken(db, request.tokenHash!);
    return { ok: true };
  });

  app.get('/api/auth/me', { onRequest: requireUser(db) }, async (request): Promise<Me> => meOf(userOf(request)));
}
