import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { Trans, useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/dates';
import { msg, translate } from '../../../shared/i18n/i18n';
import { API_TOKEN_SCOPES, ApiTokenListSchema, ApiTokenSchema, CreatedApiTokenSchema, type ApiToken, type ApiTokenScope } from '../../../shared/apiTokens';
import { notify, words } from '../../state/notices';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { AdminReplies, showServerError, useAdminList } from './adminApi';
import { AdminList, useListMode } from './AdminList';
import { InstitutionChecklist } from './InstitutionChecklist';

/*
 * Read-only API tokens for BI tools (Administration › API-tokens, docs/bi-api.md): forvaltning makes
 * one per tool, with a name, what it may read (export, stats) and optionally some institutions; the
 * secret is shown once. A token cannot sync, administer or log in to the app.
 */

const TokenReplies = { list: ApiTokenListSchema.transform((b) => b.apiTokens), created: CreatedApiTokenSchema, token: ApiTokenSchema };

const COLUMNS = ['name', 'scopes', 'institutions', 'created', 'lastUsed', 'status', 'action'] as const;

const when = (iso: string | null) => formatDateTime(iso, undefined, translate('admin:apiTokens.never'));

function status(t: ApiToken): 'aktiv' | 'tilbagekaldt' | 'udloebet' {
  if (t.revokedAt) return 'tilbagekaldt';
  return Date.parse(t.expiresAt) < Date.now() ? 'udloebet' : 'aktiv';
}

export function ApiTokensSection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('admin');
  const tokens = useAdminList(client, '/api/admin/api-tokens', TokenReplies.list);
  const institutions = useAdminList(client, '/api/admin/institutions', AdminReplies.institutions);
  const mode = useListMode();
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const names = useMemo(() => new Map((institutions.items ?? []).map((i) => [i.id, i.name])), [institutions.items]);
  const items = tokens.items ?? [];

  const revoke = async (token: ApiToken) => {
    setBusy(token.id);
    try {
      await client.post(`/api/admin/api-tokens/${encodeURIComponent(token.id)}/revoke`, {}, TokenReplies.token);
      notify(words('admin:apiTokens.revoked', { name: token.name }));
      tokens.reload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <AdminList
      id="admin-api-tokens"
      title={t('apiTokens.title')}
      loading={tokens.items && institutions.items ? null : t('apiTokens.loading')}
      error={tokens.error ?? institutions.error}
      newButton={{ label: t('apiTokens.new'), shown: mode.mode.kind === 'list', onClick: mode.create }}
      intro={
        <p className="hint">
          {t('apiTokens.intro')}
        </p>
      }
      form={
        <>
          {secret && <SecretOnce name={secret.name} token={secret.token} onClose={() => setSecret(null)} />}
          {mode.mode.kind === 'create' && (
            <CreateTokenForm
              client={client}
              institutions={institutions.items ?? []}
              onCreated={(name, token) => {
                setSecret({ name, token });
                mode.showList();
                tokens.reload();
              }}
              onCancel={mode.showList}
            />
          )}
        </>
      }
      table={{
        testId: 'admin-api-tokens',
        caption: t('apiTokens.title'),
        columns: COLUMNS.map((c) => ({ label: t(`apiTokens.columns.${c}`), hidden: c === 'action' })),
        rows: items.map((token) => {
          const st = status(token);
          return (
            <tr key={token.id}>
              <th scope="row">{token.name}</th>
              <td>{token.scopes.map((s) => t(`apiTokens.scopeShort.${s}`)).join(', ')}</td>
              <td className="admin-institutions">{token.institutionIds === null ? <span className="muted">{t('apiTokens.all')}</span> : token.institutionIds.map((id) => names.get(id) ?? id).join(', ')}</td>
              <td>
                {when(token.createdAt)}
                {token.createdBy ? ` ${t('apiTokens.by', { name: token.createdBy })}` : ''}
              </td>
              <td>{when(token.lastUsedAt)}</td>
              <td>
                {st === 'aktiv' ? (
                  <span className="badge badge-ok">{t('apiTokens.activeUntil', { date: formatDateTime(token.expiresAt, { dateStyle: 'medium' }) })}</span>
                ) : (
                  <span className="badge badge-due">{st === 'tilbagekaldt' ? t('apiTokens.status.revoked') : t('apiTokens.status.expired')}</span>
                )}
              </td>
              <td className="actions">
                {st === 'aktiv' && (
                  <button type="button" className="link" disabled={busy === token.id} onClick={() => void revoke(token)} aria-label={t('apiTokens.revokeNamed', { name: token.name })}>
                    {t('apiTokens.revoke')}
                  </button>
                )}
              </td>
            </tr>
          );
        }),
      }}
      empty={items.length === 0 ? <p className="muted">{t('apiTokens.none')}</p> : undefined}
    />
  );
}

/** The secret, once: it is not stored on the server and cannot be shown again. */
function SecretOnce({ name, token, onClose }: { name: string; token: string; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      notify(words('admin:apiTokens.copyFailed'));
    }
  };
  return (
    <div className="card notice" role="status" aria-labelledby={`${p}-title`} data-testid="api-token-secret">
      <h3 id={`${p}-title`}>{t('apiTokens.secret.title', { name })}</h3>
      <p>{t('apiTokens.secret.copyNow')}</p>
      <p>
        <code className="mono" aria-label={t('apiTokens.secret.token')}>
          {token}
        </code>
      </p>
      <p className="hint">
        <Trans t={t} i18nKey="apiTokens.secret.howToSend" components={{ code: <code /> }} />
      </p>
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copied ? t('apiTokens.copied') : t('apiTokens.copy')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('apiTokens.secret.saved')}
        </button>
      </div>
    </div>
  );
}

const FormSchema = z
  .object({
    name: z.string().trim().min(1, { error: msg('admin:apiTokens.form.nameRequired') }).max(100, { error: msg('admin:apiTokens.form.nameTooLong') }),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1, { error: msg('admin:apiTokens.form.scopeRequired') }),
    allInstitutions: z.boolean(),
    institutionIds: z.array(z.string()),
  })
  .refine((v) => v.allInstitutions || v.institutionIds.length > 0, { path: ['institutionIds'], error: msg('admin:apiTokens.form.institutionRequired') });
type FormValues = z.infer<typeof FormSchema>;

function CreateTokenForm({
  client,
  institutions,
  onCreated,
  onCancel,
}: {
  client: ServerClient;
  institutions: Parameters<typeof InstitutionChecklist>[0]['institutions'];
  onCreated: (name: string, token: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const p = useId();
  const {
    register,
    control,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({ resolver: zodResolver(FormSchema), defaultValues: { name: '', scopes: [...API_TOKEN_SCOPES], allInstitutions: true, institutionIds: [] } });
  const all = watch('allInstitutions');

  const onSubmit = async (v: FormValues) => {
    try {
      const created = await client.post('/api/admin/api-tokens', { name: v.name, scopes: v.scopes, institutionIds: v.allInstitutions ? null : v.institutionIds }, TokenReplies.created);
      onCreated(created.apiToken.name, created.token);
    } catch (e) {
      showServerError(e, setError, ['name', 'scopes', 'institutionIds'], { ukendt_institution: 'institutionIds' });
    }
  };

  return (
    <form className="card admin-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{t('apiTokens.form.title')}</h3>
      <TextField id={`${p}-name`} label={t('apiTokens.form.name')} hint={t('apiTokens.form.nameHint')} autoComplete="off" error={errors.name?.message} {...register('name')} />
      <Controller
        control={control}
        name="scopes"
        render={({ field }) => (
          <fieldset className="field" aria-describedby={`${p}-scopes-error`}>
            <legend>{t('apiTokens.form.mayRead')}</legend>
            {API_TOKEN_SCOPES.map((s: ApiTokenScope) => (
              <div className="field checkbox" key={s}>
                <input
                  id={`${p}-scope-${s}`}
                  type="checkbox"
                  checked={field.value.includes(s)}
                  onChange={(e) => field.onChange(e.target.checked ? [...field.value, s] : field.value.filter((x) => x !== s))}
                />
                <label htmlFor={`${p}-scope-${s}`}>{t(`apiTokens.scopes.${s}`)}</label>
              </div>
            ))}
            <FieldError id={`${p}-scopes-error`} message={errors.scopes?.message ?? errors.scopes?.root?.message} />
          </fieldset>
        )}
      />
      <div className="field checkbox">
        <input id={`${p}-all`} type="checkbox" {...register('allInstitutions')} />
        <label htmlFor={`${p}-all`}>{t('apiTokens.form.allInstitutions')}</label>
      </div>
      {!all && (
        <Controller
          control={control}
          name="institutionIds"
          render={({ field }) => (
            <InstitutionChecklist legend={t('apiTokens.form.onlyThese')} institutions={institutions} value={field.value} onChange={field.onChange} error={errors.institutionIds?.message} errorId={`${p}-institutionIds-error`} />
          )}
        />
      )}
      <FieldError message={errors.root?.message} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? t('apiTokens.form.creating') : t('apiTokens.form.create')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
