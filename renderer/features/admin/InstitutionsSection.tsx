import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { INSTITUTION_TYPES, INSTITUTION_TYPE_LABELS, InstitutionSchema, OWNERSHIPS, OWNERSHIP_LABELS, type Institution } from '../../../shared/institution';
import { notify } from '../../state/notices';
import { FieldError } from '../../ui/FieldError';
import type { ServerClient } from '../../sync/serverClient';
import { AdminReplies, danishErrors, showServerError, useAdminList } from './adminApi';

const collator = new Intl.Collator('da');
const FIELDS = ['id', 'name', 'type', 'ownership', 'district', 'children0to2', 'children3to5'] as const;

export function InstitutionsSection({ client }: { client: ServerClient }) {
  const list = useAdminList(client, '/api/admin/institutions', AdminReplies.institutions);
  const [mode, setMode] = useState<{ kind: 'list' } | { kind: 'create' } | { kind: 'edit'; id: string }>({ kind: 'list' });
  const [query, setQuery] = useState('');
  const searchId = useId();

  if (list.error) return <p className="error" role="alert">{list.error.message}</p>;
  if (!list.items) return <p>Henter institutioner…</p>;

  const q = query.trim().toLocaleLowerCase('da');
  const shown = list.items
    .filter((i) => !q || `${i.name} ${i.id} ${i.district ?? ''}`.toLocaleLowerCase('da').includes(q))
    .sort((a, b) => collator.compare(a.name, b.name));
  const editing = mode.kind === 'edit' ? list.items.find((i) => i.id === mode.id) : undefined;
  const done = () => {
    setMode({ kind: 'list' });
    list.reload();
  };

  return (
    <section aria-labelledby="admin-institutions-title">
      <div className="page-title">
        <h2 id="admin-institutions-title">Institutioner</h2>
        {mode.kind === 'list' && (
          <button type="button" className="primary" onClick={() => setMode({ kind: 'create' })}>
            Ny institution
          </button>
        )}
      </div>
      <p className="hint">Ændringer når alle brugere, der må se institutionen, ved deres næste synkronisering.</p>
      {mode.kind === 'create' && <InstitutionForm client={client} onDone={done} onCancel={() => setMode({ kind: 'list' })} />}
      {editing && <InstitutionForm key={editing.id} client={client} institution={editing} onDone={done} onCancel={() => setMode({ kind: 'list' })} />}
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor={searchId}>Søg blandt institutionerne</label>
          <input id={searchId} type="search" placeholder="Navn, id eller distrikt" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <p className="result-count" aria-live="polite">
          {shown.length} af {list.items.length}
        </p>
      </div>
      <div className="table-scroll">
        <table className="data-table admin-table" data-testid="admin-institutions">
          <caption className="visually-hidden">Institutioner</caption>
          <thead>
            <tr>
              <th scope="col">Navn</th>
              <th scope="col">Id</th>
              <th scope="col">Type</th>
              <th scope="col">Ejerform</th>
              <th scope="col">Distrikt</th>
              <th scope="col" className="num">
                Pladser 0–2 år
              </th>
              <th scope="col" className="num">
                Pladser 3–5 år
              </th>
              <th scope="col">
                <span className="visually-hidden">Handling</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i.id} aria-current={editing?.id === i.id ? 'true' : undefined}>
                <th scope="row">{i.name}</th>
                <td className="mono">{i.id}</td>
                <td>{INSTITUTION_TYPE_LABELS[i.type]}</td>
                <td>{OWNERSHIP_LABELS[i.ownership]}</td>
                <td>{i.district || <span className="muted">–</span>}</td>
                <td className="num">{i.children0to2}</td>
                <td className="num">{i.children3to5}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setMode({ kind: 'edit', id: i.id })} aria-label={`Redigér ${i.name}`}>
                    Redigér
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type Input = z.input<typeof InstitutionSchema>;
type Output = z.output<typeof InstitutionSchema>;

/** Create (every field) or edit (id fixed; only the changed fields are sent). */
function InstitutionForm({ client, institution, onDone, onCancel }: { client: ServerClient; institution?: Institution; onDone: () => void; onCancel: () => void }) {
  const p = useId();
  const editing = !!institution;
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Input, unknown, Output>({
    resolver: zodResolver(InstitutionSchema, { error: danishErrors }),
    defaultValues: institution ?? { id: '', name: '', type: 'integreret', ownership: 'kommunal', district: '', children0to2: 0, children3to5: 0 },
  });

  const onSubmit = async (v: Output) => {
    const { rev: _rev, ...fields } = v;
    // An empty district is "no district", not a district called "".
    const body: Record<string, unknown> = { ...fields, district: fields.district || undefined };
    try {
      if (institution) {
        const patch: Record<string, unknown> = {};
        for (const k of FIELDS) if (k !== 'id' && (body[k] ?? '') !== (institution[k] ?? '')) patch[k] = body[k] ?? '';
        if (Object.keys(patch).length === 0) {
          setError('root', { message: 'Der er ingen ændringer at gemme.' });
          return;
        }
        const saved = await client.patch(`/api/admin/institutions/${encodeURIComponent(institution.id)}`, patch, AdminReplies.institution);
        notify(`${saved.name} er gemt.`);
      } else {
        const saved = await client.post('/api/admin/institutions', body, AdminReplies.institution);
        notify(`${saved.name} (${saved.id}) er oprettet.`);
      }
      onDone();
    } catch (e) {
      showServerError(e, setError, FIELDS, { findes_allerede: 'id' });
    }
  };

  const text = (name: 'id' | 'name' | 'district', label: string, opts: { hint?: string; readOnly?: boolean } = {}) => (
    <div className="field">
      <label htmlFor={`${p}-${name}`}>{label}</label>
      <input
        id={`${p}-${name}`}
        type="text"
        autoComplete="off"
        readOnly={opts.readOnly}
        {...register(name)}
        aria-invalid={!!errors[name]}
        aria-describedby={`${p}-${name}-error${opts.hint ? ` ${p}-${name}-hint` : ''}`}
      />
      {opts.hint && (
        <p className="hint" id={`${p}-${name}-hint`}>
          {opts.hint}
        </p>
      )}
      <FieldError id={`${p}-${name}-error`} message={errors[name]?.message} />
    </div>
  );
  const count = (name: 'children0to2' | 'children3to5', label: string) => (
    <div className="field">
      <label htmlFor={`${p}-${name}`}>{label}</label>
      <input id={`${p}-${name}`} type="number" min={0} step={1} inputMode="numeric" {...register(name, { valueAsNumber: true })} aria-invalid={!!errors[name]} aria-describedby={`${p}-${name}-error`} />
      <FieldError id={`${p}-${name}-error`} message={errors[name]?.message} />
    </div>
  );

  return (
    <form className="card admin-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{institution ? `Redigér ${institution.name}` : 'Ny institution'}</h3>
      <div className="admin-grid">
        {text('name', 'Navn')}
        {text('id', 'Id', editing ? { readOnly: true, hint: 'Id’et kan ikke ændres: tilsyn og brugere peger på det.' } : { hint: 'Fx DI-41. Kan ikke ændres bagefter.' })}
        <div className="field">
          <label htmlFor={`${p}-type`}>Type</label>
          <select id={`${p}-type`} {...register('type')} aria-invalid={!!errors.type} aria-describedby={`${p}-type-error`}>
            {INSTITUTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {INSTITUTION_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          <FieldError id={`${p}-type-error`} message={errors.type?.message} />
        </div>
        <div className="field">
          <label htmlFor={`${p}-ownership`}>Ejerform</label>
          <select id={`${p}-ownership`} {...register('ownership')} aria-invalid={!!errors.ownership} aria-describedby={`${p}-ownership-error`}>
            {OWNERSHIPS.map((o) => (
              <option key={o} value={o}>
                {OWNERSHIP_LABELS[o]}
              </option>
            ))}
          </select>
          <FieldError id={`${p}-ownership-error`} message={errors.ownership?.message} />
        </div>
        {text('district', 'Distrikt', { hint: 'Valgfrit' })}
        {count('children0to2', 'Pladser 0–2 år')}
        {count('children3to5', 'Pladser 3–5 år')}
      </div>
      <FieldError message={errors.root?.message} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? 'Gemmer…' : institution ? 'Gem ændringer' : 'Opret institution'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Annullér
        </button>
      </div>
    </form>
  );
}
