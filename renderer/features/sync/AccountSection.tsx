import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ChangePasswordResponseSchema, DeviceListSchema, type Device } from '../../../shared/ownAccount';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../../shared/passwordRules';
import { useDatabase } from '../../state/context';
import { notify } from '../../state/notices';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { sessionClient, type Session } from '../../sync/session';
import { showServerError } from '../admin/adminApi';
import { RelationsEditor } from '../admin/RelationsEditor';
import { useLiveQuery } from 'dexie-react-hooks';

/*
 * The logged-in user's own account (Synkronisering › Din konto): change the password, and see and
 * log out the devices logged in as them (POST /api/auth/password, GET /api/auth/devices). Online
 * only: both live on the server.
 */

const time = (iso: string) => new Date(iso).toLocaleString('da-DK', { dateStyle: 'medium', timeStyle: 'short' });
const day = (iso: string) => new Date(iso).toLocaleDateString('da-DK', { dateStyle: 'medium' });

export function AccountSection({ session }: { session: Session }) {
  const db = useDatabase();
  const [client, setClient] = useState<ServerClient | null>(null);
  const [devicesVersion, setDevicesVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void sessionClient(db, { offlineMessage: 'Serveren kunne ikke nås. Tjek netværket, og prøv igen.' }).then((c) => live && setClient(c));
    return () => {
      live = false;
    };
  }, [db, session.loggedInAt]);
  const institutions = useLiveQuery(() => db.institutions.orderBy('name').toArray(), [db]);
  if (!client) return null;
  return (
    <section className="account" aria-labelledby="account-title">
      <h2 id="account-title">Din konto</h2>
      <ChangePasswordForm client={client} session={session} onChanged={() => setDevicesVersion((n) => n + 1)} />
      <DeviceList client={client} version={devicesVersion} />
      {session.user.role !== 'leder' && <RelationsEditor client={client} path="/api/account/relations" institutions={institutions ?? []} whose="dig" />}
    </section>
  );
}

function ChangePasswordForm({ client, session, onChanged }: { client: ServerClient; session: Session; onChanged: () => void }) {
  const p = useId();
  const schema = z
    .object({
      oldPassword: z.string().min(1, { error: 'Skriv din nuværende adgangskode' }),
      newPassword: z.string().min(1, { error: 'Skriv en ny adgangskode' }),
      repeatPassword: z.string(),
    })
    .superRefine((v, ctx) => {
      // The same rules as the server's, for this user's role, so the message comes before sending.
      const problem = v.newPassword ? passwordProblem(v.newPassword, session.user.role, session.user.username) : null;
      if (problem) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: problem });
      else if (v.newPassword && v.newPassword === v.oldPassword) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'Den nye adgangskode skal være en anden end den nuværende' });
      if (v.newPassword && v.repeatPassword !== v.newPassword) ctx.addIssue({ code: 'custom', path: ['repeatPassword'], message: 'De to nye adgangskoder er ikke ens' });
    });
  type Values = z.infer<typeof schema>;
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { oldPassword: '', newPassword: '', repeatPassword: '' } });

  const onSubmit = async (v: Values) => {
    try {
      const res = await client.post('/api/auth/password', { oldPassword: v.oldPassword, newPassword: v.newPassword }, ChangePasswordResponseSchema);
      reset();
      notify(
        res.otherDevicesLoggedOut === 0
          ? 'Din adgangskode er skiftet.'
          : `Din adgangskode er skiftet. ${res.otherDevicesLoggedOut} ${res.otherDevicesLoggedOut === 1 ? 'anden enhed er' : 'andre enheder er'} logget ud.`,
      );
      onChanged();
    } catch (e) {
      showServerError(e, setError, ['oldPassword', 'newPassword'], { forkert_adgangskode: 'oldPassword' });
    }
  };

  return (
    <form className="card account-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>Skift adgangskode</h3>
      <p className="hint">Dine andre enheder bliver logget ud; denne forbliver logget ind.</p>
      {/* For the browser's password manager: whose password this is. */}
      <input type="text" autoComplete="username" value={session.user.username} readOnly hidden />
      <TextField id={`${p}-old`} label="Nuværende adgangskode" type="password" autoComplete="current-password" error={errors.oldPassword?.message} {...register('oldPassword')} />
      <TextField
        id={`${p}-new`}
        label="Ny adgangskode"
        type="password"
        autoComplete="new-password"
        hint={`Mindst ${PASSWORD_MIN_LENGTH[session.user.role]} tegn. En sætning af flere ord er god; almindelige adgangskoder afvises.`}
        error={errors.newPassword?.message}
        {...register('newPassword')}
      />
      <TextField id={`${p}-repeat`} label="Gentag ny adgangskode" type="password" autoComplete="new-password" error={errors.repeatPassword?.message} {...register('repeatPassword')} />
      <FieldError message={errors.root?.message} />
      <button type="submit" className="primary" disabled={isSubmitting}>
        {isSubmitting ? 'Skifter…' : 'Skift adgangskode'}
      </button>
    </form>
  );
}

function DeviceList({ client, version }: { client: ServerClient; version: number }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [n, setN] = useState(0);
  const reload = useCallback(() => setN((x) => x + 1), []);
  useEffect(() => {
    let live = true;
    client.get('/api/auth/devices', DeviceListSchema).then(
      (r) => {
        if (!live) return;
        setDevices(r.devices);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [client, version, n]);

  const revoke = async (d: Device) => {
    setBusy(d.id);
    try {
      await client.post(`/api/auth/devices/${encodeURIComponent(d.id)}/revoke`, {}, z.unknown());
      notify(`${d.deviceName ?? 'Enheden'} er logget ud.`);
      reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="account-devices">
      <h3>Enheder, der er logget ind</h3>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!devices ? (
        !error && <p>Henter enheder…</p>
      ) : (
        <table className="data-table compact" data-testid="devices">
          <thead>
            <tr>
              <th scope="col">Enhed</th>
              <th scope="col">Logget ind</th>
              <th scope="col">Senest brugt</th>
              <th scope="col">Udløber senest</th>
              <th scope="col">
                <span className="visually-hidden">Handling</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} aria-current={d.current ? 'true' : undefined}>
                <th scope="row">{d.deviceName ?? <span className="muted">Ukendt enhed</span>}</th>
                <td>{time(d.createdAt)}</td>
                <td>{time(d.lastUsedAt)}</td>
                <td>{day(d.expiresAt)}</td>
                <td className="actions">
                  {d.current ? (
                    <span className="badge badge-ok">Denne enhed</span>
                  ) : (
                    <button type="button" className="link" disabled={busy === d.id} onClick={() => void revoke(d)} aria-label={`Log ud på denne enhed: ${d.deviceName ?? 'ukendt enhed'}, logget ind ${time(d.createdAt)}`}>
                      Log ud på denne enhed
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
