import { useEffect, useState } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { da } from 'zod/locales';
import type { Issue } from '../../../shared/sync/wire';
import { useDatabase } from '../../state/context';
import { getPlatform } from '../../platform/bridge';
import { getSession, type Session } from '../../sync/session';

/** Danish messages for zod's built-in checks, as the server uses (server/validate.ts). */
export const danishErrors = da().localeError;

/** A refused or failed call to the server, with the server's Danish reason and the fields it names. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly issues: Issue[],
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
  /** No answer at all: the network or the server is down. */
  get offline(): boolean {
    return this.status === 0;
  }
}

export interface AdminClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T>;
}

export function adminClient(session: Session, token: string): AdminClient {
  const call = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${session.serverUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new AdminApiError('Serveren kunne ikke nås. Tjek netværket, og prøv igen.', 0, 'offline', []);
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const b = (json ?? {}) as { error?: string; code?: string; issues?: Issue[] };
      throw new AdminApiError(b.error ?? `Serveren svarede ${res.status}`, res.status, b.code, Array.isArray(b.issues) ? b.issues : []);
    }
    return json as T;
  };
  return { get: (path) => call('GET', path), send: (method, path, body) => call(method, path, body) };
}

/**
 * Shows a server refusal next to the field it is about: zod issues by their path, and the codes the
 * admin routes use for one field (username taken, unknown institution, …). Anything else goes to
 * the form's root error. Returns nothing; the typed values stay in the form.
 */
export function showServerError<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, fields: readonly string[], codeFields: Record<string, string> = {}): void {
  if (!(error instanceof AdminApiError)) {
    setError('root' as Path<T>, { message: error instanceof Error ? error.message : String(error) });
    return;
  }
  let placed = false;
  // The first field the server names gets focus, so the message is seen (and read) even when the field is far above the button.
  for (const issue of error.issues) {
    const field = fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
    if (field) {
      setError(issue.path as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: !placed });
      placed = true;
    }
  }
  const field = error.code ? codeFields[error.code] : undefined;
  if (!placed && field) {
    setError(field as Path<T>, { type: 'server', message: error.message }, { shouldFocus: true });
    placed = true;
  }
  if (!placed) setError('root' as Path<T>, { type: 'server', message: error.message });
}

export type AdminAccess =
  | { state: 'loading' }
  | { state: 'no-session' }
  | { state: 'not-forvaltning'; session: Session }
  /** `online: false`: the browser says there is no network; forms stay as typed, sending waits. */
  | { state: 'ready'; session: Session; client: AdminClient; online: boolean };

function useOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** Who is logged in, whether they are forvaltning, and whether the server can be reached right now. */
export function useAdminAccess(): AdminAccess {
  const db = useDatabase();
  const online = useOnline();
  const [found, setFound] = useState<{ session: Session | null; token: string | null; client: AdminClient | null } | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const session = await getSession(db);
      const { token } = await getPlatform().getToken();
      // One client per session, so lists that depend on it load once.
      if (live) setFound({ session, token, client: session && token ? adminClient(session, token) : null });
    })();
    return () => {
      live = false;
    };
  }, [db]);
  if (!found) return { state: 'loading' };
  const { session, client } = found;
  if (!session || !client) return { state: 'no-session' };
  if (session.user.role !== 'forvaltning') return { state: 'not-forvaltning', session };
  return { state: 'ready', session, client, online };
}

/** Loads one admin list; `reload` after a change. */
export function useAdminList<T>(client: AdminClient, path: string, key: string): { items: T[] | null; error: AdminApiError | null; reload: () => void } {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    // A list that could not be fetched (offline) is fetched again when the network is back.
    const retry = () => setN((x) => x + 1);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, []);
  useEffect(() => {
    let live = true;
    client.get<Record<string, T[]>>(path).then(
      (body) => {
        if (!live) return;
        setItems(body[key] ?? []);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof AdminApiError ? e : new AdminApiError(String(e), 0, undefined, [])),
    );
    return () => {
      live = false;
    };
  }, [client, path, key, n]);
  return { items, error, reload: () => setN((x) => x + 1) };
}
