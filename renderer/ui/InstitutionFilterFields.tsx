import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { INSTITUTION_TYPES, INSTITUTION_TYPE_LABELS, OWNERSHIPS, OWNERSHIP_LABELS } from '../../shared/institution';

export interface InstitutionFilterValues {
  type: string;
  ownership: string;
  district: string;
}

/** The type, ownership and district selects that the institution list and the dashboard share. */
export function InstitutionFilterFields({ values, districts, onChange }: { values: InstitutionFilterValues; districts: readonly string[]; onChange: (patch: Partial<InstitutionFilterValues>) => void }) {
  const { t } = useTranslation('institutions');
  const ids = { type: useId(), ownership: useId(), district: useId() };
  return (
    <>
      <div className="field">
        <label htmlFor={ids.type}>{t('fields.type')}</label>
        <select id={ids.type} value={values.type} onChange={(e) => onChange({ type: e.target.value })}>
          <option value="">{t('filters.allTypes')}</option>
          {INSTITUTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {INSTITUTION_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.ownership}>{t('fields.ownership')}</label>
        <select id={ids.ownership} value={values.ownership} onChange={(e) => onChange({ ownership: e.target.value })}>
          <option value="">{t('filters.allOwnerships')}</option>
          {OWNERSHIPS.map((o) => (
            <option key={o} value={o}>
              {OWNERSHIP_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.district}>{t('fields.district')}</label>
        <select id={ids.district} value={values.district} onChange={(e) => onChange({ district: e.target.value })}>
          <option value="">{t('filters.allDistricts')}</option>
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
