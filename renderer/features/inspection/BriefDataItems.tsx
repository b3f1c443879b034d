import { useState } from 'react';
import { RAMME_DATA_SOURCE_LABELS, type BriefDataItem } from '../../../shared/rammeData';
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
  const db = useDatabase();
  const [error, setError] = useState<string | undefined>();
  if (!ramme) return <p>Der er ingen gældende tilsynsramme for besøgets dato på denne computer.</p>;
  if (items.length === 0) return <p>Tilsynsrammen ({ramme}) nævner ingen bestemte data.</p>;
  const toggle = async (id: string, on: boolean) => {
    setError(undefined);
    try {
      await saveStatus.track(setPreparedData(db, inspectionId, on ? [...ticked, id] : ticked.filter((x) => x !== id)));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      setError(Object.values(e.fieldErrors).join(' '));
    }
  };
  return (
    <fieldset className="brief-data" aria-describedby="brief-data-hint brief-data-error">
      <legend>Var der før besøget?</legend>
      <p className="hint" id="brief-data-hint">
        Fra {ramme}. Sæt flueben ved de data, du havde. Svaret gemmes med rapporten, når den gøres endelig.
      </p>
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.id}>
            <label className="inline">
              <input type="checkbox" checked={ticked.includes(item.id)} disabled={disabled} onChange={(e) => void toggle(item.id, e.target.checked)} aria-describedby={`brief-data-${item.id}`} />{' '}
              {item.label}
            </label>
            <span className="hint" id={`brief-data-${item.id}`}>
              {' '}
              {item.onDevice ?? 'Ikke tilgængelig offline'} · {RAMME_DATA_SOURCE_LABELS[item.source]}
              {item.note ? ` · ${item.note}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <FieldError id="brief-data-error" message={error} />
    </fieldset>
  );
}
