import { useEffect, useState } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { da, en } from 'zod/locales';
import { z } from 'zod';
import { AdminUserSchema } from '../../../shared/accounts';
import { FrameworkSchema } from '../../../shared/framework';
import { InstitutionSchema } from '../../../shared/institution';
import { PrivacyFlagListSchema, PurgeResultSchema } from '../../../shared/privacyFlags';
import { currentLanguage } from '../../../shared/i18n/i18n';
import { ServerError } from '../../../shared/serverError';
import { useDatabase } from '../../state/context';
import type { ServerClient } from '../../sync/serverClient';
import { getSession, sessionClient, type Session } from '../../sync/session';

const ZOD_LOCALES = { da: da().localeError, en: en().localeError };
/** zod's built-in checks in the UI language (the server answers in Danish: server/validate.ts). */
export const localeErrors: z.core.$ZodErrorMap = (issue) => ZOD_LOCALES[currentLanguage()](issue);

/** No answer from the server in the admin screens: nothing is kept on the computer, but the form keeps what was typed. */
export const ADMIN_OFFLINE_MESSAGE = 'Serveren kunne ikke nås. Tjek netværket, og prøv igen.';

/** The admin routes' replies, read with the shared schemas (lists unwrapped to their items). */
export const AdminReplies = {
  users: z.object({ users: z.array(AdminUserSchema) }).transform((b) => b.users),
  institutions: z.object({ institutions: z.array(InstitutionSchema) }).transform((b) => b.institutions),
  frameworks: z.object({ frameworks: z.array(FrameworkSchema) }).transform((b) => b.frameworks),
  privacyFlags: PrivacyFlagListSchema.transform((b) => b.flags),
  purge: PurgeResultSchema,
  dismissed: z.object({ dismissed: z.literal(true) }),
  user: AdminUserSchema,
  institution: InstitutionSchema,
  framework: FrameworkSchema,
};

/**
 * Shows a server refusal next to the field it is about: zod issues by their path, and the codes the
 * admin routes use for one field (username taken, unknown institution, …). Anything else goes to
 * the form's root error. Returns nothing; the typed values stay in the form.
 */
export function showServerError<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, fields: readonly string[], codeFields: Record<string, string> = {}): void {
  if (!(error instanceof ServerError)) {
    setError('root' as Path<T>, { message: error instanceof Error ? error.message : String(error) });
    return;
  }
  let placed = false;
  // The first field the server names gets focus, so the message is seen (and read) even when the field is far above the button.
  for (const issue of error.problem.issues) {
    const field = fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
    if (field) {
      setError(issue.path as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: !placed });
      placed = true;
    }
  }
  const code = error.problem.code;
  const field = code ? codeFields[code] : undefined;
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
  | { state: 'ready'; session: Session; client: ServerClient; online: boolean };

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
  const [found, setFound] = useState<{ session: Session | null; client: ServerClient | null } | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const session = await getSession(db);
      // One client per session, so lists that depend on it load once.
      const client = await sessionClient(db, { offlineMessage: ADMIN_OFFLINE_MESSAGE });
      if (live) setFound({ session, client });
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

/** Loads one admin list (`schema`: one of AdminReplies' lists); `reload` after a change. */
export function useAdminList<S extends z.ZodType<unknown[]>>(client: ServerClient, path: string, schema: S): { items: z.output<S> | null; error: Error | null; reload: () => void } {
  const [items, setItems] = useState<z.output<S> | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    // A list that could not be fetched (offline) is fetched again when the network is back.
    const retry = () => setN((x) => x + 1);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, []);
  useEffect(() => {
    let live = true;
    client.get(path, schema).then(
      (list) => {
        if (!live) return;
        setItems(list);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [client, path, schema, n]);
  return { items, error, reload: () => setN((x) => x + 1) };
}
