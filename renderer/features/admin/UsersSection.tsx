import { RelationsEditor } from './RelationsEditor';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Trans, useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CreateUserSchema, ROLES, ROLE_LABELS, UpdateUserSchema, type AdminUser, type Role, type UpdateUser } from '../../../shared/accounts';
import { translate } from '../../../shared/i18n/i18n';
import type { Institution } from '../../../shared/institution';
import { notify, words } from '../../state/notices';
import { FieldError } from '../../ui/FieldError';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { AdminReplies, localeErrors, showServerError, useAdminList } from './adminApi';
import { AdminList, FormActions, useListMode } from './AdminList';
import { InstitutionChecklist } from './InstitutionChecklist';
import { LoginSettingsPanel } from './LoginSettingsPanel';
import { CalibrationLeadPanel } from '../calibration/CalibrationLeadPanel';


/** The first few names and a count: a konsulent assigned to all 40 would otherwise fill the screen. */
const NAMES_SHOWN = 4;
function institutionNames(ids: readonly string[], byId: ReadonlyMap<string, Institution>): string {
  const names = ids.map((id) => byId.get(id)?.name ?? id);
  if (names.length <= NAMES_SHOWN + 1) return names.join(', ');
  return translate('admin:users.namesMore', { names: names.slice(0, NAMES_SHOWN).join(', '), more: names.length - NAMES_SHOWN, total: names.length });
}

const COLUMNS = ['name', 'username', 'role', 'institutions', 'status', 'action'] as const;

export function UsersSection({ client, currentUserId }: { client: ServerClient; currentUserId: string }) {
  const { t } = useTranslation('admin');
  const users = useAdminList(client, '/api/admin/users', AdminReplies.users);
  const institutions = useAdminList(client, '/api/admin/institutions', AdminReplies.institutions);
  const mode = useListMode();
  const [query, setQuery] = useState('');
  const byId = useMemo(() => new Map((institutions.items ?? []).map((i) => [i.id, i])), [institutions.items]);

  const items = users.items ?? [];
  const q = query.trim().toLocaleLowerCase('da');
  const shown = items.filter((u) => !q || `${u.displayName} ${u.username} ${ROLE_LABELS[u.role]}`.toLocaleLowerCase('da').includes(q));
  const editing = items.find((u) => u.id === mode.editingId);
  const done = () => {
    mode.showList();
    users.reload();
  };
  const allInstitutions = institutions.items ?? [];

  return (
    <>
      <AdminList
        id="admin-users"
        title={t('users.title')}
        loading={users.items && institutions.items ? null : t('users.loading')}
        error={users.error ?? institutions.error}
        newButton={{ label: t('users.new'), shown: mode.mode.kind === 'list', onClick: mode.create }}
        form={
          <>
            {mode.mode.kind === 'create' && <CreateUserForm client={client} institutions={allInstitutions} onDone={done} onCancel={mode.showList} />}
            {editing && (
              <EditUser key={editing.id} client={client} user={editing} institutions={allInstitutions} isSelf={editing.id === currentUserId} onSaved={users.reload} onClose={done} />
            )}
          </>
        }
        search={{ label: t('users.search'), placeholder: t('users.placeholder'), query, onQuery: setQuery }}
        table={{
          testId: 'admin-users',
          caption: t('users.caption', { shown: shown.length, total: items.length }),
          columns: COLUMNS.map((c) => ({ label: t(`users.columns.${c}`), hidden: c === 'action' })),
          rows: shown.map((u) => (
            <tr key={u.id} aria-current={editing?.id === u.id ? 'true' : undefined}>
              <th scope="row">{u.displayName}</th>
              <td className="mono">{u.username}</td>
              <td>{ROLE_LABELS[u.role]}</td>
              <td className="admin-institutions">
                {u.role === 'forvaltning' ? <span className="muted">{t('users.all')}</span> : u.institutionIds.length === 0 ? <span className="muted">{t('users.none')}</span> : institutionNames(u.institutionIds, byId)}
              </td>
              <td>{u.disabled ? <span className="badge badge-due">{t('users.disabled')}</span> : <span className="badge badge-ok">{t('users.active')}</span>}</td>
              <td className="actions">
                <button type="button" className="link" onClick={() => mode.edit(u.id)} aria-label={t('users.editNamed', { name: u.displayName })}>
                  {t('users.edit')}
                </button>
              </td>
            </tr>
          )),
        }}
        empty={shown.length === 0 && <p className="muted">{t('users.noMatch', { query })}</p>}
      />
      {users.items && <LoginSettingsPanel client={client} users={users.items} />}
      {users.items && <CalibrationLeadPanel client={client} users={users.items} />}
    </>
  );
}

type CreateInput = z.input<typeof CreateUserSchema>;
type CreateOutput = z.output<typeof CreateUserSchema>;
const CREATE_FIELDS = ['username', 'displayName', 'role', 'password', 'institutionIds'] as const;
/** The form's own error (react-hook-form's name for it), not a field. */
const ROOT = 'root' as const;

function CreateUserForm({ client, institutions, onDone, onCancel }: { client: ServerClient; institutions: Institution[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const {
    register,
    control,
    handleSubmit,
    watch,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CreateInput, unknown, CreateOutput>({
    resolver: zodResolver(CreateUserSchema, { error: localeErrors }),
    defaultValues: { username: '', displayName: '', role: 'konsulent', password: '', institutionIds: [] },
  });
  const role = watch('role') as Role;

  const onSubmit = async (v: CreateOutput) => {
    try {
      const created = await client.post('/api/admin/users', { ...v, institutionIds: v.role === 'forvaltning' ? [] : v.institutionIds }, AdminReplies.user);
      notify(words('admin:users.created', { username: created.username, role: ROLE_LABELS[created.role].toLowerCase() }));
      onDone();
    } catch (e) {
      showServerError(e, setError, CREATE_FIELDS, { optaget: 'username', ukendt_institution: 'institutionIds' });
    }
  };

  return (
    <form className="card admin-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{t('users.form.newTitle')}</h3>
      <div className="admin-grid">
        <TextField id={`${p}-username`} label={t('users.form.username')} autoComplete="off" spellCheck={false} hint={t('users.form.usernameHint')} error={errors.username?.message} {...register('username')} />
        <TextField id={`${p}-displayName`} label={t('users.form.name')} autoComplete="off" error={errors.displayName?.message} {...register('displayName')} />
        <SelectField id={`${p}-role`} label={t('users.form.role')} options={ROLES} labels={ROLE_LABELS} error={errors.role?.message} {...register('role')} />
        <TextField
          id={`${p}-password`}
          label={t('users.form.password')}
          type="password"
          autoComplete="new-password"
          hint={t('users.form.passwordHint')}
          error={errors.password?.message}
          {...register('password')}
        />
      </div>
      <Controller
        control={control}
        name="institutionIds"
        render={({ field }) => (
          <UserScope role={role} hint={t('users.form.forvaltningHint')} institutions={institutions} field={field} error={errors.institutionIds?.message ?? errors.institutionIds?.root?.message} errorId={`${p}-institutionIds-error`} />
        )}
      />
      {role === 'leder' && (watch('institutionIds') ?? []).length === 0 && <p className="field-warning">{t('users.form.lederWithout')}</p>}
      <FormActions error={errors.root?.message} saving={isSubmitting} label={t('users.form.create')} savingLabel={t('users.form.creating')} onCancel={onCancel} />
    </form>
  );
}

/** The form's values: the update schema's input, so the same zod schema as the server validates it. */
type EditValues = z.input<typeof UpdateUserSchema>;
const EDIT_FIELDS = ['displayName', 'role', 'institutionIds'] as const;

/** Only what changed is sent: a role or link change makes the user's devices pull again, so it should be real. */
/** The institutions a konsulent or leder works in; forvaltning sees all of them (a hint instead of the list). */
function UserScope({
  role,
  hint,
  institutions,
  field,
  error,
  errorId,
}: {
  role: Role;
  hint: string;
  institutions: Institution[];
  field: { value?: readonly string[] | undefined; onChange: (ids: string[]) => void };
  error: string | undefined;
  errorId: string;
}) {
  if (role === 'forvaltning') return <p className="hint">{hint}</p>;
  return <InstitutionChecklist institutions={institutions} value={[...(field.value ?? [])]} onChange={field.onChange} legend={translate(`admin:users.legend.${role}`)} error={error} errorId={errorId} />;
}

function changedFields(user: AdminUser, v: UpdateUser): UpdateUser {
  const out: UpdateUser = {};
  if (v.displayName !== undefined && v.displayName !== user.displayName) out.displayName = v.displayName;
  if (v.role !== undefined && v.role !== user.role) out.role = v.role;
  const ids = v.role === 'forvaltning' ? user.institutionIds : (v.institutionIds ?? []);
  if ([...ids].sort().join('\n') !== [...user.institutionIds].sort().join('\n')) out.institutionIds = ids;
  return out;
}

function EditUser({
  client,
  user,
  institutions,
  isSelf,
  onSaved,
  onClose,
}: {
  client: ServerClient;
  user: AdminUser;
  institutions: Institution[];
  isSelf: boolean;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const p = useId();
  const {
    register,
    control,
    handleSubmit,
    watch,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<EditValues, unknown, UpdateUser>({
    resolver: zodResolver(UpdateUserSchema, { error: localeErrors }),
    defaultValues: { displayName: user.displayName, role: user.role, institutionIds: user.institutionIds },
  });
  const role = watch('role') ?? user.role;

  const onSubmit = async (v: UpdateUser) => {
    const patch = changedFields(user, v);
    if (Object.keys(patch).length === 0) {
      setError(ROOT, { message: translate('admin:users.noChanges') });
      return;
    }
    try {
      const saved = await client.patch(`/api/admin/users/${encodeURIComponent(user.id)}`, patch, AdminReplies.user);
      reset({ displayName: saved.displayName, role: saved.role, institutionIds: saved.institutionIds });
      notify(words(patch.role || patch.institutionIds ? 'admin:users.savedResync' : 'admin:users.saved', { name: saved.displayName }));
      onSaved();
    } catch (e) {
      showServerError(e, setError, EDIT_FIELDS, { sidste_admin: 'role', ukendt_institution: 'institutionIds' });
    }
  };

  return (
    <div className="card admin-form" aria-labelledby={`${p}-title`} role="region">
      <div className="page-title">
        <h3 id={`${p}-title`}>
          <Trans t={t} i18nKey="users.editTitle" values={{ name: user.displayName, username: user.username }} components={{ muted: <span className="muted mono" /> }} />
        </h3>
        <button type="button" className="secondary" onClick={onClose}>
          {t('users.close')}
        </button>
      </div>
      {user.disabled && <p className="field-warning">{t('users.isDisabled')}</p>}
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label={t('users.details', { name: user.displayName })}>
        <div className="admin-grid">
          <TextField id={`${p}-displayName`} label={t('users.form.name')} autoComplete="off" error={errors.displayName?.message} {...register('displayName')} />
          <SelectField id={`${p}-role`} label={t('users.form.role')} options={ROLES} labels={ROLE_LABELS} error={errors.role?.message} {...register('role')} />
        </div>
        <Controller
          control={control}
          name="institutionIds"
          render={({ field }) => (
            <UserScope role={role} hint={t('users.form.forvaltningSees')} institutions={institutions} field={field} error={errors.institutionIds?.message ?? errors.institutionIds?.root?.message} errorId={`${p}-institutionIds-error`} />
          )}
        />
        <FormActions error={errors.root?.message} saving={isSubmitting} label={t('users.form.save')} />
      </form>
      {user.role !== 'leder' && <RelationsEditor client={client} path={relationsPath(user.id)} institutions={institutions} whose={user.displayName} />}
      <div className="admin-split">
        <PasswordReset client={client} user={user} />
        <DisableUser client={client} user={user} isSelf={isSelf} onSaved={onSaved} />
      </div>
    </div>
  );
}

const relationsPath = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}/relations`;

function PasswordReset({ client, user }: { client: ServerClient; user: AdminUser }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<EditValues, unknown, UpdateUser>({ resolver: zodResolver(UpdateUserSchema, { error: localeErrors }), defaultValues: { password: '' } });
  const onSubmit = async (v: UpdateUser) => {
    try {
      await client.patch(`/api/admin/users/${encodeURIComponent(user.id)}`, { password: v.password }, AdminReplies.user);
      reset({ password: '' });
      notify(words('admin:users.password.changed', { name: user.displayName }));
    } catch (e) {
      showServerError(e, setError, ['password']);
    }
  };
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h4 id={`${p}-title`}>{t('users.password.title')}</h4>
      <TextField id={`${p}-password`} label={t('users.password.new')} type="password" autoComplete="new-password" error={errors.password?.message} {...register('password')} />
      <FieldError message={errors.root?.message} />
      <button type="submit" className="secondary" disabled={isSubmitting}>
        {isSubmitting ? t('users.password.changing') : t('users.password.change')}
      </button>
    </form>
  );
}

function DisableUser({ client, user, isSelf, onSaved }: { client: ServerClient; user: AdminUser; isSelf: boolean; onSaved: () => void }) {
  const { t } = useTranslation('admin');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const p = useId();
  const toggle = async () => {
    setBusy(true);
    setError('');
    try {
      await client.patch(`/api/admin/users/${encodeURIComponent(user.id)}`, { disabled: !user.disabled }, AdminReplies.user);
      notify(words(user.disabled ? 'admin:users.disable.enabled' : 'admin:users.disable.disabled', { name: user.displayName }));
      onSaved();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div aria-labelledby={`${p}-title`} role="group">
      <h4 id={`${p}-title`}>{user.disabled ? t('users.disable.enableTitle') : t('users.disable.disableTitle')}</h4>
      <p className="hint">
        {user.disabled
          ? t('users.disable.enableHint')
          : isSelf
            ? t('users.disable.self')
            : t('users.disable.disableHint')}
      </p>
      <button type="button" className={user.disabled ? 'secondary' : 'secondary danger'} onClick={toggle} disabled={busy || (isSelf && !user.disabled)}>
        {user.disabled ? t('users.disable.enable') : t('users.disable.disable')}
      </button>
      <FieldError message={error} />
    </div>
  );
}
