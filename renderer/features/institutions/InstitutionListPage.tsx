import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { formatDanishDate } from '../../../shared/dates';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS } from '../../../shared/institution';
import { InstitutionFilterFields } from '../../ui/InstitutionFilterFields';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { loadDemoData } from '../../db/demoRepository';
import { listInstitutions, type InstitutionRow } from '../../db/institutionRepository';

export function matchesFilters(row: InstitutionRow, f: { search: string; type: string; ownership: string; district: string; dueOnly: boolean }) {
  const q = f.search.trim().toLocaleLowerCase('da');
  if (q && !row.name.toLocaleLowerCase('da').includes(q) && !row.id.toLocaleLowerCase('da').includes(q)) return false;
  if (f.type && row.type !== f.type) return false;
  if (f.ownership && row.ownership !== f.ownership) return false;
  if (f.district && row.district !== f.district) return false;
  if (f.dueOnly && !row.coverage.due) return false;
  return true;
}

export function InstitutionListPage() {
  const db = useDatabase();
  const rows = useLiveQuery(() => listInstitutions(db), [db]);
  const [filters, setFilters] = useState({ search: '', type: '', ownership: '', district: '', dueOnly: false });
  const [loading, setLoading] = useState(false);
  const ids = { search: useId(), due: useId() };

  const districts = useMemo(() => [...new Set((rows ?? []).map((r) => r.district).filter(Boolean) as string[])].sort(), [rows]);
  const visible = useMemo(() => (rows ?? []).filter((r) => matchesFilters(r, filters)), [rows, filters]);
  const dueCount = (rows ?? []).filter((r) => r.coverage.due).length;

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

  const set = (patch: Partial<typeof filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section>
      <h1>Institutioner</h1>
      <p className="lead">
        {rows.length} institutioner · <strong>{dueCount}</strong> mangler tilsyn (intet endeligt tilsyn de seneste 24 måneder)
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
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Institution</th>
            <th scope="col">Type</th>
            <th scope="col">Ejerform</th>
            <th scope="col">Distrikt</th>
            <th scope="col">Seneste tilsyn</th>
            <th scope="col">Tilsyn</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={href({ name: 'institution', id: r.id })}>{r.name}</a>
              </td>
              <td>{INSTITUTION_TYPE_LABELS[r.type]}</td>
              <td>{OWNERSHIP_LABELS[r.ownership]}</td>
              <td>{r.district ?? '–'}</td>
              <td>{r.coverage.lastInspectionDate ? formatDanishDate(r.coverage.lastInspectionDate) : 'Aldrig'}</td>
              <td>{r.coverage.due ? <span className="badge badge-due">Skal have tilsyn</span> : <span className="badge badge-ok">Dækket</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {visible.length === 0 && <p>Ingen institutioner passer til filtrene.</p>}
    </section>
  );
}
