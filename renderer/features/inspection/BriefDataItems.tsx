import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BriefDataItem, OnDevice, RammeDataSource } from '../../../shared/rammeData';
import { useDatabase } from '../../state/context';
import { saveStatus } from '../../state/saveStatus';
import { setPreparedData } from '../../db/visitRepository';
import { ValidationError } from '../../db/validation';
import { FieldError } from '../../ui/FieldError';

/**
 * The data the tilsynsramme names (§ 5 a stk. 4, R1.9) in the pre-visit brief: each item with what
 * this device holds for it, or "ikke tilgængelig offline", and a tick for "var der". The ticks are
 * saved on the inspection at once; finalising records the answer for every item.
 */
export function BriefDataItems({ inspectionId, ramme, items, ticked, disabled }: { inspectionId: string; ramme: string | null; items: readonly BriefDataItem[]; ticked: readonly string[]; disabled: boolean }) {
  const { t } = useTranslation('besoeg2');
  const db = useDatabase();
  const [error, setError] = useState<string | undefined>();
  // Shown at once; the saved list (from the database) takes over when it arrives.
  const [shown, setShown] = useState<readonly string[]>(ticked);
  useEffect(() => setShown(ticked), [ticked]);
  if (!ramme) return <p>{t('brief.noRamme')}</p>;
  if (items.length === 0) return <p>{t('brief.noItems', { ramme })}</p>;
  const onDevice = (source: RammeDataSource, has: OnDevice) => {
    if (!has) return t('brief.notOffline');
    if (has.kind === 'count') return t(`brief.count.${source as 'rapporter' | 'opfoelgning' | 'skaerpet'}`, { count: has.n });
    return t('brief.keyFigures', { places: has.places, young: has.children0to2, old: has.children3to5, type: t(`brief.type.${has.type}`), unit: t(`brief.unit.${has.unitType}`) });
  };
  const toggle = async (id: string, on: boolean) => {
    setError(undefined);
    const next = on ? [...shown, id] : shown.filter((x) => x !== id);
    setShown(next);
    try {
      await saveStatus.track(setPreparedData(db, inspectionId, next));
    } catch (e) {
      setShown(ticked);
      if (!(e instanceof ValidationError)) throw e;
      setError(Object.values(e.fieldErrors).join(' '));
    }
  };
  return (
    <fieldset className="brief-data" aria-describedby="brief-data-hint brief-data-error">
      <legend>{t('brief.legend')}</legend>
      <p className="hint" id="brief-data-hint">
        {t('brief.hint', { ramme })}
      </p>
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.id}>
            <label className="inline">
              <input type="checkbox" checked={shown.includes(item.id)} disabled={disabled} onChange={(e) => void toggle(item.id, e.target.checked)} aria-describedby={`brief-data-${item.id}`} />{' '}
              {item.label}
            </label>
            <span className="hint" id={`brief-data-${item.id}`}>
              {' '}
              {onDevice(item.source, item.onDevice)} · {t(`source.${item.source}`)}
              {item.note ? ` · ${item.note}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <FieldError id="brief-data-error" message={error} />
    </fieldset>
  );
}
