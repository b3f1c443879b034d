import type { FastifyInstance } from 'fastify';
import { LoginRequestSchema, type LoginResponse, type Me } from '../../shared/accounts';
import { audit } from '../audit/audit';
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
    // Counted before the password is checked, so concurrent guesses cannot outrun the limit.
    const attempt = await limiter.reserve(request, body.username);
    const row = await db.selectFrom('users').select(['id', 'username', 'password_hash', 'disabled']).where('username', '=', body.username).executeTakeFirst();
    const ok = row ? await verifyPassword(row.password_hash, body.password) : await verifyDummy(body.password);
    if (!row || !ok) {
      await audit(db, request, { action: 'login.failed', actor: null, target: row?.id, details: { username: body.username, reason: row ? 'forkert_adgangskode' : 'ukendt_bruger' } });
      throw new HttpError(401, 'Forkert brugernavn eller adgangskode', { code: 'forkert_login' });
    }
    const user = row.disabled ? null : await loadAuthUser(db, row.id);
    if (!user) {
      await audit(db, request, { action: 'login.failed', actor: null, target: row.id, details: { username: body.username, reason: 'deaktiveret' } });
      throw new HttpError(403, 'Brugeren er deaktiveret. Kontakt forvaltningen.', { code: 'deaktiveret' });
    }
    await limiter.succeeded(attempt);
    const token = await issueToken(db, row.id);
    await audit(db, request, { action: 'login.ok', actor: user, target: user.id });
    return { token, user: meOf(user) };
  });

  app.post('/api/auth/logout', { onRequest: requireUser(db) }, async (request) => {
    await revokeToken(db, request.tokenHash!);
    await audit(db, request, { action: 'logout', target: request.user?.id });
    return { ok: true };
  });

  app.get('/api/auth/me', { onRequest: requireUser(db) }, async (request): Promise<Me> => meOf(userOf(request)));
}
