import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/accounts';
import { API_TOKEN_PREFIX, type ApiTokenScope } from '../../shared/apiTokens';
import type { Database } from '../db/schema';
import { HttpError } from '../errors';
import { readScopeOf, type ReadScope } from '../sync/visibility';
import { authenticateApiToken, type ApiTokenGrant } from './apiTokens';
import { LOGIN_AGAIN, LOGIN_AGAIN_CODE } from '../../shared/identityLogin';
import { authenticateToken, providerProofProblem, type AuthUser, type ProviderProof, type TokenRefusal } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
    tokenHash: string | null;
    /** Set by requireReader when the request came with a BI API token (then `user` is null). */
    apiToken: ApiTokenGrant | null;
    /** Set when the token came from a provider login (docs/login.md). */
    providerProof: ProviderProof | null;
  }
}

const notLoggedIn = (message: string) => new HttpError(401, message, { code: 'ikke_logget_ind' }, { 'www-authenticate': 'Bearer' });

const REFUSALS: Record<TokenRefusal, (days: { idleDays: number; maxAgeDays: number }) => string> = {
  unknown: () => 'Dit login er udløbet eller tilbagekaldt. Log ind igen.',
  max_age: ({ maxAgeDays }) => `Dit login er udløbet: et login gælder højst ${maxAgeDays} dage. Log ind igen.`,
  idle: ({ idleDays }) => `Dit login er udløbet, fordi det ikke er brugt i ${idleDays} dage. Log ind igen.`,
};

function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header);
  if (!match) throw notLoggedIn('Du skal logge ind');
  return match[1]!;
}

async function authenticateUser(db: Kysely<Database>, request: FastifyRequest, token: string, proofOptional = false): Promise<AuthUser> {
  const policy = request.server.tilsyn.tokenPolicy;
  const session = await authenticateToken(db, token, policy, undefined, request.server.tilsyn.readDb);
  if ('refused' in session) throw notLoggedIn(REFUSALS[session.refused](policy));
  request.user = session.user;
  request.tokenHash = session.tokenHash;
  request.providerProof = session.provider;
  // A provider login syncs only while the provider's word is fresh; the device's work waits, it is never refused.
  const proofMaxAgeHours = request.server.tilsyn.identity?.config.proofMaxAgeHours ?? 24;
  const problem = proofOptional ? null : providerProofProblem(session.provider, proofMaxAgeHours, new Date());
  if (problem)
    throw new HttpError(
      401,
      `${LOGIN_AGAIN} ${problem === 'stale' ? `Kommunens login skal bekræftes mindst hver ${proofMaxAgeHours}. time.` : 'Kommunens login har afvist dit login.'} Dit arbejde er gemt på computeren og sendes, når du har logget ind.`,
      { code: LOGIN_AGAIN_CODE },
      { 'www-authenticate': 'Bearer' },
    );
  return session.user;
}

/**
 * The onRequest hook of every plugin behind login (`app.addHook('onRequest', requireUser(db, roles))`):
 * a valid bearer token or 401; with `roles`, also the right role or 403. A BI API token is refused
 * here (it is in a table of its own and only requireReader looks there). A provider login without a
 * fresh proof is 401 `ny_login_kraeves`, except on the few routes that renew it (`providerProofOptional`).
 */
export function requireUser(db: Kysely<Database>, roles?: readonly Role[], opts: { providerProofOptional?: boolean } = {}) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerOf(request);
    if (token.startsWith(API_TOKEN_PREFIX))
      throw new HttpError(403, 'Et API-token kan kun læse udtræk og statistik (GET /api/export/… og /api/stats/…)', { code: 'kun_laeseadgang' });
    const user = await authenticateUser(db, request, token, opts.providerProofOptional);
    if (roles && !roles.includes(user.role)) {
      throw new HttpError(403, `Kun ${roles.join(' eller ')} har adgang til dette`, { code: 'ingen_adgang' });
    }
  };
}

/**
 * The hook of the read API (export, stats): a user's login, or a BI API token that has `scope`, used
 * for reading only (GET). `request.readScope` is what the caller may see.
 */
export function requireReader(db: Kysely<Database>, scope: ApiTokenScope) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerOf(request);
    if (!token.startsWith(API_TOKEN_PREFIX)) {
      await authenticateUser(db, request, token);
      return;
    }
    const grant = await authenticateApiToken(db, token, request.server.tilsyn.tokenPolicy);
    if (!grant) throw notLoggedIn('API-tokenet er ukendt, tilbagekaldt eller udløbet. Bed forvaltningen om et nyt.');
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(403, 'Et API-token kan kun læse', { code: 'kun_laeseadgang' });
    if (!grant.scopes.includes(scope)) throw new HttpError(403, `API-tokenet "${grant.name}" har ikke adgang til ${scope === 'export' ? 'udtræk' : 'statistik'}`, { code: 'ingen_adgang' });
    request.apiToken = grant;
  };
}

/** The authenticated user of a route behind requireUser. */
export function userOf(request: FastifyRequest): AuthUser {
  if (!request.user) throw notLoggedIn('Du skal logge ind');
  return request.user;
}

/** What the caller of a route behind requireReader may see: the user's visibility, or the API token's institutions. */
export function readScopeOfRequest(request: FastifyRequest): ReadScope {
  const grant = request.apiToken;
  if (grant) return grant.institutionIds === null ? { all: true, institutionIds: [], lederVisibleOnly: false } : { all: false, institutionIds: grant.institutionIds, lederVisibleOnly: false };
  return readScopeOf(userOf(request));
}
