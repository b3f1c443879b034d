import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../ui/FieldError';

/*
 * The shape the three admin sections share: a heading (with its "Ny …" button while the list is
 * shown), an introduction, the open form above the list, a search, and the list as a table. Each
 * section brings its own columns, rows and forms.
 */

export type ListMode = { kind: 'list' } | { kind: 'create' } | { kind: 'edit'; id: string };

/** Which form, if any, is open above the list. */
export function useListMode() {
  const [mode, setMode] = useState<ListMode>({ kind: 'list' });
  return {
    mode,
    editingId: mode.kind === 'edit' ? mode.id : undefined,
    showList: () => setMode({ kind: 'list' }),
    create: () => setMode({ kind: 'create' }),
    edit: (id: string) => setMode({ kind: 'edit', id }),
  };
}

export interface AdminSearch {
  label: string;
  placeholder: string;
  query: string;
  onQuery: (q: string) => void;
  /** "12 af 40" beside the search (read out when it changes). */
  count?: { shown: number; total: number };
}

export interface AdminColumn {
  label: string;
  num?: boolean;
  /** Read by screen readers only (the actions column). */
  hidden?: boolean;
}

export function AdminList({
  id,
  title,
  loading,
  error,
  newButton,
  intro,
  form,
  search,
  table,
  empty,
  after,
}: {
  /** Prefix of the heading's id: the section is labelled by `${id}-title`. */
  id: string;
  title: string;
  /** While the list is fetched: "Henter brugere…". */
  loading: string | null;
  error: Error | null;
  /** The "Ny …" button, shown while no form is open. */
  newButton?: { label: string; shown: boolean; onClick: () => void };
  intro?: ReactNode;
  form?: ReactNode;
  search?: AdminSearch;
  table: { testId: string; caption: string; columns: readonly AdminColumn[]; rows: ReactNode };
  /** Shown under the table when the search matches nothing. */
  empty?: ReactNode;
  after?: ReactNode;
}) {
  const { t } = useTranslation('admin');
  const searchId = useId();
  if (error)
    return (
      <p className="error" role="alert">
        {error.message}
      </p>
    );
  if (loading) return <p>{loading}</p>;

  const heading = <h2 id={`${id}-title`}>{title}</h2>;
  return (
    <section aria-labelledby={`${id}-title`}>
      {newButton ? (
        <div className="page-title">
          {heading}
          {newButton.shown && (
            <button type="button" className="primary" onClick={newButton.onClick}>
              {newButton.label}
            </button>
          )}
        </div>
      ) : (
        heading
      )}
      {intro}
      {form}
      {search && (
        <div className="filters" role="search">
          <div className="field">
            <label htmlFor={searchId}>{search.label}</label>
            <input id={searchId} type="search" placeholder={search.placeholder} value={search.query} onChange={(e) => search.onQuery(e.target.value)} />
          </div>
          {search.count && (
            <p className="result-count" aria-live="polite">
              {t('list.shownOf', { shown: search.count.shown, total: search.count.total })}
            </p>
          )}
        </div>
      )}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={table.caption}>
        <table className="data-table admin-table" data-testid={table.testId}>
          <caption className="visually-hidden">{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                  {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{table.rows}</tbody>
        </table>
      </div>
      {empty}
      {after}
    </section>
  );
}

/** The end of every admin form: the server's refusal of the whole form, save, and (optionally) cancel. */
export function FormActions({
  error,
  saving,
  label,
  savingLabel,
  onCancel,
  extra,
}: {
  error: string | undefined;
  saving: boolean;
  label: string;
  savingLabel?: string;
  onCancel?: () => void;
  /** Another action beside save (Tilsynsramme's "Gem og gør gældende"). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FieldError message={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? (savingLabel ?? t('common:save.saving')) : label}
        </button>
        {extra}
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common:actions.cancel')}
          </button>
        )}
      </div>
    </>
  );
}
