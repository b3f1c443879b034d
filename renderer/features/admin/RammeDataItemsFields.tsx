import { useTranslation } from 'react-i18next';
import { useFieldArray, type Control, type FieldErrors, type FieldValues, type UseFormRegister } from 'react-hook-form';
import { RAMME_DATA_SOURCES, SUGGESTED_DATA_ITEMS, type RammeDataItem } from '../../../shared/rammeData';
import { uuidv7 } from '../../../shared/ids';
import type { Tilsynsramme } from '../../../shared/tilsynsramme';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';

/** The part of the ramme form these fields need (TilsynsrammeSection's form values). */
interface WithDataItems {
  dataItems: RammeDataItem[];
}

const newDataItem = (item: Omit<RammeDataItem, 'id'>): RammeDataItem => ({ ...item, id: `data-${uuidv7()}` });

/**
 * The data the ramme names (§ 5 a stk. 4; shared/rammeData.ts), item by item: label, where it is
 * found (in the app or outside it), and an optional note. "Ny version" keeps the items' ids.
 */
export function RammeDataItemsFields<T extends FieldValues>({ idPrefix, control, register, errors }: { idPrefix: string; control: Control<T>; register: UseFormRegister<T>; errors: FieldErrors<T> }) {
  const { t } = useTranslation('besoeg2');
  // The generic form narrowed to its dataItems: react-hook-form's path types do not follow a type parameter.
  const c = control as unknown as Control<WithDataItems>;
  const reg = register as unknown as UseFormRegister<WithDataItems>;
  const errs = (errors as unknown as FieldErrors<WithDataItems>).dataItems;
  const items = useFieldArray({ control: c, name: 'dataItems', keyName: 'key' });
  return (
    <fieldset className="admin-fieldset ramme-data" aria-describedby={`${idPrefix}-data-hint`}>
      <legend>{t('rammeForm.legend')}</legend>
      <p className="hint" id={`${idPrefix}-data-hint`}>
        {t('rammeForm.hint')}
      </p>
      {items.fields.length === 0 && <p>{t('rammeForm.none')}</p>}
      <ol className="plain-list">
        {items.fields.map((f, i) => (
          <li key={f.key} className="ramme-data-item">
            <div className="admin-grid">
              <TextField id={`${idPrefix}-data-${i}-label`} label={t('rammeForm.label', { n: i + 1 })} autoComplete="off" error={errs?.[i]?.label?.message} {...reg(`dataItems.${i}.label`)} />
              <div className="field">
                <label htmlFor={`${idPrefix}-data-${i}-source`}>{t('rammeForm.source')}</label>
                <select id={`${idPrefix}-data-${i}-source`} {...reg(`dataItems.${i}.source`)}>
                  {RAMME_DATA_SOURCES.map((src) => (
                    <option key={src} value={src}>
                      {t(`source.${src}`)}
                    </option>
                  ))}
                </select>
              </div>
              <TextField id={`${idPrefix}-data-${i}-note`} label={t('rammeForm.note')} autoComplete="off" error={errs?.[i]?.note?.message} {...reg(`dataItems.${i}.note`)} />
            </div>
            <button type="button" className="link" onClick={() => items.remove(i)} aria-label={t('rammeForm.remove', { n: i + 1 })}>
              {t('rammeForm.removeShort')}
            </button>
          </li>
        ))}
      </ol>
      <FieldError message={errs?.message ?? errs?.root?.message} />
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => items.append(newDataItem({ label: '', source: 'ekstern', note: '' }))}>
          {t('rammeForm.add')}
        </button>
        {items.fields.length === 0 && (
          <button type="button" className="secondary" onClick={() => items.append(SUGGESTED_DATA_ITEMS.map((s) => newDataItem({ label: t(`suggested.${s.key}` as 'suggested.sprog'), source: s.source, note: '' })))}>
            {t('rammeForm.addSuggested')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** A gældende version's data items, read-only. */
export function RammeDataItemsView({ version, headingId }: { version: Pick<Tilsynsramme, 'dataItems'>; headingId: string }) {
  const { t } = useTranslation('besoeg2');
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>{t('rammeForm.viewHeading')}</h4>
      {version.dataItems.length === 0 ? (
        <p>{t('rammeForm.viewNone')}</p>
      ) : (
        <ul>
          {version.dataItems.map((d) => (
            <li key={d.id}>
              {d.label} ({t(`source.${d.source}`)}){d.note ? `: ${d.note}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
