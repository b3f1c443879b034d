import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import { Trans, useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatNumericDate, todayIso } from '../../../shared/dates';
import { translate } from '../../../shared/i18n/i18n';
import { FrameworkSchema, STEPS, type Framework } from '../../../shared/framework';
import { notify, words } from '../../state/notices';
import { getPlatform } from '../../platform/bridge';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { AdminReplies, localeErrors, showServerError, useAdminList } from './adminApi';
import { AdminList } from './AdminList';

/*
 * Framework versions are immutable once created (inspections are pinned to theirs): a change is a
 * new version. Forvaltning makes one by copying the newest version and editing its texts in a form,
 * or by uploading a JSON file; both are validated with FrameworkSchema, as the server does.
 */

type Input = z.input<typeof FrameworkSchema>;

/** The newest version, renamed as the next one: a starting point for the editor. */
export function nextVersionFrom(f: Framework): Framework {
  const version = f.version + 1;
  return { ...structuredClone(f), id: `v${version}`, version, name: translate('admin:frameworks.nextName', { name: f.name, version }), validFrom: todayIso() };
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

const COLUMNS = ['version', 'name', 'id', 'validFrom', 'scale', 'fokuspunkter', 'action'] as const;
const NUMERIC = new Set<string>(['version', 'fokuspunkter']);

export function FrameworksSection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('admin');
  const list = useAdminList(client, '/api/admin/frameworks', AdminReplies.frameworks);
  const [draft, setDraft] = useState<{ framework: Framework; source: string } | null>(null);
  const [uploadErrors, setUploadErrors] = useState<{ file: string; issues: string[] } | null>(null);
  const fileId = useId();

  const versions = [...(list.items ?? [])].sort((a, b) => b.version - a.version);
  const newest = versions[0];

  const onFile = async (file: File | undefined) => {
    setUploadErrors(null);
    if (!file) return;
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch (e) {
      setUploadErrors({ file: file.name, issues: [t('frameworks.notJson', { message: e instanceof Error ? e.message : String(e) })] });
      return;
    }
    const parsed = FrameworkSchema.safeParse(data, { error: localeErrors });
    if (!parsed.success) {
      setUploadErrors({ file: file.name, issues: issuesOf(parsed.error) });
      return;
    }
    setDraft({ framework: parsed.data, source: t('frameworks.fromFile', { name: file.name }) });
  };

  const download = async (f: Framework) => {
    await getPlatform().saveFile({ suggestedName: `tilsynskoncept-${f.id}.json`, filters: [{ name: 'JSON', extensions: ['json'] }], data: JSON.stringify(f, null, 2), mimeType: 'application/json' });
  };

  return (
    <AdminList
      id="admin-frameworks"
      title={t('frameworks.title')}
      loading={list.items ? null : t('frameworks.loading')}
      error={list.error}
      intro={
        <p className="hint">
          {t('frameworks.intro')}
        </p>
      }
      table={{
        testId: 'admin-frameworks',
        caption: t('frameworks.title'),
        columns: COLUMNS.map((c) => ({ label: t(`frameworks.columns.${c}`), num: NUMERIC.has(c), hidden: c === 'action' })),
        rows: versions.map((f) => (
          <tr key={f.id}>
            <td className="num">{f.version}</td>
            <th scope="row">{f.name}</th>
            <td className="mono">{f.id}</td>
            <td>{/^\d{4}-\d{2}-\d{2}$/.test(f.validFrom) ? formatNumericDate(f.validFrom) : f.validFrom}</td>
            <td className="mono">{f.scale.id}</td>
            <td className="num">{f.themes.reduce((n, theme) => n + theme.fokuspunkter.length, 0)}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => void download(f)} aria-label={t('frameworks.downloadNamed', { name: f.name })}>
                {t('frameworks.download')}
              </button>
            </td>
          </tr>
        )),
      }}
      after={
        <>
          {!draft && (
            <div className="card admin-new-version">
              <h3>{t('frameworks.newVersion')}</h3>
              <div className="admin-split">
                <div>
                  <p>{t('frameworks.copyIntro')}</p>
                  <button type="button" className="primary" disabled={!newest} onClick={() => {
                      if (!newest) return;
                      setUploadErrors(null);
                      setDraft({ framework: nextVersionFrom(newest), source: `${newest.name} (${newest.id})` });
                    }}>
                    {newest ? t('frameworks.newFrom', { id: newest.id }) : t('frameworks.newVersion')}
                  </button>
                </div>
                <div>
                  <p>
                    <Trans t={t} i18nKey="frameworks.uploadIntro" components={{ em: <em /> }} />
                  </p>
                  {/* The browser's own file button speaks the browser's language; this label is the Danish button. */}
                  <div className="file-pick">
                    <input
                      id={fileId}
                      className="visually-hidden"
                      type="file"
                      accept=".json,application/json"
                      onChange={(e) => {
                        void onFile(e.target.files?.[0]);
                        e.target.value = '';
                      }}
                    />
                    <label htmlFor={fileId} className="button secondary">
                      {t('frameworks.upload')}
                    </label>
                  </div>
                </div>
              </div>
              {uploadErrors && (
                <div className="import-errors" role="alert">
                  <h4>{t('frameworks.unusable', { name: uploadErrors.file })}</h4>
                  <ul>
                    {uploadErrors.issues.slice(0, 30).map((m, i) => (
                      <li key={i}>{m}</li>
                    ))}
                  </ul>
                  {uploadErrors.issues.length > 30 && <p>{t('frameworks.moreErrors', { count: uploadErrors.issues.length - 30 })}</p>}
                </div>
              )}
            </div>
          )}
          {draft && (
            <FrameworkEditor
              client={client}
              initial={draft.framework}
              source={draft.source}
              newestVersion={newest?.version ?? 0}
              onCancel={() => setDraft(null)}
              onCreated={() => {
                setDraft(null);
                list.reload();
              }}
            />
          )}
        </>
      }
    />
  );
}

function themeHasError(errors: FieldErrors<Input>, i: number): boolean {
  return !!errors.themes?.[i];
}

function FrameworkEditor({
  client,
  initial,
  source,
  newestVersion,
  onCancel,
  onCreated,
}: {
  client: ServerClient;
  initial: Framework;
  source: string;
  newestVersion: number;
  onCancel: () => void;
  onCreated: () => void;
}) {
  const { t } = useTranslation('admin');
  const p = useId();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Input, unknown, Framework>({ resolver: zodResolver(FrameworkSchema, { error: localeErrors }), defaultValues: initial });

  const onSubmit = async (v: Framework) => {
    try {
      const saved = await client.post('/api/admin/frameworks', v, AdminReplies.framework);
      notify(words('admin:frameworks.created', { name: saved.name, id: saved.id }));
      onCreated();
    } catch (e) {
      showServerError(e, setError, ['id', 'version', 'name', 'validFrom', 'scale', 'themes'], { findes_allerede: 'id', version: 'version' });
    }
  };

  const err = (path: string): string | undefined => {
    let cur: unknown = errors;
    for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
    return (cur as { message?: string } | undefined)?.message;
  };
  const input = (path: string, label: string, opts: { type?: string; number?: boolean; hint?: string } = {}) => (
    <TextField id={`${p}-${path.replace(/\./g, '-')}`} label={label} type={opts.type} hint={opts.hint} error={err(path)} {...register(path as never, opts.number ? { valueAsNumber: true } : {})} />
  );
  const area = (path: string, label: string) => <TextField id={`${p}-${path.replace(/\./g, '-')}`} label={label} rows={4} error={err(path)} {...register(path as never)} />;

  return (
    <form className="card admin-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <div className="page-title">
        <h3 id={`${p}-title`}>{t('frameworks.editor.title')}</h3>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
      <p className="hint">{t('frameworks.editor.source', { source })}</p>
      <div className="admin-grid">
        {input('name', t('frameworks.editor.name'))}
        {input('id', t('frameworks.editor.id'), { hint: t('frameworks.editor.idHint') })}
        {input('version', t('frameworks.editor.version'), { type: 'number', number: true, hint: t('frameworks.editor.versionHint', { version: newestVersion }) })}
        {input('validFrom', t('frameworks.editor.validFrom'), { type: 'date' })}
      </div>
      <fieldset className="field admin-fieldset">
        <legend>{t('frameworks.editor.scale')}</legend>
        <div className="admin-grid">
          {input('scale.id', t('frameworks.editor.scaleId'), { hint: t('frameworks.editor.scaleIdHint') })}
        </div>
        <div className="admin-grid admin-steps">
          {STEPS.map((s) => (
            <div key={s}>{input(`scale.labels.${s - 1}`, t('frameworks.editor.step', { step: s }))}</div>
          ))}
        </div>
      </fieldset>
      <h4>{t('frameworks.editor.themes')}</h4>
      {initial.themes.map((theme, i) => (
        <details
          key={theme.id}
          className="admin-theme"
          open={open.has(i) || themeHasError(errors, i)}
          onToggle={(e) => {
            const isOpen = (e.currentTarget as HTMLDetailsElement).open;
            setOpen((cur) => {
              const next = new Set(cur);
              if (isOpen) next.add(i);
              else next.delete(i);
              return next;
            });
          }}
        >
          <summary>
            {i + 1}. {theme.name} <span className="muted mono">({theme.id})</span>
            {themeHasError(errors, i) && <span className="field-error-inline"> · {t('frameworks.editor.hasErrors')}</span>}
          </summary>
          <div className="admin-theme-body">
            {input(`themes.${i}.name`, t('frameworks.editor.themeName'))}
            {area(`themes.${i}.description`, t('frameworks.editor.description'))}
            <div className="admin-grid admin-descriptors">{STEPS.map((s) => <div key={s}>{area(`themes.${i}.descriptors.${s - 1}`, t('frameworks.editor.stepDescription', { step: s }))}</div>)}</div>
            {theme.fokuspunkter.map((fp, j) => (
              <fieldset key={fp.id} className="field admin-fieldset">
                <legend>
                  {t('frameworks.editor.fokuspunkt', { n: j + 1 })} <span className="muted mono">({fp.id})</span>
                </legend>
                {input(`themes.${i}.fokuspunkter.${j}.name`, t('frameworks.editor.fokuspunktName'))}
                <div className="admin-grid admin-descriptors">{STEPS.map((s) => <div key={s}>{area(`themes.${i}.fokuspunkter.${j}.descriptors.${s - 1}`, t('frameworks.editor.step', { step: s }))}</div>)}</div>
              </fieldset>
            ))}
          </div>
        </details>
      ))}
      {/* A rule about the whole version (each id once) has no field of its own. */}
      <FieldError message={errors.root?.message ?? (errors as Record<string, { message?: string } | undefined>)['']?.message} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? t('frameworks.editor.creating') : t('frameworks.editor.create')}
        </button>
      </div>
    </form>
  );
}
