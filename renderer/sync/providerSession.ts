import { LoginResponseSchema, type Me } from '../../shared/accounts';
import { translate } from '../../shared/i18n/i18n';
import { AuthConfigSchema, LOGIN_AGAIN, type AuthConfig } from '../../shared/identityLogin';
import { ServerError } from '../../shared/serverError';
import type { TilsynDatabase } from '../db/database';
import { getPlatform } from '../platform/bridge';
import { deviceLabel } from './deviceLabel';
import { serverClient } from './serverClient';
import { getSession, LoginError, normaliseServerUrl, saveSession, type Session } from './session';

/**
 * The renderer's side of a login with the municipality's identity provider (docs/login.md). On the
 * desktop the main process does the whole flow and keeps the provider's tokens; in a browser the
 * page goes to the server's login route and comes back with a one-time hand-off. Either way the
 * device token lands where a password login puts it, and the session says it came from the
 * provider, so an expired proof asks for "Log ind igen for at synkronisere" and nothing else.
 */

/** What the server offers (`/api/auth/config`), or null when it cannot be asked (offline, not a Tilsyn server). */
export async function fetchAuthConfig(serverUrl: string): Promise<AuthConfig | null> {
  try {
    return await serverClient({ baseUrl: normaliseServerUrl(serverUrl), timeoutMs: 10_000 }).get('/api/auth/config', AuthConfigSchema);
  } catch {
    return null;
  }
}

/** A new login while work waits on the device must be the same person's: their outbox is theirs. */
async function assertSameUser(db: TilsynDatabase, user: Me): Promise<void> {
  const before = await getSession(db);
  if (before && before.user.id !== user.id && (await db.outbox.count()) > 0)
    throw new LoginError(translate('sync:login.otherUsersChanges', { name: before.user.displayName }));
}

/**
 * Starts the provider login. Desktop: resolves when logged in. Browser: the page leaves for the
 * provider (resolves 'redirected'); ProviderReturnPage finishes it.
 */
export async function startProviderLogin(db: TilsynDatabase, input: { serverUrl: string; remember: boolean }): Promise<{ session: Session; tokenPersisted: boolean; reason?: string } | 'redirected'> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  const platform = getPlatform();
  if (platform.kind === 'browser') {
    const config = await fetchAuthConfig(serverUrl);
    if (!config?.provider) throw new LoginError(translate('sync:login.noProvider'), 'serverUrl');
    const device = deviceLabel(globalThis.navigator?.userAgent ?? '');
    window.location.assign(`${serverUrl}${config.provider.webLoginPath}?${new URLSearchParams(device ? { device } : {}).toString()}`);
    return 'redirected';
  }
  let reply;
  try {
    reply = await platform.providerLogin({ serverUrl, remember: input.remember });
  } catch (error) {
    throw new LoginError(error instanceof Error ? error.message : translate('sync:login.providerFailed'));
  }
  if (!reply) throw new LoginError(translate('sync:login.providerMissing'));
  await assertSameUser(db, reply.user);
  const session = await saveSession(db, { serverUrl, user: reply.user, loggedInAt: new Date().toISOString(), provider: true });
  return { session, tokenPersisted: reply.persisted, ...(reply.reason ? { reason: reply.reason } : {}) };
}

/** The web login's last step: the hand-off code from the address becomes the device token. */
export async function finishWebProviderLogin(db: TilsynDatabase, handoff: string): Promise<Session> {
  const serverUrl = location.origin;
  let answer;
  try {
    answer = await serverClient({ baseUrl: serverUrl }).post('/api/auth/oidc/redeem', { handoff }, LoginResponseSchema);
  } catch (error) {
    throw new LoginError(error instanceof ServerError ? error.message : translate('sync:login.failed'));
  }
  await assertSameUser(db, answer.user);
  await getPlatform().setToken(answer.token, { remember: true });
  return saveSession(db, { serverUrl, user: answer.user, loggedInAt: new Date().toISOString(), provider: true });
}

/**
 * Before a sync: renew the provider's proof if it is due (the desktop does at most one refresh a
 * day). Returns a Danish message when the user must log in again; null to go on syncing.
 */
export async function ensureProviderProof(db: TilsynDatabase, force: boolean): Promise<string | null> {
  const session = await getSession(db);
  if (!session?.provider) return null;
  const renewal = await getPlatform()
    .renewProviderProof(force)
    .catch(() => ({ status: 'offline' as const }));
  if (renewal.status === 'login-required' || (force && renewal.status === 'not-provider')) {
    const message = renewal.status === 'login-required' ? renewal.message : LOGIN_AGAIN;
    await db.transaction('rw', db.meta, async () => {
      const now = await getSession(db);
      if (now?.loggedInAt === session.loggedInAt) await saveSession(db, { ...now, needsLogin: message });
    });
    return message;
  }
  return session.needsLogin ?? null;
}

/**
 * After the server refused a sync of `refused` (the session it ran with): whether to try once more,
 * because a forced renewal made the proof good again, or because a new login has replaced that
 * session meanwhile (the web page's redirect back can race the first sync). Otherwise the session
 * is marked as needing a new login.
 */
export async function renewedAfterRefusal(db: TilsynDatabase, refused: Session | null): Promise<boolean> {
  const session = await getSession(db);
  if (!session?.provider) return false;
  if (refused?.loggedInAt !== session.loggedInAt) return true;
  const renewal = await getPlatform()
    .renewProviderProof(true)
    .catch(() => ({ status: 'offline' as const }));
  if (renewal.status === 'renewed') return true;
  // Written only if no new login has come in while the provider was asked.
  await db.transaction('rw', db.meta, async () => {
    const now = await getSession(db);
    if (now?.loggedInAt === session.loggedInAt) await saveSession(db, { ...now, needsLogin: renewal.status === 'login-required' ? renewal.message : LOGIN_AGAIN });
  });
  return false;
}
