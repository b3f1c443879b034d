import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { THEME_IDS, type ThemeId } from '../../../shared/framework';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { formatMean } from '../../../shared/format';
import { GoalFieldsSchema, GoalSchema, type Goal } from '../../../shared/goals';
import { uuidv7 } from '../../../shared/ids';
import { notify } from '../../state/notices';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import type { ServerClient } from '../../sync/serverClient';
import { danishErrors, showServerError, useAdminList } from './adminApi';
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

const COLUMNS = [{ label: 'Mål' }, { label: 'Tema' }, { label: 'Baseline' }, { label: 'Mål' }, { label: 'Status' }, { label: 'Handling', hidden: true }] as const;

/** The form: a share as a percentage (50 %), everything else as the goal has it. */
const GoalFormSchema = GoalFieldsSchema.pick({ title: true, themeId: true, baselineValue: true, baselineYear: true, targetValue: true, targetYear: true, roundMonths: true }).extend({
  coveragePercent: z.number({ error: 'Angiv en procent' }).min(0, { error: 'Mellem 0 og 100' }).max(100, { error: 'Mellem 0 og 100' }),
  minN: z.number({ error: 'Angiv et antal' }).int({ error: 'Et helt tal' }).min(1, { error: 'Mindst 1' }),
});
type FormInput = z.input<typeof GoalFormSchema>;
type FormOutput = z.output<typeof GoalFormSchema>;

export function GoalsSection({ client }: { client: ServerClient }) {
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
      notify(retired ? `Målet "${g.title}" er trukket tilbage. Det vises ikke længere i overblikket.` : `Målet "${g.title}" er aktivt igen.`);
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
      title="Mål"
      loading={list.items ? null : 'Henter mål…'}
      error={list.error}
      newButton={{ label: 'Nyt mål', shown: mode.mode.kind === 'list', onClick: mode.create }}
      intro={<p className="hint">Målene vises i alles overblik efter deres næste synkronisering. Et mål slettes aldrig; det trækkes tilbage.</p>}
      form={
        <>
          {mode.mode.kind === 'create' && <GoalForm client={client} onDone={done} onCancel={mode.showList} />}
          {editing && <GoalForm key={editing.id} client={client} goal={editing} onDone={done} onCancel={mode.showList} />}
        </>
      }
      table={{
        testId: 'admin-goals',
        caption: 'Mål',
        columns: COLUMNS,
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
            <td>{g.retired ? 'Trukket tilbage' : 'Aktivt'}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => mode.edit(g.id)} aria-label={`Redigér ${g.title}`}>
                Redigér
              </button>{' '}
              <button type="button" className="link" disabled={busy === g.id} onClick={() => void setRetired(g, !g.retired)} aria-label={`${g.retired ? 'Genaktivér' : 'Træk tilbage'}: ${g.title}`}>
                {g.retired ? 'Genaktivér' : 'Træk tilbage'}
              </button>
            </td>
          </tr>
        )),
      }}
    />
  );
}

function GoalForm({ client, goal, onDone, onCancel }: { client: ServerClient; goal?: Goal; onDone: () => void; onCancel: () => void }) {
  const p = useId();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(GoalFormSchema, { error: danishErrors }),
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
      notify(goal ? `Målet "${saved.title}" er gemt.` : `Målet "${saved.title}" er oprettet.`);
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
      <h3 id={`${p}-title`}>{goal ? `Redigér målet` : 'Nyt mål'}</h3>
      <div className="admin-grid">
        <TextField id={`${p}-title-field`} label="Titel" autoComplete="off" error={errors.title?.message} {...register('title')} />
        <SelectField id={`${p}-theme`} label="Tema" options={THEME_IDS} labels={THEME_LABELS} error={errors.themeId?.message} {...register('themeId')} />
        {num('baselineValue', 'Baseline (gennemsnit 1–4)', 0.01)}
        {num('baselineYear', 'Baselineår', 1)}
        {num('targetValue', 'Mål (gennemsnit 1–4)', 0.01)}
        {num('targetYear', 'Målår', 1)}
        {num('roundMonths', 'Måleperiode (måneder)', 1, 'Et tilsyn tæller i så mange måneder; 24 = en runde')}
        {num('coveragePercent', 'Mindst andel af institutionerne (%)', 1, 'Før en måling kan give målet en status')}
        {num('minN', 'Og mindst antal institutioner', 1)}
      </div>
      <FormActions error={errors.root?.message} saving={isSubmitting} label={goal ? 'Gem ændringer' : 'Opret mål'} onCancel={onCancel} />
    </form>
  );
}
