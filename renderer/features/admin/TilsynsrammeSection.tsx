import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { DateTextSchema, formatLongDate as formatDate, formatNumericDate } from '../../../shared/dates';
import {
  DEFAULT_RAMME_RULES,
  RAMME_SECTION_LABELS,
  RAMME_SECTION_SOURCES,
  RAMME_SECTIONS,
  RAMME_STATUS_LABELS,
  RammeRulesSchema,
  TilsynsrammeSchema,
  gaeldendeProblems,
  type Tilsynsramme,
} from '../../../shared/tilsynsramme';
import { msg, translate } from '../../../shared/i18n/i18n';
import { RammeDataItemsSchema } from '../../../shared/rammeData';
import { RammeDataItemsFields, RammeDataItemsView } from './RammeDataItemsFields';
import { notify, words } from '../../state/notices';
import { DATE_FIELD_PROPS } from '../../ui/DateInput';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { localeErrors, showServerError, useAdminList } from './adminApi';
import { AdminList, FormActions, useListMode } from './AdminList';

/*
 * Administration › Tilsynsramme (docs/tilsynsramme.md): the municipality's published frame as
 * versions. A kladde is edited here; "Gør gældende" asks the shared rule (gaeldendeProblems) first,
 * so an empty section gets its Danish message next to it before anything is sent, and the server
 * asks the same rule again. A gældende version is read-only; "Ny version" starts from its text.
 */

const Replies = {
  list: z.object({ rammer: z.array(TilsynsrammeSchema) }).transform((b) => b.rammer),
  one: TilsynsrammeSchema,
};

const COLUMNS = ['version', 'title', 'status', 'inForceFrom', 'approved', 'action'] as const;
/** The form's own error (react-hook-form's name for it), not a field. */
const ROOT = 'root' as const;

// Dates typed dd.mm.åååå whatever the browser's locale (renderer/ui/DateInput.tsx); ISO in the output.
const optionalDate = z.union([z.literal(''), DateTextSchema]);
const FormSchema = z.object({
  title: TilsynsrammeSchema.shape.title,
  sections: z.object(Object.fromEntries(RAMME_SECTIONS.map((s) => [s, z.string().max(20_000, { error: msg('admin:ramme.tooLong20000') })])) as Record<(typeof RAMME_SECTIONS)[number], z.ZodString>),
  approvedOn: optionalDate,
  approvedBy: z.string().max(200, { error: msg('admin:ramme.tooLong200') }),
  publicUrl: TilsynsrammeSchema.shape.publicUrl.unwrap(),
  inForceFrom: optionalDate,
  rules: RammeRulesSchema.pick({ unannouncedCycleMonths: true, skaerpetStartLimitDays: true }).extend({ publishWaitsForBoard: z.boolean() }),
  dataItems: RammeDataItemsSchema,
});
type FormInput = z.input<typeof FormSchema>;
type FormValues = z.output<typeof FormSchema>;
const FIELDS = ['title', 'sections', 'approvedOn', 'approvedBy', 'publicUrl', 'inForceFrom', 'rules', 'dataItems'] as const;

function toForm(v: Tilsynsramme | undefined): FormValues {
  return {
    title: v?.title ?? translate('admin:ramme.defaultTitle'),
    sections: { ...Object.fromEntries(RAMME_SECTIONS.map((s) => [s, ''])), ...v?.sections } as FormValues['sections'],
    approvedOn: v?.approvedOn ? formatNumericDate(v.approvedOn) : '',
    approvedBy: v?.approvedBy ?? '',
    publicUrl: v?.publicUrl ?? '',
    inForceFrom: v?.inForceFrom ? formatNumericDate(v.inForceFrom) : '',
    rules: { ...DEFAULT_RAMME_RULES, ...v?.rules },
    // "Ny version" keeps the items' ids, so answers under two versions name the same datum.
    dataItems: v?.dataItems ?? [],
  };
}

function toBody(v: FormValues) {
  return { ...v, approvedOn: v.approvedOn || null, inForceFrom: v.inForceFrom || null };
}

export function TilsynsrammeSection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('admin');
  const list = useAdminList(client, '/api/admin/tilsynsrammer', Replies.list);
  const mode = useListMode();
  const items = list.items ?? [];
  const open = items.find((v) => v.id === mode.editingId);
  const latest = items[0];
  const done = () => {
    mode.showList();
    list.reload();
  };

  return (
    <AdminList
      id="admin-ramme"
      title={t('ramme.title')}
      loading={list.items ? null : t('ramme.loading')}
      error={list.error}
      newButton={{ label: t('ramme.new'), shown: mode.mode.kind === 'list', onClick: mode.create }}
      intro={
        <p className="hint">{t('ramme.intro')}</p>
      }
      form={
        <>
          {mode.mode.kind === 'create' && <RammeForm client={client} copyOf={latest} onDone={done} onCancel={mode.showList} />}
          {open && (open.status === 'kladde' ? <RammeForm key={open.id} client={client} version={open} onDone={done} onCancel={mode.showList} /> : <RammeView key={open.id} version={open} onClose={mode.showList} />)}
        </>
      }
      table={{
        testId: 'admin-rammer',
        caption: t('ramme.caption'),
        columns: COLUMNS.map((c) => ({ label: t(`ramme.columns.${c}`), num: c === 'version', hidden: c === 'action' })),
        rows: items.map((v) => (
          <tr key={v.id} aria-current={open?.id === v.id ? 'true' : undefined}>
            <td className="num">{v.version}</td>
            <th scope="row">{v.title}</th>
            <td>{RAMME_STATUS_LABELS[v.status]}</td>
            <td>{v.inForceFrom ? formatDate(v.inForceFrom) : '–'}</td>
            <td>{v.approvedOn ? t('ramme.approvedBy', { date: formatDate(v.approvedOn), by: v.approvedBy }) : '–'}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => mode.edit(v.id)} aria-label={v.status === 'kladde' ? t('ramme.editNamed', { version: v.version }) : t('ramme.showNamed', { version: v.version })}>
                {v.status === 'kladde' ? t('ramme.edit') : t('ramme.show')}
              </button>
            </td>
          </tr>
        )),
      }}
      empty={items.length === 0 ? <p>{t('ramme.empty')}</p> : undefined}
    />
  );
}

function RammeForm({ client, version, copyOf, onDone, onCancel }: { client: ServerClient; version?: Tilsynsramme; copyOf?: Tilsynsramme | undefined; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormValues>({ resolver: zodResolver(FormSchema, { error: localeErrors }), defaultValues: toForm(version ?? copyOf) });

  const save = (makeGaeldende: boolean) => async (v: FormValues) => {
    const body = toBody(v);
    if (makeGaeldende) {
      // The shared rule, before anything is sent: each message next to its field.
      const problems = gaeldendeProblems({ ...body, sections: body.sections });
      if (problems.length > 0) {
        problems.forEach((pr, i) => setError(pr.path as keyof FormInput, { type: 'rule', message: pr.message }, { shouldFocus: i === 0 }));
        setError(ROOT, { type: 'rule', message: translate('admin:ramme.missing', { count: problems.length }) });
        return;
      }
    }
    try {
      let saved = version ? await client.patch(`/api/admin/tilsynsrammer/${encodeURIComponent(version.id)}`, body, Replies.one) : await client.post('/api/admin/tilsynsrammer', body, Replies.one);
      if (makeGaeldende) saved = await client.patch(`/api/admin/tilsynsrammer/${encodeURIComponent(saved.id)}`, { status: 'gaeldende' }, Replies.one);
      notify(words(makeGaeldende ? 'admin:ramme.madeGaeldende' : 'admin:ramme.savedDraft', { version: saved.version }));
      onDone();
    } catch (e) {
      showServerError(e, setError, FIELDS);
    }
  };

  const sectionError = (s: (typeof RAMME_SECTIONS)[number]) => errors.sections?.[s]?.message;
  return (
    <form className="card admin-form" onSubmit={handleSubmit(save(false))} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{version ? t('ramme.form.editTitle', { version: version.version }) : copyOf ? t('ramme.form.copyTitle', { version: copyOf.version }) : t('ramme.form.newTitle')}</h3>
      <TextField id={`${p}-name`} label={t('ramme.form.title')} autoComplete="off" error={errors.title?.message} {...register('title')} />
      {RAMME_SECTIONS.map((s) => (
        <TextField key={s} id={`${p}-${s}`} label={RAMME_SECTION_LABELS[s]} hint={t('ramme.form.source', { source: RAMME_SECTION_SOURCES[s] })} rows={5} error={sectionError(s)} {...register(`sections.${s}`)} />
      ))}
      <fieldset className="admin-fieldset">
        <legend>{t('ramme.form.approval')}</legend>
        <div className="admin-grid">
          <TextField id={`${p}-approvedOn`} label={t('ramme.form.approvedOn')} {...DATE_FIELD_PROPS} hint={t('ramme.form.dateHint')} error={errors.approvedOn?.message} {...register('approvedOn')} />
          <TextField id={`${p}-approvedBy`} label={t('ramme.form.approvedBy')} hint={t('ramme.form.approvedByHint')} autoComplete="off" error={errors.approvedBy?.message} {...register('approvedBy')} />
          <TextField id={`${p}-publicUrl`} label={t('ramme.form.publicUrl')} type="url" autoComplete="off" error={errors.publicUrl?.message} {...register('publicUrl')} />
          <TextField id={`${p}-inForceFrom`} label={t('ramme.form.inForceFrom')} {...DATE_FIELD_PROPS} hint={t('ramme.form.dateHint')} error={errors.inForceFrom?.message} {...register('inForceFrom')} />
        </div>
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>{t('ramme.form.rules')}</legend>
        <div className="admin-grid">
          <TextField
            id={`${p}-cycle`}
            label={t('ramme.form.cycle')}
            type="number"
            hint={t('ramme.form.cycleHint')}
            error={errors.rules?.unannouncedCycleMonths?.message}
            {...register('rules.unannouncedCycleMonths', { valueAsNumber: true })}
          />
          <TextField
            id={`${p}-limit`}
            label={t('ramme.form.limit')}
            type="number"
            hint={t('ramme.form.limitHint')}
            error={errors.rules?.skaerpetStartLimitDays?.message}
            {...register('rules.skaerpetStartLimitDays', { valueAsNumber: true })}
          />
          <div className="field checkbox">
            <input id={`${p}-board`} type="checkbox" {...register('rules.publishWaitsForBoard')} />
            <label htmlFor={`${p}-board`}>{t('ramme.form.board')}</label>
          </div>
        </div>
      </fieldset>
      <RammeDataItemsFields idPrefix={p} control={control} register={register} errors={errors} />
      <FormActions
        error={errors.root?.message}
        saving={isSubmitting}
        label={t('ramme.form.saveDraft')}
        onCancel={onCancel}
        extra={
          <button type="button" className="secondary" disabled={isSubmitting} onClick={() => void handleSubmit(save(true))()}>
            {t('ramme.form.saveGaeldende')}
          </button>
        }
      />
    </form>
  );
}

function RammeView({ version, onClose }: { version: Tilsynsramme; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const p = useId();
  return (
    <article className="card admin-form" aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>
        {t('ramme.view.title', { version: version.version, title: version.title, status: RAMME_STATUS_LABELS[version.status].toLowerCase() })}
      </h3>
      <dl className="ramme-facts">
        <dt>{t('ramme.view.inForceFrom')}</dt>
        <dd>{version.inForceFrom ? formatDate(version.inForceFrom) : '–'}</dd>
        <dt>{t('ramme.view.approved')}</dt>
        <dd>{version.approvedOn ? t('ramme.view.approvedBy', { date: formatDate(version.approvedOn), by: version.approvedBy }) : '–'}</dd>
        <dt>{t('ramme.view.publicUrl')}</dt>
        <dd>{version.publicUrl ? <a href={version.publicUrl}>{version.publicUrl}</a> : '–'}</dd>
        <dt>{t('ramme.view.cycle')}</dt>
        <dd>{t('ramme.view.months', { n: version.rules.unannouncedCycleMonths })}</dd>
        <dt>{t('ramme.view.limit')}</dt>
        <dd>{t('ramme.view.days', { n: version.rules.skaerpetStartLimitDays })}</dd>
        <dt>{t('ramme.view.board')}</dt>
        <dd>{version.rules.publishWaitsForBoard ? t('ramme.view.yes') : t('ramme.view.no')}</dd>
      </dl>
      <RammeDataItemsView version={version} headingId={`${p}-data`} />
      {RAMME_SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`${p}-${s}`}>
          <h4 id={`${p}-${s}`}>{RAMME_SECTION_LABELS[s]}</h4>
          <p className="ramme-text">{version.sections[s]}</p>
        </section>
      ))}
      <div className="button-row">
        <button type="button" className="secondary" onClick={onClose}>
          {t('ramme.view.close')}
        </button>
      </div>
    </article>
  );
}
