import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/dates';
import { msg, translate } from '../../../shared/i18n/i18n';
import { z } from 'zod';
import { ChangePasswordResponseSchema, DeviceListSchema, type Device } from '../../../shared/ownAccount';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../../shared/passwordRules';
import { useDatabase } from '../../state/context';
import { notify, words } from '../../state/notices';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { sessionClient, type Session } from '../../sync/session';
import { showServerError } from '../admin/adminApi';
import { RelationsEditor } from '../admin/RelationsEditor';
import { useLiveQuery } from 'dexie-react-hooks';
import { ScrollBox } from '../dashboard/ScrollBox';

/*
 * The logged-in user's own account (Synkronisering › Din konto): change the password, and see and
 * log out the devices logged in as them (POST /api/auth/password, GET /api/auth/devices). Online
 * only: both live on the server.
 */

const time = (iso: string) => formatDateTime(iso, { dateStyle: 'medium', timeStyle: 'short' });
const day = (iso: string) => formatDateTime(iso, { dateStyle: 'medium' });

export function AccountSection({ session }: { session: Session }) {
  const { t } = useTranslation('sync');
  const db = useDatabase();
  const [client, setClient] = useState<ServerClient | null>(null);
  const [devicesVersion, setDevicesVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void sessionClient(db, { offlineMessage: translate('sync:account.offline') }).then((c) => live && setClient(c));
    return () => {
      live = false;
    };
  }, [db, session.loggedInAt]);
  const institutions = useLiveQuery(() => db.institutions.orderBy('name').toArray(), [db]);
  if (!client) return null;
  return (
    <section className="account" aria-labelledby="account-title">
      <h2 id="account-title">{t('account.title')}</h2>
      <ChangePasswordForm client={client} session={session} onChanged={() => setDevicesVersion((n) => n + 1)} />
      <DeviceList client={client} version={devicesVersion} />
      {session.user.role !== 'leder' && <RelationsEditor client={client} path="/api/account/relations" institutions={institutions ?? []} whose={t('account.whose')} />}
    </section>
  );
}

function ChangePasswordForm({ client, session, onChanged }: { client: ServerClient; session: Session; onChanged: () => void }) {
  const { t } = useTranslation('sync');
  const p = useId();
  const schema = z
    .object({
      oldPassword: z.string().min(1, { error: msg('sync:account.needOld') }),
      newPassword: z.string().min(1, { error: msg('sync:account.needNew') }),
      repeatPassword: z.string(),
    })
    .superRefine((v, ctx) => {
      // The same rules as the server's, for this user's role, so the message comes before sending.
      const problem = v.newPassword ? passwordProblem(v.newPassword, session.user.role, session.user.username) : null;
      if (problem) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: problem });
      else if (v.newPassword && v.newPassword === v.oldPassword) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: translate('sync:account.samePassword') });
      if (v.newPassword && v.repeatPassword !== v.newPassword) ctx.addIssue({ code: 'custom', path: ['repeatPassword'], message: translate('sync:account.notSame') });
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
        res.otherDevicesLoggedOut === 0 ? words('sync:account.changed') : words('sync:account.changedOthersOut', { count: res.otherDevicesLoggedOut }),
      );
      onChanged();
    } catch (e) {
      showServerError(e, setError, ['oldPassword', 'newPassword'], { forkert_adgangskode: 'oldPassword' });
    }
  };

  return (
    <form className="card account-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{t('account.changePassword')}</h3>
      <p className="hint">{t('account.othersLoggedOutHint')}</p>
      {/* For the browser's password manager: whose password this is. */}
      <input type="text" autoComplete="username" value={session.user.username} readOnly hidden />
      <TextField id={`${p}-old`} label={t('account.oldPassword')} type="password" autoComplete="current-password" error={errors.oldPassword?.message} {...register('oldPassword')} />
      <TextField
        id={`${p}-new`}
        label={t('account.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('account.newPasswordHint', { min: PASSWORD_MIN_LENGTH[session.user.role] })}
        error={errors.newPassword?.message}
        {...register('newPassword')}
      />
      <TextField id={`${p}-repeat`} label={t('account.repeatPassword')} type="password" autoComplete="new-password" error={errors.repeatPassword?.message} {...register('repeatPassword')} />
      <FieldError message={errors.root?.message} />
      <button type="submit" className="primary" disabled={isSubmitting}>
        {isSubmitting ? t('account.changing') : t('account.changePassword')}
      </button>
    </form>
  );
}

function DeviceList({ client, version }: { client: ServerClient; version: number }) {
  const { t } = useTranslation('sync');
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
      notify(words('sync:devices.loggedOut', { device: d.deviceName ?? words('sync:devices.theDevice') }));
      reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="account-devices">
      <h3>{t('devices.title')}</h3>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!devices ? (
        !error && <p>{t('devices.loading')}</p>
      ) : (
        <ScrollBox label={t('devices.table')}>
        <table className="data-table compact" data-testid="devices">
          <thead>
            <tr>
              <th scope="col">{t('devices.device')}</th>
              <th scope="col">{t('devices.loggedIn')}</th>
              <th scope="col">{t('devices.lastUsed')}</th>
              <th scope="col">{t('devices.expires')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} aria-current={d.current ? 'true' : undefined}>
                <th scope="row">{d.deviceName ?? <span className="muted">{t('devices.unknown')}</span>}</th>
                <td>{time(d.createdAt)}</td>
                <td>{time(d.lastUsedAt)}</td>
                <td>{day(d.expiresAt)}</td>
                <td className="actions">
                  {d.current ? (
                    <span className="badge badge-ok">{t('devices.thisDevice')}</span>
                  ) : (
                    <button type="button" className="link" disabled={busy === d.id} onClick={() => void revoke(d)} aria-label={t('devices.logOutLabel', { device: d.deviceName ?? t('devices.unknownLower'), time: time(d.createdAt) })}>
                      {t('devices.logOut')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </ScrollBox>
      )}
    </div>
  );
}
