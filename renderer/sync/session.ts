import { z } from 'zod';
import { translate } from '../../shared/i18n/i18n';
import { LoginResponseSchema, type Me } from '../../shared/accounts';
import { ServerError } from '../../shared/serverError';
import type { TilsynDatabase } from '../db/database';
import { SESSION_META_KEY } from '../db/metaKeys';
import { getPlatform } from '../platform/bridge';
import { deviceLabel } from './deviceLabel';
import { serverClient, type ServerClient, type ServerClientOptions } from './serverClient';

/** Who is logged in, and where the server is. The token itself stays in the platform bridge. */
export interface Session {
  serverUrl: string;
  user: Me;
  loggedInAt: string;
  /** Logged in with the municipality's identity provider (renderer/sync/providerSession.ts). */
  provider?: boolean;
  /** Set when the provider's login must be renewed before this device syncs again (the Danish message). */
  needsLogin?: string | null;
}

const KEY = SESSION_META_KEY;

export async function getSession(db: TilsynDatabase): Promise<Session | null> {
  return ((await db.meta.get(KEY))?.value as Session | undefined) ?? null;
}

export async function saveSession(db: TilsynDatabase, session: Session): Promise<Session> {
  await db.meta.put({ key: KEY, value: session });
  return session;
}

/**
 * A client for the logged-in user's server, or null when nobody is logged in on this device (or the
 * token is gone). The session and its user are read at call time, so a new login takes effect at once.
 */
export async function sessionClient(db: TilsynDatabase, options: Omit<ServerClientOptions, 'baseUrl' | 'token'> = {}): Promise<ServerClient | null> {
  const session = await getSession(db);
  const { token } = await getPlatform().getToken();
  return session && token ? serverClient({ ...options, baseUrl: session.serverUrl, token }) : null;
}

export class LoginError extends Error {
  constructor(
    message: string,
    readonly field: 'serverUrl' | 'username' | 'password' | 'root' = 'root',
  ) {
    super(message);
  }
}

/** "https://tilsyn.kommune.dk/" → "https://tilsyn.kommune.dk". */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new LoginError(translate('sync:login.serverUrlExample'), 'serverUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LoginError(translate('sync:login.needsScheme'), 'serverUrl');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback && url.origin !== globalThis.location?.origin)
    throw new LoginError(translate('sync:login.needsHttps'), 'serverUrl');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export async function login(db: TilsynDatabase, input: { serverUrl: string; username: string; password: string; remember: boolean }): Promise<{ session: Session; tokenPersisted: boolean; reason?: string }> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  const client = serverClient({ baseUrl: serverUrl, offlineMessage: translate('sync:login.unreachable') });
  let answer: z.output<typeof LoginResponseSchema>;
  try {
    answer = await client.post('/api/auth/login', { username: input.username, password: input.password, deviceName: deviceLabel(globalThis.navigator?.userAgent ?? '') }, LoginResponseSchema);
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    const { kind, status } = error.problem;
    // No answer, or not a Tilsyn answer: the address is the likely mistake.
    throw new LoginError(error.message, kind === 'offline' || kind === 'protocol' ? 'serverUrl' : status === 401 ? 'password' : 'root');
  }
  const stored = await getPlatform().setToken(answer.token, { remember: input.remember });
  const session = await saveSession(db, { serverUrl, user: answer.user, loggedInAt: new Date().toISOString() });
  return { session, tokenPersisted: stored.persisted, ...(stored.reason ? { reason: stored.reason } : {}) };
}

export class UnsentChangesError extends Error {
  constructor(readonly count: number) {
    super(translate('sync:unsent', { count }));
  }
}

/** Logging out with unsent work is refused: the work would be stranded on this computer. */
export async function logout(db: TilsynDatabase): Promise<void> {
  const pending = await db.outbox.count();
  if (pending > 0) throw new UnsentChangesError(pending);
  // Revoke the token on the server when we can; offline, forgetting it here is still a logout.
  const client = await sessionClient(db, { timeoutMs: 5000 });
  await client?.post('/api/auth/logout', {}, z.unknown()).catch(() => undefined);
  await getPlatform().clearToken();
  await db.meta.delete(KEY);
}
