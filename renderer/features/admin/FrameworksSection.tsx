import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import type { z } from 'zod';
import { formatDanishDate, todayIso } from '../../../shared/dates';
import { FrameworkSchema, STEPS, type Framework } from '../../../shared/framework';
import { notify } from '../../state/notices';
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
  return { ...structuredClone(f), id: `v${version}`, version, name: `${f.name} (version ${version})`, validFrom: todayIso() };
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

const COLUMNS = [
  { label: 'Version', num: true },
  { label: 'Navn' },
  { label: 'Id' },
  { label: 'Gælder fra' },
  { label: 'Skala' },
  { label: 'Fokuspunkter', num: true },
  { label: 'Handling', hidden: true },
] as const;

export function FrameworksSection({ client }: { client: ServerClient }) {
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
      setUploadErrors({ file: file.name, issues: [`Filen er ikke gyldig JSON: ${e instanceof Error ? e.message : String(e)}`] });
      return;
    }
    const parsed = FrameworkSchema.safeParse(data, { error: localeErrors });
    if (!parsed.success) {
      setUploadErrors({ file: file.name, issues: issuesOf(parsed.error) });
      return;
    }
    setDraft({ framework: parsed.data, source: `filen ${file.name}` });
  };

  const download = async (f: Framework) => {
    await getPlatform().saveFile({ suggestedName: `tilsynskoncept-${f.id}.json`, filters: [{ name: 'JSON', extensions: ['json'] }], data: JSON.stringify(f, null, 2), mimeType: 'application/json' });
  };

  return (
    <AdminList
      id="admin-frameworks"
      title="Rammeversioner"
      loading={list.items ? null : 'Henter rammeversioner…'}
      error={list.error}
      intro={
        <p className="hint">
          En version kan ikke ændres, når den er oprettet: tilsyn bliver på den version, de blev startet på, og gennemsnit blandes aldrig på tværs af skalaer. En
          ændring er derfor altid en ny version med et højere versionsnummer.
        </p>
      }
      table={{
        testId: 'admin-frameworks',
        caption: 'Rammeversioner',
        columns: COLUMNS,
        rows: versions.map((f) => (
          <tr key={f.id}>
            <td className="num">{f.version}</td>
            <th scope="row">{f.name}</th>
            <td className="mono">{f.id}</td>
            <td>{/^\d{4}-\d{2}-\d{2}$/.test(f.validFrom) ? formatDanishDate(f.validFrom) : f.validFrom}</td>
            <td className="mono">{f.scale.id}</td>
            <td className="num">{f.themes.reduce((n, t) => n + t.fokuspunkter.length, 0)}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => void download(f)} aria-label={`Hent ${f.name} som JSON`}>
                Hent JSON
              </button>
            </td>
          </tr>
        )),
      }}
      after={
        <>
          {!draft && (
            <div className="card admin-new-version">
              <h3>Ny version</h3>
              <div className="admin-split">
                <div>
                  <p>Kopiér den nyeste version og ret navne, beskrivelser og trinbeskrivelser i en formular.</p>
                  <button type="button" className="primary" disabled={!newest} onClick={() => {
                      if (!newest) return;
                      setUploadErrors(null);
                      setDraft({ framework: nextVersionFrom(newest), source: `${newest.name} (${newest.id})` });
                    }}>
                    {newest ? `Ny version ud fra ${newest.id}` : 'Ny version'}
                  </button>
                </div>
                <div>
                  <p>
                    Eller upload en rammeversion som JSON-fil (samme format som <em>Hent JSON</em>). Filen kontrolleres, før den åbnes i formularen.
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
                      Upload JSON-fil med en rammeversion…
                    </label>
                  </div>
                </div>
              </div>
              {uploadErrors && (
                <div className="import-errors" role="alert">
                  <h4>{uploadErrors.file} kan ikke bruges</h4>
                  <ul>
                    {uploadErrors.issues.slice(0, 30).map((m, i) => (
                      <li key={i}>{m}</li>
                    ))}
                  </ul>
                  {uploadErrors.issues.length > 30 && <p>… og {uploadErrors.issues.length - 30} fejl mere.</p>}
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
      notify(`Rammeversionen ${saved.name} (${saved.id}) er oprettet. Den når alle ved næste synkronisering.`);
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
        <h3 id={`${p}-title`}>Ny rammeversion</h3>
        <button type="button" className="secondary" onClick={onCancel}>
          Annullér
        </button>
      </div>
      <p className="hint">Udgangspunkt: {source}. Temaernes og fokuspunkternes id’er bliver de samme, så tilsyn på tværs af versioner kan sammenlignes.</p>
      <div className="admin-grid">
        {input('name', 'Versionens navn')}
        {input('id', 'Id', { hint: 'Fx v2. Skal være nyt.' })}
        {input('version', 'Versionsnummer', { type: 'number', number: true, hint: `Højere end ${newestVersion}.` })}
        {input('validFrom', 'Gælder fra', { type: 'date' })}
      </div>
      <fieldset className="field admin-fieldset">
        <legend>Skala</legend>
        <div className="admin-grid">
          {input('scale.id', 'Skala-id', { hint: 'Skift kun, hvis trinnene betyder noget andet: gennemsnit regnes aldrig på tværs af skalaer.' })}
        </div>
        <div className="admin-grid admin-steps">
          {STEPS.map((s) => (
            <div key={s}>{input(`scale.labels.${s - 1}`, `Trin ${s}`)}</div>
          ))}
        </div>
      </fieldset>
      <h4>Temaer</h4>
      {initial.themes.map((t, i) => (
        <details
          key={t.id}
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
            {i + 1}. {t.name} <span className="muted mono">({t.id})</span>
            {themeHasError(errors, i) && <span className="field-error-inline"> · har fejl</span>}
          </summary>
          <div className="admin-theme-body">
            {input(`themes.${i}.name`, 'Temaets navn')}
            {area(`themes.${i}.description`, 'Beskrivelse')}
            <div className="admin-grid admin-descriptors">{STEPS.map((s) => <div key={s}>{area(`themes.${i}.descriptors.${s - 1}`, `Trin ${s}: beskrivelse`)}</div>)}</div>
            {t.fokuspunkter.map((fp, j) => (
              <fieldset key={fp.id} className="field admin-fieldset">
                <legend>
                  Fokuspunkt {j + 1} <span className="muted mono">({fp.id})</span>
                </legend>
                {input(`themes.${i}.fokuspunkter.${j}.name`, 'Fokuspunktets navn')}
                <div className="admin-grid admin-descriptors">{STEPS.map((s) => <div key={s}>{area(`themes.${i}.fokuspunkter.${j}.descriptors.${s - 1}`, `Trin ${s}`)}</div>)}</div>
              </fieldset>
            ))}
          </div>
        </details>
      ))}
      {/* A rule about the whole version (each id once) has no field of its own. */}
      <FieldError message={errors.root?.message ?? (errors as Record<string, { message?: string } | undefined>)['']?.message} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? 'Opretter…' : 'Opret version'}
        </button>
      </div>
    </form>
  );
}
