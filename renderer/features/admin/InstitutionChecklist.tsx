import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Institution } from '../../../shared/institution';
import { FieldError } from '../../ui/FieldError';

const collator = new Intl.Collator('da');

/**
 * The institutions a user is linked to (leder) or assigned (konsulent), as a checklist with a search
 * box: 40 institutions do not fit a select, and a leder of a district has several.
 */
export function InstitutionChecklist({
  institutions,
  value,
  onChange,
  legend,
  error,
  errorId,
}: {
  institutions: readonly Institution[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  legend: string;
  error?: string | undefined;
  errorId: string;
}) {
  const { t } = useTranslation('admin');
  const searchId = useId();
  const [query, setQuery] = useState('');
  const sorted = useMemo(() => [...institutions].sort((a, b) => collator.compare(a.name, b.name)), [institutions]);
  const q = query.trim().toLocaleLowerCase('da');
  const shown = q ? sorted.filter((i) => `${i.name} ${i.id} ${i.district ?? ''}`.toLocaleLowerCase('da').includes(q)) : sorted;
  const chosen = new Set(value);
  const unknown = value.filter((id) => !institutions.some((i) => i.id === id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));

  return (
    <fieldset className={`field checklist${error ? ' has-error' : ''}`} aria-describedby={errorId}>
      <legend>{legend}</legend>
      <div className="checklist-head">
        <label htmlFor={searchId} className="visually-hidden">
          {t('checklist.search')}
        </label>
        <input id={searchId} type="search" placeholder={t('checklist.placeholder')} value={query} onChange={(e) => setQuery(e.target.value)} />
        <span className="muted" aria-live="polite">
          {q ? t('checklist.chosenShown', { chosen: value.length, shown: shown.length }) : t('checklist.chosen', { chosen: value.length })}
        </span>
        {value.length > 0 && (
          <button type="button" className="link" onClick={() => onChange([])}>
            {t('checklist.none')}
          </button>
        )}
      </div>
      <ul className="checklist-items" role="list">
        {shown.map((i) => {
          const id = `${searchId}-${i.id}`;
          return (
            <li key={i.id}>
              <input id={id} type="checkbox" checked={chosen.has(i.id)} onChange={(e) => toggle(i.id, e.target.checked)} />
              <label htmlFor={id}>
                {i.name} <span className="muted">({i.id}{i.district ? ` · ${i.district}` : ''})</span>
              </label>
            </li>
          );
        })}
        {shown.length === 0 && <li className="muted">{t('checklist.noMatch', { query })}</li>}
      </ul>
      {unknown.length > 0 && <p className="field-warning">{t('checklist.unknown', { ids: unknown.join(', ') })}</p>}
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
