import { useEffect, useId, useState } from 'react';
import { z } from 'zod';
import type { AdminUser } from '../../../shared/accounts';
import { AuthSettingsStateSchema, type PasswordLogin } from '../../../shared/identityLogin';
import { notify } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';

type State = z.infer<typeof AuthSettingsStateSchema>;

/**
 * Forvaltning's login settings (docs/login.md): with the municipality's login configured, password
 * login can be switched off for everyone but the users marked here (users outside the directory).
 */
export function LoginSettingsPanel({ client, users }: { client: ServerClient; users: readonly AdminUser[] }) {
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
        <h2 id={`${id}-title`}>Login</h2>
        <p className="muted">Kommunens login (Entra ID) er ikke sat op på serveren; alle logger ind med adgangskode. Se docs/login.md.</p>
      </section>
    );

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await client.patch('/api/admin/auth-settings', { passwordLogin: choice }, AuthSettingsStateSchema);
      setState(next);
      notify(next.passwordLogin === 'all' ? 'Alle brugere kan nu logge ind med adgangskode.' : 'Adgangskoder er nu slået fra for alle, der ikke er undtaget.');
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
      <h2 id={`${id}-title`}>Login</h2>
      <fieldset aria-describedby={error ? `${id}-error` : undefined}>
        <legend>Hvem må logge ind med adgangskode?</legend>
        <div className="field checkbox">
          <input type="radio" id={`${id}-all`} name={`${id}-pw`} checked={choice === 'all'} onChange={() => setChoice('all')} />
          <label htmlFor={`${id}-all`}>Alle brugere (også med kommunens login)</label>
        </div>
        <div className="field checkbox">
          <input type="radio" id={`${id}-exempt`} name={`${id}-pw`} checked={choice === 'exempt_only'} onChange={() => setChoice('exempt_only')} />
          <label htmlFor={`${id}-exempt`}>Kun brugere, der er undtaget nedenfor; alle andre bruger kommunens login</label>
        </div>
      </fieldset>
      <button type="button" className="secondary" onClick={() => void save()} disabled={busy || choice === state.passwordLogin}>
        Gem loginindstilling
      </button>
      <FieldError id={`${id}-error`} message={error ?? undefined} />
      <details>
        <summary>Undtagne brugere ({state.exemptUserIds.length})</summary>
        <p className="muted">Brugere uden for kommunens katalog, fx ledere af private institutioner, kan undtages og beholde deres adgangskode.</p>
        <ul className="plain-list">
          {users.map((u) => (
            <li key={u.id} className="field checkbox">
              <input type="checkbox" id={`${id}-u-${u.id}`} checked={state.exemptUserIds.includes(u.id)} onChange={(e) => void setExempt(u, e.target.checked)} />
              <label htmlFor={`${id}-u-${u.id}`}>
                {u.displayName} ({u.username}) må logge ind med adgangskode
              </label>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
