import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { InstitutionFilterFields } from '../../ui/InstitutionFilterFields';
import { useDatabase } from '../../state/context';
import { loadDemoData } from '../../db/demoRepository';
import { listInstitutions, type InstitutionRow } from '../../db/institutionRepository';
import { InstitutionTable } from './InstitutionTable';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';

interface ListFilters {
  search: string;
  type: string;
  ownership: string;
  district: string;
  dueOnly: boolean;
}

/** Name and id in lower case, made once per list rather than once per row per keystroke. */
const searchKey = (row: InstitutionRow) => `${row.name.toLocaleLowerCase('da')}\u0000${row.id.toLocaleLowerCase('da')}`;

function matchesFilters(row: InstitutionRow, key: string, q: string, f: ListFilters) {
  if (q && !key.includes(q)) return false;
  if (f.type && row.type !== f.type) return false;
  if (f.ownership && row.ownership !== f.ownership) return false;
  if (f.district && row.district !== f.district) return false;
  if (f.dueOnly && !row.coverage.due) return false;
  return true;
}

export function InstitutionListPage() {
  const { t } = useTranslation('institutions');
  const db = useDatabase();
  const rows = useLiveQuery(() => listInstitutions(db), [db]);
  const [filters, setFilters] = useState<ListFilters>({ search: '', type: '', ownership: '', district: '', dueOnly: false });
  const [loading, setLoading] = useState(false);
  const ids = { search: useId(), due: useId() };

  const districts = useMemo(() => [...new Set((rows ?? []).map((r) => r.district).filter(Boolean) as string[])].sort(), [rows]);
  const keys = useMemo(() => (rows ?? []).map(searchKey), [rows]);
  const visible = useMemo(() => {
    // The separator in a search key can never be typed, so a query never matches across name and id.
    const q = filters.search.trim().toLocaleLowerCase('da');
    return (rows ?? []).filter((r, k) => matchesFilters(r, keys[k]!, q, filters));
  }, [rows, keys, filters]);
  const dueCount = useMemo(() => (rows ?? []).filter((r) => r.coverage.due).length, [rows]);

  if (rows === undefined) return <p>{t('list.loading')}</p>;

  if (rows.length === 0)
    return (
      <section className="empty-state">
        <h1>{t('list.title')}</h1>
        <p>{t('list.empty')}</p>
        <p>{t('list.demoHint')}</p>
        <button
          type="button"
          className="primary"
          disabled={loading}
          onClick={async () => {
            setLoading(true);
            await loadDemoData(db);
            setLoading(false);
          }}
        >
          {loading ? t('list.demoLoading') : t('list.loadDemo')}
        </button>
      </section>
    );

  const set = (patch: Partial<ListFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section>
      <h1>{t('list.title')}</h1>
      <p className="lead">
        {t('common:count.institution', { count: rows.length, n: formatNumber(rows.length, { decimals: 0 }) })} · <strong>{formatNumber(dueCount, { decimals: 0 })}</strong> {t('list.due', { count: dueCount })}
      </p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.search}>{t('list.search')}</label>
          <input id={ids.search} type="search" placeholder={t('list.searchPlaceholder')} value={filters.search} onChange={(e) => set({ search: e.target.value })} />
        </div>
        <InstitutionFilterFields values={filters} districts={districts} onChange={set} />
        <div className="field checkbox">
          <input id={ids.due} type="checkbox" checked={filters.dueOnly} onChange={(e) => set({ dueOnly: e.target.checked })} />
          <label htmlFor={ids.due}>{t('list.dueOnly')}</label>
        </div>
      </form>
      <p aria-live="polite" className="result-count">
        {t('list.showing', { shown: formatNumber(visible.length, { decimals: 0 }), total: formatNumber(rows.length, { decimals: 0 }) })}
      </p>
      <InstitutionTable rows={visible} />
      {visible.length === 0 && <p>{t('list.noMatch')}</p>}
    </section>
  );
}
