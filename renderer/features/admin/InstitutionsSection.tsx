import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  INSTITUTION_TYPES,
  INSTITUTION_TYPE_LABELS,
  InstitutionSchema,
  OWNERSHIPS,
  OWNERSHIP_LABELS,
  UNIT_TYPES,
  UNIT_TYPE_LABELS,
  unitProblems,
  unitTypeOf,
  type Institution,
} from '../../../shared/institution';
import { translate } from '../../../shared/i18n/i18n';
import { notify, words } from '../../state/notices';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { AdminReplies, localeErrors, showServerError, useAdminList } from './adminApi';
import { AdminList, FormActions, useListMode } from './AdminList';

const collator = new Intl.Collator('da');
const FIELDS = ['id', 'name', 'type', 'ownership', 'district', 'children0to2', 'children3to5', 'unitType', 'parentInstitutionId'] as const;
/** The form's own error (react-hook-form's name for it), not a field. */
const ROOT = 'root' as const;

const COLUMNS = ['name', 'id', 'type', 'ownership', 'district', 'children0to2', 'children3to5', 'action'] as const;

export function InstitutionsSection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('admin');
  const list = useAdminList(client, '/api/admin/institutions', AdminReplies.institutions);
  const mode = useListMode();
  const [query, setQuery] = useState('');

  const items = list.items ?? [];
  const q = query.trim().toLocaleLowerCase('da');
  const shown = items.filter((i) => !q || `${i.name} ${i.id} ${i.district ?? ''}`.toLocaleLowerCase('da').includes(q)).sort((a, b) => collator.compare(a.name, b.name));
  const editing = items.find((i) => i.id === mode.editingId);
  const done = () => {
    mode.showList();
    list.reload();
  };

  return (
    <AdminList
      id="admin-institutions"
      title={t('institutions.title')}
      loading={list.items ? null : t('institutions.loading')}
      error={list.error}
      newButton={{ label: t('institutions.new'), shown: mode.mode.kind === 'list', onClick: mode.create }}
      intro={<p className="hint">{t('institutions.intro')}</p>}
      form={
        <>
          {mode.mode.kind === 'create' && <InstitutionForm all={items} client={client} onDone={done} onCancel={mode.showList} />}
          {editing && <InstitutionForm all={items} key={editing.id} client={client} institution={editing} onDone={done} onCancel={mode.showList} />}
        </>
      }
      search={{ label: t('institutions.search'), placeholder: t('institutions.placeholder'), query, onQuery: setQuery, count: { shown: shown.length, total: items.length } }}
      table={{
        testId: 'admin-institutions',
        caption: t('institutions.title'),
        columns: COLUMNS.map((c) => ({ label: t(`institutions.columns.${c}`), num: c === 'children0to2' || c === 'children3to5', hidden: c === 'action' })),
        rows: shown.map((i) => (
          <tr key={i.id} aria-current={editing?.id === i.id ? 'true' : undefined}>
            <th scope="row">{i.name}</th>
            <td className="mono">{i.id}</td>
            <td>
              {INSTITUTION_TYPE_LABELS[i.type]}
              {i.parentInstitutionId && <span className="muted">{t('institutions.unitOf', { name: items.find((p) => p.id === i.parentInstitutionId)?.name ?? i.parentInstitutionId })}</span>}
            </td>
            <td>{OWNERSHIP_LABELS[i.ownership]}</td>
            <td>{i.district || <span className="muted">–</span>}</td>
            <td className="num">{i.children0to2}</td>
            <td className="num">{i.children3to5}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => mode.edit(i.id)} aria-label={t('institutions.editNamed', { name: i.name })}>
                {t('institutions.edit')}
              </button>
            </td>
          </tr>
        )),
      }}
    />
  );
}

/** The form: the parent as a choice ('' = none), and the unit rules of shared/institution.ts beside the fields. */
function formSchema(all: readonly Institution[]) {
  return InstitutionSchema.extend({ parentInstitutionId: z.string() }).superRefine((v, ctx) => {
    const parentId = v.parentInstitutionId || undefined;
    const parent = parentId ? (all.find((i) => i.id === parentId) ?? null) : undefined;
    for (const p of unitProblems({ ...v, parentInstitutionId: parentId }, parent)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });
}
type Input = z.input<ReturnType<typeof formSchema>>;
type Output = z.output<ReturnType<typeof formSchema>>;

/** Create (every field) or edit (id fixed; only the changed fields are sent). */
function InstitutionForm({ all, client, institution, onDone, onCancel }: { all: readonly Institution[]; client: ServerClient; institution?: Institution; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const editing = !!institution;
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Input, unknown, Output>({
    resolver: zodResolver(formSchema(all), { error: localeErrors }),
    defaultValues: institution
      ? { ...institution, unitType: unitTypeOf(institution), parentInstitutionId: institution.parentInstitutionId ?? '' }
      : { id: '', name: '', type: 'integreret', ownership: 'kommunal', district: '', children0to2: 0, children3to5: 0, unitType: 'daginstitution', parentInstitutionId: '' },
  });

  const onSubmit = async (v: Output) => {
    const { rev: _rev, ...fields } = v;
    // An empty district is "no district", not a district called "".
    const body: Record<string, unknown> = { ...fields, district: fields.district || undefined, parentInstitutionId: fields.parentInstitutionId || undefined };
    try {
      if (institution) {
        const patch: Record<string, unknown> = {};
        // A parent removed is sent as null (the server drops the field).
        for (const k of FIELDS) if (k !== 'id' && (body[k] ?? '') !== (institution[k] ?? '')) patch[k] = body[k] ?? (k === 'parentInstitutionId' ? null : '');
        if (Object.keys(patch).length === 0) {
          setError(ROOT, { message: translate('admin:institutions.noChanges') });
          return;
        }
        const saved = await client.patch(`/api/admin/institutions/${encodeURIComponent(institution.id)}`, patch, AdminReplies.institution);
        notify(words('admin:institutions.saved', { name: saved.name }));
      } else {
        const saved = await client.post('/api/admin/institutions', body, AdminReplies.institution);
        notify(words('admin:institutions.created', { name: saved.name, id: saved.id }));
      }
      onDone();
    } catch (e) {
      showServerError(e, setError, FIELDS, { findes_allerede: 'id' });
    }
  };

  // An enhed belongs to an institution that is not itself an enhed.
  const parents = all.filter((i) => i.id !== institution?.id && unitTypeOf(i) !== 'enhed').sort((a, b) => collator.compare(a.name, b.name));
  const text = (name: 'id' | 'name' | 'district', label: string, opts: { hint?: string; readOnly?: boolean } = {}) => (
    <TextField id={`${p}-${name}`} label={label} autoComplete="off" readOnly={opts.readOnly} hint={opts.hint} error={errors[name]?.message} {...register(name)} />
  );
  const count = (name: 'children0to2' | 'children3to5', label: string) => (
    <TextField id={`${p}-${name}`} label={label} type="number" min={0} step={1} inputMode="numeric" error={errors[name]?.message} {...register(name, { valueAsNumber: true })} />
  );

  return (
    <form className="card admin-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{institution ? t('institutions.editNamed', { name: institution.name }) : t('institutions.form.newTitle')}</h3>
      <div className="admin-grid">
        {text('name', t('institutions.form.name'))}
        {text('id', t('institutions.form.id'), editing ? { readOnly: true, hint: t('institutions.form.idFixed') } : { hint: t('institutions.form.idHint') })}
        <SelectField id={`${p}-type`} label={t('institutions.form.type')} options={INSTITUTION_TYPES} labels={INSTITUTION_TYPE_LABELS} error={errors.type?.message} {...register('type')} />
        <SelectField id={`${p}-ownership`} label={t('institutions.form.ownership')} options={OWNERSHIPS} labels={OWNERSHIP_LABELS} error={errors.ownership?.message} {...register('ownership')} />
        <SelectField id={`${p}-unit`} label={t('institutions.form.unitType')} options={UNIT_TYPES} labels={UNIT_TYPE_LABELS} error={errors.unitType?.message} {...register('unitType')} />
        <SelectField
          id={`${p}-parent`}
          label={t('institutions.form.parent')}
          options={['', ...parents.map((i) => i.id)]}
          labels={{ '': t('institutions.form.noParent'), ...Object.fromEntries(parents.map((i) => [i.id, `${i.name} (${i.id})`])) }}
          error={errors.parentInstitutionId?.message}
          {...register('parentInstitutionId')}
        />
        {text('district', t('institutions.form.district'), { hint: t('institutions.form.optional') })}
        {count('children0to2', t('institutions.columns.children0to2'))}
        {count('children3to5', t('institutions.columns.children3to5'))}
      </div>
      <FormActions error={errors.root?.message} saving={isSubmitting} label={institution ? t('institutions.form.save') : t('institutions.form.create')} onCancel={onCancel} />
    </form>
  );
}
