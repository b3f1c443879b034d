import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPARTIALITY_RULES, RELATION_KINDS, RELATION_LABELS, RelationListSchema, RelationSchema, type Relation, type RelationKind } from '../../../shared/impartiality';
import type { Institution } from '../../../shared/institution';
import { ServerError } from '../../../shared/serverError';
import { notify, words } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';

/**
 * A user's declared relations to institutions (§ 5 a stk. 3, shared/impartiality.ts): kept by the
 * user themself (Din konto) or by forvaltning (Administration › Brugere). The list is saved as a
 * whole; the write judge refuses to put the user on a visit to an institution they have a blocking
 * relation to. Online only: the relations live on the server (devices get them with the directory).
 */
export function RelationsEditor({ client, path, institutions, whose }: { client: ServerClient; path: string; institutions: readonly Institution[]; whose: string }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const [relations, setRelations] = useState<Relation[] | null>(null);
  const [institutionId, setInstitutionId] = useState('');
  const [kind, setKind] = useState<RelationKind>('tilknyttet_konsulent');
  const [endedOn, setEndedOn] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let live = true;
    client
      .get(path, RelationListSchema)
      .then((r) => live && setRelations(r.relations))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [client, path]);
  const nameOf = (id: string) => institutions.find((i) => i.id === id)?.name ?? id;

  const save = async (next: Relation[]) => {
    setSaving(true);
    setError(undefined);
    try {
      const saved = await client.post(path, { relations: next }, RelationListSchema);
      setRelations(saved.relations);
      notify(words('admin:relations.saved', { whose }));
      return true;
    } catch (e) {
      setError(e instanceof ServerError ? e.message : String(e));
      return false;
    } finally {
      setSaving(false);
    }
  };
  const add = async () => {
    const parsed = RelationSchema.safeParse({ institutionId, kind, endedOn: kind === 'tidligere_ansat' && endedOn ? endedOn : null });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    if (await save([...(relations ?? []), parsed.data])) setInstitutionId('');
  };

  return (
    <section className="relations" aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{t('relations.title')}</h3>
      <details>
        <summary>{t('relations.rules')}</summary>
        <ul>
          {IMPARTIALITY_RULES.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </details>
      {relations === null ? (
        <p className="muted">{error ?? t('relations.loading')}</p>
      ) : relations.length === 0 ? (
        <p>{t('relations.none')}</p>
      ) : (
        <ul data-testid="relations-list">
          {relations.map((r, i) => (
            <li key={`${r.institutionId}-${r.kind}`}>
              {nameOf(r.institutionId)}: {RELATION_LABELS[r.kind].toLowerCase()}
              {r.endedOn ? t('relations.until', { date: r.endedOn }) : ''}{' '}
              <button type="button" className="link" disabled={saving} onClick={() => void save(relations.filter((_, j) => j !== i))} aria-label={t('relations.removeNamed', { name: nameOf(r.institutionId) })}>
                {t('relations.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {relations !== null && (
        <div className="admin-grid">
          <div className="field">
            <label htmlFor={`${p}-institution`}>{t('relations.institution')}</label>
            <select id={`${p}-institution`} value={institutionId} onChange={(e) => setInstitutionId(e.target.value)} aria-describedby={`${p}-error`}>
              <option value="">{t('relations.chooseInstitution')}</option>
              {institutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${p}-kind`}>{t('relations.kind')}</label>
            <select id={`${p}-kind`} value={kind} onChange={(e) => setKind(e.target.value as RelationKind)}>
              {RELATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {RELATION_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          {kind === 'tidligere_ansat' && (
            <div className="field">
              <label htmlFor={`${p}-ended`}>{t('relations.endedOn')}</label>
              <input id={`${p}-ended`} type="date" value={endedOn} onChange={(e) => setEndedOn(e.target.value)} />
            </div>
          )}
        </div>
      )}
      <FieldError id={`${p}-error`} message={error} />
      {relations !== null && (
        <button type="button" className="secondary" disabled={saving} onClick={() => void add()}>
          {t('relations.add')}
        </button>
      )}
    </section>
  );
}
