import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { THEME_IDS, type ThemeId } from '../../../shared/framework';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { formatMean } from '../../../shared/format';
import { GoalFieldsSchema, GoalSchema, type Goal } from '../../../shared/goals';
import { msg } from '../../../shared/i18n/i18n';
import { uuidv7 } from '../../../shared/ids';
import { notify, words } from '../../state/notices';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { localeErrors, showServerError, useAdminList } from './adminApi';
import { AdminList, FormActions, useListMode } from './AdminList';

/*
 * Municipal goals (Administration › Mål): forvaltning creates, edits and retires them on the server
 * (POST/PATCH /api/admin/goals); every device gets them by pull, so every dashboard shows the same.
 * The coverage rule (share of institutions in scope and n) decides when a measurement may set the
 * goal's status (shared/goals.ts readGoal).
 */

const GoalReplies = {
  goals: z.object({ goals: z.array(GoalSchema) }).transform((b) => b.goals),
  goal: GoalSchema,
};

const THEME_LABELS = Object.fromEntries(CURRENT_FRAMEWORK.themes.map((t) => [t.id, t.name])) as Record<ThemeId, string>;
const FIELDS = ['title', 'themeId', 'baselineValue', 'baselineYear', 'targetValue', 'targetYear', 'roundMonths', 'coverage.minShare', 'coverage.minN'] as const;

const COLUMNS = ['title', 'theme', 'baseline', 'target', 'status', 'action'] as const;

/** The form: a share as a percentage (50 %), everything else as the goal has it. */
const GoalFormSchema = GoalFieldsSchema.pick({ title: true, themeId: true, baselineValue: true, baselineYear: true, targetValue: true, targetYear: true, roundMonths: true }).extend({
  coveragePercent: z.number({ error: msg('admin:goals.form.percentRequired') }).min(0, { error: msg('admin:goals.form.percentRange') }).max(100, { error: msg('admin:goals.form.percentRange') }),
  minN: z.number({ error: msg('admin:goals.form.countRequired') }).int({ error: msg('admin:goals.form.wholeNumber') }).min(1, { error: msg('admin:goals.form.atLeastOne') }),
});
type FormInput = z.input<typeof GoalFormSchema>;
type FormOutput = z.output<typeof GoalFormSchema>;

export function GoalsSection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('admin');
  const list = useAdminList(client, '/api/goals', GoalReplies.goals);
  const mode = useListMode();
  const [busy, setBusy] = useState<string | null>(null);
  const items = list.items ?? [];
  const shown = [...items].sort((a, b) => Number(a.retired) - Number(b.retired) || THEME_IDS.indexOf(a.themeId) - THEME_IDS.indexOf(b.themeId) || a.title.localeCompare(b.title, 'da'));
  const editing = items.find((g) => g.id === mode.editingId);
  const done = () => {
    mode.showList();
    list.reload();
  };
  const setRetired = async (g: Goal, retired: boolean) => {
    setBusy(g.id);
    try {
      await client.patch(`/api/admin/goals/${encodeURIComponent(g.id)}`, { retired }, GoalReplies.goal);
      notify(retired ? words('admin:goals.retired', { title: g.title }) : words('admin:goals.reactivated', { title: g.title }));
      list.reload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <AdminList
      id="admin-goals"
      title={t('goals.title')}
      loading={list.items ? null : t('goals.loading')}
      error={list.error}
      newButton={{ label: t('goals.new'), shown: mode.mode.kind === 'list', onClick: mode.create }}
      intro={<p className="hint">{t('goals.intro')}</p>}
      form={
        <>
          {mode.mode.kind === 'create' && <GoalForm client={client} onDone={done} onCancel={mode.showList} />}
          {editing && <GoalForm key={editing.id} client={client} goal={editing} onDone={done} onCancel={mode.showList} />}
        </>
      }
      table={{
        testId: 'admin-goals',
        caption: t('goals.title'),
        columns: COLUMNS.map((c) => ({ label: t(`goals.columns.${c}`), hidden: c === 'action' })),
        rows: shown.map((g) => (
          <tr key={g.id} aria-current={editing?.id === g.id ? 'true' : undefined}>
            <th scope="row">{g.title}</th>
            <td>{THEME_LABELS[g.themeId]}</td>
            <td className="num">
              {formatMean(g.baselineValue)} ({g.baselineYear})
            </td>
            <td className="num">
              {formatMean(g.targetValue)} ({g.targetYear})
            </td>
            <td>{g.retired ? t('goals.status.retired') : t('goals.status.active')}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => mode.edit(g.id)} aria-label={t('goals.editNamed', { title: g.title })}>
                {t('goals.edit')}
              </button>{' '}
              <button type="button" className="link" disabled={busy === g.id} onClick={() => void setRetired(g, !g.retired)} aria-label={g.retired ? t('goals.reactivateNamed', { title: g.title }) : t('goals.retireNamed', { title: g.title })}>
                {g.retired ? t('goals.reactivate') : t('goals.retire')}
              </button>
            </td>
          </tr>
        )),
      }}
    />
  );
}

function GoalForm({ client, goal, onDone, onCancel }: { client: ServerClient; goal?: Goal; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(GoalFormSchema, { error: localeErrors }),
    defaultValues: goal
      ? { ...goal, coveragePercent: Math.round(goal.coverage.minShare * 100), minN: goal.coverage.minN }
      : { title: '', themeId: 'paedagogisk-organisering', baselineYear: new Date().getFullYear() - 1, targetYear: new Date().getFullYear() + 3, roundMonths: 24, coveragePercent: 50, minN: 5 },
  });

  const onSubmit = async (v: FormOutput) => {
    const { coveragePercent, minN, ...fields } = v;
    const body = { ...fields, coverage: { minShare: coveragePercent / 100, minN } };
    try {
      const saved = goal
        ? await client.patch(`/api/admin/goals/${encodeURIComponent(goal.id)}`, body, GoalReplies.goal)
        : await client.post('/api/admin/goals', { ...body, id: `maal-${uuidv7()}` }, GoalReplies.goal);
      notify(goal ? words('admin:goals.saved', { title: saved.title }) : words('admin:goals.created', { title: saved.title }));
      onDone();
    } catch (e) {
      showServerError(e, setError, FIELDS);
    }
  };

  const num = (name: 'baselineValue' | 'baselineYear' | 'targetValue' | 'targetYear' | 'roundMonths' | 'coveragePercent' | 'minN', label: string, step: number, hint?: string) => (
    <TextField id={`${p}-${name}`} label={label} type="number" step={step} hint={hint} error={errors[name]?.message} {...register(name, { valueAsNumber: true })} />
  );

  return (
    <form className="card admin-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{goal ? t('goals.form.editTitle') : t('goals.form.newTitle')}</h3>
      <div className="admin-grid">
        <TextField id={`${p}-title-field`} label={t('goals.form.title')} autoComplete="off" error={errors.title?.message} {...register('title')} />
        <SelectField id={`${p}-theme`} label={t('goals.form.theme')} options={THEME_IDS} labels={THEME_LABELS} error={errors.themeId?.message} {...register('themeId')} />
        {num('baselineValue', t('goals.form.baselineValue'), 0.01)}
        {num('baselineYear', t('goals.form.baselineYear'), 1)}
        {num('targetValue', t('goals.form.targetValue'), 0.01)}
        {num('targetYear', t('goals.form.targetYear'), 1)}
        {num('roundMonths', t('goals.form.roundMonths'), 1, t('goals.form.roundMonthsHint'))}
        {num('coveragePercent', t('goals.form.coveragePercent'), 1, t('goals.form.coveragePercentHint'))}
        {num('minN', t('goals.form.minN'), 1)}
      </div>
      <FormActions error={errors.root?.message} saving={isSubmitting} label={goal ? t('goals.form.save') : t('goals.form.create')} onCancel={onCancel} />
    </form>
  );
}
