import { useLiveQuery } from 'dexie-react-hooks';
import type { Inspection } from '../../../shared/inspection';
import { rammeInForce, rammeLabel } from '../../../shared/tilsynsramme';
import { useDatabase } from '../../state/context';
import { useTranslation } from 'react-i18next';

/**
 * The tilsynsramme the inspection was carried out under (R1.1). The server stamps it; until this
 * device has the server's copy, the version in force on the date in the local copy is shown as
 * foreløbig.
 */
export function RammeLine({ inspection }: { inspection: Pick<Inspection, 'tilsynsrammeId' | 'date'> }) {
  const { t } = useTranslation('inspection');
  const db = useDatabase();
  const rammer = useLiveQuery(() => db.tilsynsrammer.toArray(), [db]);
  if (!rammer) return null;
  const stamped = inspection.tilsynsrammeId ? rammer.find((r) => r.id === inspection.tilsynsrammeId) : undefined;
  const local = inspection.tilsynsrammeId === undefined ? rammeInForce(rammer, inspection.date) : null;
  const text = stamped
    ? rammeLabel(stamped)
    : local
      ? t('ramme.provisional', { label: rammeLabel(local) })
      : inspection.tilsynsrammeId
        ? t('ramme.notHere', { id: inspection.tilsynsrammeId })
        : t('ramme.none');
  return (
    <p className="muted" data-testid="inspection-ramme">
      {t('ramme.line', { text })}
    </p>
  );
}
