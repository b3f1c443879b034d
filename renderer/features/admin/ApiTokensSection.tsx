import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { API_TOKEN_SCOPES, API_TOKEN_SCOPE_LABELS, ApiTokenListSchema, ApiTokenSchema, CreatedApiTokenSchema, type ApiToken, type ApiTokenScope } from '../../../shared/apiTokens';
import { notify } from '../../state/notices';
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

const COLUMNS = [{ label: 'Navn' }, { label: 'Adgang' }, { label: 'Institutioner' }, { label: 'Oprettet' }, { label: 'Senest brugt' }, { label: 'Status' }, { label: 'Handling', hidden: true }] as const;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('da-DK', { dateStyle: 'medium', timeStyle: 'short' }) : 'Aldrig');

function status(t: ApiToken): 'aktiv' | 'tilbagekaldt' | 'udloebet' {
  if (t.revokedAt) return 'tilbagekaldt';
  return Date.parse(t.expiresAt) < Date.now() ? 'udloebet' : 'aktiv';
}

export function ApiTokensSection({ client }: { client: ServerClient }) {
  const tokens = useAdminList(client, '/api/admin/api-tokens', TokenReplies.list);
  const institutions = useAdminList(client, '/api/admin/institutions', AdminReplies.institutions);
  const mode = useListMode();
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const names = useMemo(() => new Map((institutions.items ?? []).map((i) => [i.id, i.name])), [institutions.items]);
  const items = tokens.items ?? [];

  const revoke = async (t: ApiToken) => {
    setBusy(t.id);
    try {
      await client.post(`/api/admin/api-tokens/${encodeURIComponent(t.id)}/revoke`, {}, TokenReplies.token);
      notify(`API-tokenet "${t.name}" er tilbagekaldt. Det virker ikke længere.`);
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
      title="API-tokens"
      loading={tokens.items && institutions.items ? null : 'Henter API-tokens…'}
      error={tokens.error ?? institutions.error}
      newButton={{ label: 'Nyt API-token', shown: mode.mode.kind === 'list', onClick: mode.create }}
      intro={
        <p className="hint">
          Et API-token lader et BI-værktøj (Power BI, Excel, R) læse udtræk og kommunale gennemsnit – intet andet. Det kan ikke synkronisere, administrere eller
          logge ind i appen. Lav ét pr. værktøj, så det kan tilbagekaldes alene.
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
        caption: 'API-tokens',
        columns: COLUMNS,
        rows: items.map((t) => {
          const st = status(t);
          return (
            <tr key={t.id}>
              <th scope="row">{t.name}</th>
              <td>{t.scopes.map((s) => (s === 'export' ? 'Udtræk' : 'Gennemsnit')).join(', ')}</td>
              <td className="admin-institutions">{t.institutionIds === null ? <span className="muted">Alle</span> : t.institutionIds.map((id) => names.get(id) ?? id).join(', ')}</td>
              <td>
                {when(t.createdAt)}
                {t.createdBy ? ` af ${t.createdBy}` : ''}
              </td>
              <td>{when(t.lastUsedAt)}</td>
              <td>
                {st === 'aktiv' ? (
                  <span className="badge badge-ok">Aktiv til {new Date(t.expiresAt).toLocaleDateString('da-DK', { dateStyle: 'medium' })}</span>
                ) : (
                  <span className="badge badge-due">{st === 'tilbagekaldt' ? 'Tilbagekaldt' : 'Udløbet'}</span>
                )}
              </td>
              <td className="actions">
                {st === 'aktiv' && (
                  <button type="button" className="link" disabled={busy === t.id} onClick={() => void revoke(t)} aria-label={`Tilbagekald ${t.name}`}>
                    Tilbagekald
                  </button>
                )}
              </td>
            </tr>
          );
        }),
      }}
      empty={items.length === 0 ? <p className="muted">Ingen API-tokens endnu.</p> : undefined}
    />
  );
}

/** The secret, once: it is not stored on the server and cannot be shown again. */
function SecretOnce({ name, token, onClose }: { name: string; token: string; onClose: () => void }) {
  const p = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      notify('Kunne ikke kopiere. Markér tokenet og kopiér det selv.');
    }
  };
  return (
    <div className="card notice" role="status" aria-labelledby={`${p}-title`} data-testid="api-token-secret">
      <h3 id={`${p}-title`}>API-tokenet "{name}" er oprettet</h3>
      <p>Kopiér det nu og gem det i BI-værktøjet. Det vises ikke igen: serveren gemmer kun et fingeraftryk af det.</p>
      <p>
        <code className="mono" aria-label="API-token">
          {token}
        </code>
      </p>
      <p className="hint">
        Send det som headeren <code>Authorization: Bearer …</code> til <code>/api/export/theme-scores.csv</code> eller <code>/api/stats/theme-averages</code>.
      </p>
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copied ? 'Kopieret' : 'Kopiér'}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Jeg har gemt det
        </button>
      </div>
    </div>
  );
}

const FormSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'Giv tokenet et navn' }).max(100, { error: 'Navnet må højst have 100 tegn' }),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1, { error: 'Vælg mindst én adgang' }),
    allInstitutions: z.boolean(),
    institutionIds: z.array(z.string()),
  })
  .refine((v) => v.allInstitutions || v.institutionIds.length > 0, { path: ['institutionIds'], error: 'Vælg mindst én institution, eller alle' });
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
      <h3 id={`${p}-title`}>Nyt API-token</h3>
      <TextField id={`${p}-name`} label="Navn" hint="Hvilket værktøj eller hvilken rapport, fx “Power BI, kvalitetsrapport”" autoComplete="off" error={errors.name?.message} {...register('name')} />
      <Controller
        control={control}
        name="scopes"
        render={({ field }) => (
          <fieldset className="field" aria-describedby={`${p}-scopes-error`}>
            <legend>Må læse</legend>
            {API_TOKEN_SCOPES.map((s: ApiTokenScope) => (
              <div className="field checkbox" key={s}>
                <input
                  id={`${p}-scope-${s}`}
                  type="checkbox"
                  checked={field.value.includes(s)}
                  onChange={(e) => field.onChange(e.target.checked ? [...field.value, s] : field.value.filter((x) => x !== s))}
                />
                <label htmlFor={`${p}-scope-${s}`}>{API_TOKEN_SCOPE_LABELS[s]}</label>
              </div>
            ))}
            <FieldError id={`${p}-scopes-error`} message={errors.scopes?.message ?? errors.scopes?.root?.message} />
          </fieldset>
        )}
      />
      <div className="field checkbox">
        <input id={`${p}-all`} type="checkbox" {...register('allInstitutions')} />
        <label htmlFor={`${p}-all`}>Alle institutioner</label>
      </div>
      {!all && (
        <Controller
          control={control}
          name="institutionIds"
          render={({ field }) => (
            <InstitutionChecklist legend="Kun disse institutioner" institutions={institutions} value={field.value} onChange={field.onChange} error={errors.institutionIds?.message} errorId={`${p}-institutionIds-error`} />
          )}
        />
      )}
      <FieldError message={errors.root?.message} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? 'Opretter…' : 'Opret API-token'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Annullér
        </button>
      </div>
    </form>
  );
}
