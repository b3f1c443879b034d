import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { AdminUser } from '../../../shared/accounts';
import { AuthSettingsStateSchema, type PasswordLogin } from '../../../shared/identityLogin';
import { notify, words } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';

type State = z.infer<typeof AuthSettingsStateSchema>;

/**
 * Forvaltning's login settings (docs/login.md): with the municipality's login configured, password
 * login can be switched off for everyone but the users marked here (users outside the directory).
 */
export function LoginSettingsPanel({ client, users }: { client: ServerClient; users: readonly AdminUser[] }) {
  const { t } = useTranslation('admin');
  const [state, setState] = useState<State | null>(null);
  const [choice, setChoice] = useState<PasswordLogin>('all');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  useEffect(() => {
    client
      .get('/api/admin/auth-settings', AuthSettingsStateSchema)
      .then((s) => {
        setState(s);
        setChoice(s.passwordLogin);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [client]);
  if (!state) return error ? <FieldError message={error} /> : null;
  if (!state.providerConfigured)
    return (
      <section className="card login-settings" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('login.title')}</h2>
        <p className="muted">{t('login.notConfigured')}</p>
      </section>
    );

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await client.patch('/api/admin/auth-settings', { passwordLogin: choice }, AuthSettingsStateSchema);
      setState(next);
      notify(next.passwordLogin === 'all' ? words('admin:login.savedAll') : words('admin:login.savedExemptOnly'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const mark = (userId: string, exempt: boolean) =>
    setState((s) => s && { ...s, exemptUserIds: exempt ? [...s.exemptUserIds.filter((u) => u !== userId), userId] : s.exemptUserIds.filter((u) => u !== userId) });
  const setExempt = async (user: AdminUser, exempt: boolean) => {
    setError(null);
    // Shown at once; put back if the server refuses.
    mark(user.id, exempt);
    try {
      await client.post(`/api/admin/users/${encodeURIComponent(user.id)}/password-exempt`, { exempt }, z.object({ exempt: z.boolean() }));
    } catch (e) {
      mark(user.id, !exempt);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="card login-settings" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('login.title')}</h2>
      <fieldset aria-describedby={error ? `${id}-error` : undefined}>
        <legend>{t('login.who')}</legend>
        <div className="field checkbox">
          <input type="radio" id={`${id}-all`} name={`${id}-pw`} checked={choice === 'all'} onChange={() => setChoice('all')} />
          <label htmlFor={`${id}-all`}>{t('login.all')}</label>
        </div>
        <div className="field checkbox">
          <input type="radio" id={`${id}-exempt`} name={`${id}-pw`} checked={choice === 'exempt_only'} onChange={() => setChoice('exempt_only')} />
          <label htmlFor={`${id}-exempt`}>{t('login.exemptOnly')}</label>
        </div>
      </fieldset>
      <button type="button" className="secondary" onClick={() => void save()} disabled={busy || choice === state.passwordLogin}>
        {t('login.save')}
      </button>
      <FieldError id={`${id}-error`} message={error ?? undefined} />
      <details>
        <summary>{t('login.exempted', { count: state.exemptUserIds.length })}</summary>
        <p className="muted">{t('login.exemptedHint')}</p>
        <ul className="plain-list">
          {users.map((u) => (
            <li key={u.id} className="field checkbox">
              <input type="checkbox" id={`${id}-u-${u.id}`} checked={state.exemptUserIds.includes(u.id)} onChange={(e) => void setExempt(u, e.target.checked)} />
              <label htmlFor={`${id}-u-${u.id}`}>
                {t('login.userMay', { name: u.displayName, username: u.username })}
              </label>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
