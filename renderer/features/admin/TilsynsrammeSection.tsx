import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { DateTextSchema, formatDanishDate as formatDate, formatNumericDate } from '../../../shared/dates';
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
import { RammeDataItemsSchema } from '../../../shared/rammeData';
import { RammeDataItemsFields, RammeDataItemsView } from './RammeDataItemsFields';
import { notify } from '../../state/notices';
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

const COLUMNS = [{ label: 'Version', num: true }, { label: 'Titel' }, { label: 'Status' }, { label: 'Gælder fra' }, { label: 'Godkendt' }, { label: 'Handling', hidden: true }] as const;

// Dates typed dd.mm.åååå whatever the browser's locale (renderer/ui/DateInput.tsx); ISO in the output.
const optionalDate = z.union([z.literal(''), DateTextSchema]);
const FormSchema = z.object({
  title: TilsynsrammeSchema.shape.title,
  sections: z.object(Object.fromEntries(RAMME_SECTIONS.map((s) => [s, z.string().max(20_000, { error: 'Højst 20.000 tegn' })])) as Record<(typeof RAMME_SECTIONS)[number], z.ZodString>),
  approvedOn: optionalDate,
  approvedBy: z.string().max(200, { error: 'Højst 200 tegn' }),
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
    title: v?.title ?? 'Tilsynsramme for dagtilbud',
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
      title="Tilsynsramme"
      loading={list.items ? null : 'Henter tilsynsrammen…'}
      error={list.error}
      newButton={{ label: 'Ny version', shown: mode.mode.kind === 'list', onClick: mode.create }}
      intro={
        <p className="hint">
          Kommunens offentliggjorte ramme for tilsynet (dagtilbudsloven § 5 stk. 2). En version kan først gøres gældende, når alle fem afsnit er skrevet. Hvert
          tilsyn gemmer den version, der gælder på tilsynets dato. En gældende version ændres ikke; lav en ny version.
        </p>
      }
      form={
        <>
          {mode.mode.kind === 'create' && <RammeForm client={client} copyOf={latest} onDone={done} onCancel={mode.showList} />}
          {open && (open.status === 'kladde' ? <RammeForm key={open.id} client={client} version={open} onDone={done} onCancel={mode.showList} /> : <RammeView key={open.id} version={open} onClose={mode.showList} />)}
        </>
      }
      table={{
        testId: 'admin-rammer',
        caption: 'Tilsynsrammens versioner',
        columns: COLUMNS,
        rows: items.map((v) => (
          <tr key={v.id} aria-current={open?.id === v.id ? 'true' : undefined}>
            <td className="num">{v.version}</td>
            <th scope="row">{v.title}</th>
            <td>{RAMME_STATUS_LABELS[v.status]}</td>
            <td>{v.inForceFrom ? formatDate(v.inForceFrom) : '–'}</td>
            <td>{v.approvedOn ? `${formatDate(v.approvedOn)}, ${v.approvedBy}` : '–'}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => mode.edit(v.id)} aria-label={`${v.status === 'kladde' ? 'Redigér' : 'Vis'} version ${v.version}`}>
                {v.status === 'kladde' ? 'Redigér' : 'Vis'}
              </button>
            </td>
          </tr>
        )),
      }}
      empty={items.length === 0 ? <p>Der er ingen versioner endnu. Vælg «Ny version».</p> : undefined}
    />
  );
}

function RammeForm({ client, version, copyOf, onDone, onCancel }: { client: ServerClient; version?: Tilsynsramme; copyOf?: Tilsynsramme | undefined; onDone: () => void; onCancel: () => void }) {
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
        setError('root', { type: 'rule', message: `Versionen kan ikke gøres gældende endnu: ${problems.length === 1 ? 'ét felt mangler' : `${problems.length} felter mangler`}.` });
        return;
      }
    }
    try {
      let saved = version ? await client.patch(`/api/admin/tilsynsrammer/${encodeURIComponent(version.id)}`, body, Replies.one) : await client.post('/api/admin/tilsynsrammer', body, Replies.one);
      if (makeGaeldende) saved = await client.patch(`/api/admin/tilsynsrammer/${encodeURIComponent(saved.id)}`, { status: 'gaeldende' }, Replies.one);
      notify(makeGaeldende ? `Version ${saved.version} er gældende. Alle får den ved næste synkronisering.` : `Version ${saved.version} er gemt som kladde.`);
      onDone();
    } catch (e) {
      showServerError(e, setError, FIELDS);
    }
  };

  const sectionError = (s: (typeof RAMME_SECTIONS)[number]) => errors.sections?.[s]?.message;
  return (
    <form className="card admin-form" onSubmit={handleSubmit(save(false))} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{version ? `Redigér version ${version.version} (kladde)` : copyOf ? `Ny version (med teksten fra version ${copyOf.version})` : 'Ny version'}</h3>
      <TextField id={`${p}-name`} label="Titel" autoComplete="off" error={errors.title?.message} {...register('title')} />
      {RAMME_SECTIONS.map((s) => (
        <TextField key={s} id={`${p}-${s}`} label={RAMME_SECTION_LABELS[s]} hint={`Dagtilbudsloven ${RAMME_SECTION_SOURCES[s]}`} rows={5} error={sectionError(s)} {...register(`sections.${s}`)} />
      ))}
      <fieldset className="admin-fieldset">
        <legend>Godkendelse og offentliggørelse</legend>
        <div className="admin-grid">
          <TextField id={`${p}-approvedOn`} label="Godkendt den" {...DATE_FIELD_PROPS} hint="dd.mm.åååå" error={errors.approvedOn?.message} {...register('approvedOn')} />
          <TextField id={`${p}-approvedBy`} label="Godkendt af" hint="Fx Børne- og Skoleudvalget" autoComplete="off" error={errors.approvedBy?.message} {...register('approvedBy')} />
          <TextField id={`${p}-publicUrl`} label="Offentliggjort på (adresse)" type="url" autoComplete="off" error={errors.publicUrl?.message} {...register('publicUrl')} />
          <TextField id={`${p}-inForceFrom`} label="Gælder for tilsyn fra" {...DATE_FIELD_PROPS} hint="dd.mm.åååå" error={errors.inForceFrom?.message} {...register('inForceFrom')} />
        </div>
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>Regler fra rammen</legend>
        <div className="admin-grid">
          <TextField
            id={`${p}-cycle`}
            label="Uanmeldt besøg mindst hver (måneder)"
            type="number"
            hint="Overblikket advarer, når en enhed ikke har haft et uanmeldt besøg så længe"
            error={errors.rules?.unannouncedCycleMonths?.message}
            {...register('rules.unannouncedCycleMonths', { valueAsNumber: true })}
          />
          <TextField
            id={`${p}-limit`}
            label="Skærpet tilsyn startes inden (arbejdsdage)"
            type="number"
            hint="«I umiddelbar forlængelse af» (§ 5 b stk. 4)"
            error={errors.rules?.skaerpetStartLimitDays?.message}
            {...register('rules.skaerpetStartLimitDays', { valueAsNumber: true })}
          />
          <div className="field checkbox">
            <input id={`${p}-board`} type="checkbox" {...register('rules.publishWaitsForBoard')} />
            <label htmlFor={`${p}-board`}>En rapport offentliggøres først, når forældrebestyrelsen er orienteret</label>
          </div>
        </div>
      </fieldset>
      <RammeDataItemsFields idPrefix={p} control={control} register={register} errors={errors} />
      <FormActions
        error={errors.root?.message}
        saving={isSubmitting}
        label="Gem kladde"
        onCancel={onCancel}
        extra={
          <button type="button" className="secondary" disabled={isSubmitting} onClick={() => void handleSubmit(save(true))()}>
            Gem og gør gældende
          </button>
        }
      />
    </form>
  );
}

function RammeView({ version, onClose }: { version: Tilsynsramme; onClose: () => void }) {
  const p = useId();
  return (
    <article className="card admin-form" aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>
        Version {version.version}: {version.title} ({RAMME_STATUS_LABELS[version.status].toLowerCase()})
      </h3>
      <dl className="ramme-facts">
        <dt>Gælder fra</dt>
        <dd>{version.inForceFrom ? formatDate(version.inForceFrom) : '–'}</dd>
        <dt>Godkendt</dt>
        <dd>{version.approvedOn ? `${formatDate(version.approvedOn)} af ${version.approvedBy}` : '–'}</dd>
        <dt>Offentliggjort på</dt>
        <dd>{version.publicUrl ? <a href={version.publicUrl}>{version.publicUrl}</a> : '–'}</dd>
        <dt>Uanmeldt besøg mindst hver</dt>
        <dd>{version.rules.unannouncedCycleMonths} måneder</dd>
        <dt>Skærpet tilsyn startes inden</dt>
        <dd>{version.rules.skaerpetStartLimitDays} arbejdsdage</dd>
        <dt>Offentliggørelse venter på forældrebestyrelsen</dt>
        <dd>{version.rules.publishWaitsForBoard ? 'Ja' : 'Nej'}</dd>
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
          Luk
        </button>
      </div>
    </article>
  );
}
