import { useId } from 'react';
import { INSTITUTION_TYPES, INSTITUTION_TYPE_LABELS, OWNERSHIPS, OWNERSHIP_LABELS } from '../../shared/institution';

export interface InstitutionFilterValues {
  type: string;
  ownership: string;
  district: string;
}

/** The type, ownership and district selects that the institution list and the dashboard share. */
export function InstitutionFilterFields({ values, districts, onChange }: { values: InstitutionFilterValues; districts: readonly string[]; onChange: (patch: Partial<InstitutionFilterValues>) => void }) {
  const ids = { type: useId(), ownership: useId(), district: useId() };
  return (
    <>
      <div className="field">
        <label htmlFor={ids.type}>Type</label>
        <select id={ids.type} value={values.type} onChange={(e) => onChange({ type: e.target.value })}>
          <option value="">Alle typer</option>
          {INSTITUTION_TYPES.map((t) => (
            <option key={t} value={t}>
              {INSTITUTION_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.ownership}>Ejerform</label>
        <select id={ids.ownership} value={values.ownership} onChange={(e) => onChange({ ownership: e.target.value })}>
          <option value="">Alle ejerformer</option>
          {OWNERSHIPS.map((o) => (
            <option key={o} value={o}>
              {OWNERSHIP_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.district}>Distrikt</label>
        <select id={ids.district} value={values.district} onChange={(e) => onChange({ district: e.target.value })}>
          <option value="">Alle distrikter</option>
          {districts.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
