import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { InstitutionFilterFields } from '../../ui/InstitutionFilterFields';
import { useDatabase } from '../../state/context';
import { loadDemoData } from '../../db/demoRepository';
import { listInstitutions, type InstitutionRow } from '../../db/institutionRepository';
import { InstitutionTable } from './InstitutionTable';
import { countOf } from '../../../shared/plural';

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

  if (rows === undefined) return <p>Henter institutioner…</p>;

  if (rows.length === 0)
    return (
      <section className="empty-state">
        <h1>Institutioner</h1>
        <p>Der er ingen institutioner på denne computer endnu.</p>
        <p>
          Institutionerne hentes fra kommunens server, når synkronisering er sat op. Vil du prøve appen af, kan du indlæse
          demodata: 40 opdigtede institutioner med tilsyn fra 2019 til 2025.
        </p>
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
          {loading ? 'Indlæser…' : 'Indlæs demodata'}
        </button>
      </section>
    );

  const set = (patch: Partial<ListFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section>
      <h1>Institutioner</h1>
      <p className="lead">
        {countOf(rows.length, 'institution', 'institutioner')} · <strong>{dueCount}</strong> mangler tilsyn (intet endeligt tilsyn de seneste 24 måneder)
      </p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.search}>Søg</label>
          <input id={ids.search} type="search" placeholder="Navn eller id" value={filters.search} onChange={(e) => set({ search: e.target.value })} />
        </div>
        <InstitutionFilterFields values={filters} districts={districts} onChange={set} />
        <div className="field checkbox">
          <input id={ids.due} type="checkbox" checked={filters.dueOnly} onChange={(e) => set({ dueOnly: e.target.checked })} />
          <label htmlFor={ids.due}>Kun dem, der mangler tilsyn</label>
        </div>
      </form>
      <p aria-live="polite" className="result-count">
        Viser {visible.length} af {rows.length}
      </p>
      <InstitutionTable rows={visible} />
      {visible.length === 0 && <p>Ingen institutioner passer til filtrene.</p>}
    </section>
  );
}
