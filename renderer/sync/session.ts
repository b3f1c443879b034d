import { LoginResponseSchema, type Me } from '../../shared/accounts';
import type { TilsynDatabase } from '../db/database';
import { getPlatform } from '../platform/bridge';

/** Who is logged in, and where the server is. The token itself stays in the platform bridge. */
export interface Session {
  serverUrl: string;
  user: Me;
  loggedInAt: string;
}

const KEY = 'session';

export async function getSession(db: TilsynDatabase): Promise<Session | null> {
  return ((await db.meta.get(KEY))?.value as Session | undefined) ?? null;
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
    throw new LoginError('Skriv serverens adresse, fx https://tilsyn.kommune.dk', 'serverUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LoginError('Adressen skal begynde med https://', 'serverUrl');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback && url.origin !== globalThis.location?.origin)
    throw new LoginError('Brug https: adgangskoden må ikke sendes ukrypteret', 'serverUrl');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export async function login(db: TilsynDatabase, input: { serverUrl: string; username: string; password: string; remember: boolean }): Promise<{ session: Session; tokenPersisted: boolean; reason?: string }> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  let res: Response;
  try {
    res = await fetch(`${serverUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username: input.username, password: input.password }),
    });
  } catch {
    throw new LoginError('Serveren kunne ikke nås. Tjek adressen og netværket; du kan arbejde videre uden at logge ind.', 'serverUrl');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: string } | null)?.error ?? `Serveren svarede ${res.status}`;
    throw new LoginError(message, res.status === 401 ? 'password' : 'root');
  }
  const parsed = LoginResponseSchema.safeParse(body);
  if (!parsed.success) throw new LoginError('Serverens svar kunne ikke læses. Er adressen en Tilsyn-server?', 'serverUrl');
  const stored = await getPlatform().setToken(parsed.data.token, { remember: input.remember });
  const session: Session = { serverUrl, user: parsed.data.user, loggedInAt: new Date().toISOString() };
  await db.meta.put({ key: KEY, value: session });
  return { session, tokenPersisted: stored.persisted, ...(stored.reason ? { reason: stored.reason } : {}) };
}

export class UnsentChangesError extends Error {
  constructor(readonly count: number) {
    super(
      `Du har ${count} ${count === 1 ? 'ændring' : 'ændringer'}, der ikke er sendt til serveren endnu. ` +
        'Synkroniser først (eller eksporter dem til en fil), så intet går tabt.',
    );
  }
}

/** Logging out with unsent work is refused: the work would be stranded on this computer. */
export async function logout(db: TilsynDatabase): Promise<void> {
  const pending = await db.outbox.count();
  if (pending > 0) throw new UnsentChangesError(pending);
  const session = await getSession(db);
  const { token } = await getPlatform().getToken();
  if (session && token) {
    // Revoke the token on the server when we can; offline, forgetting it here is still a logout.
    await fetch(`${session.serverUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  }
  await getPlatform().clearToken();
  await db.meta.delete(KEY);
}
