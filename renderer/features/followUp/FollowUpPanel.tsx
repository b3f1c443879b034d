import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { todayIso } from '../../../shared/dates';
import { isOpenFollowUp } from '../../../shared/followUp';
import { useDatabase } from '../../state/context';
import { listFollowUps } from '../../db/followUpRepository';
import { FollowUpList } from './FollowUpList';

/**
 * The institution's open anbefalinger from earlier reports, for the consultant starting or working
 * on its next inspection. Read from the local database, so it is there offline after a sync.
 */
export function FollowUpPanel({ institutionId, excludeInspectionId }: { institutionId: string; excludeInspectionId?: string }) {
  const { t } = useTranslation('followUp');
  const db = useDatabase();
  const items = useLiveQuery(
    async () => (await listFollowUps(db, institutionId)).filter((i) => isOpenFollowUp(i) && i.inspectionId !== excludeInspectionId),
    [db, institutionId, excludeInspectionId],
  );
  if (!items || items.length === 0) return null;
  return (
    <details className="followup-panel" open data-testid="followup-panel">
      <summary>
        <strong>{t('panelTitle', { count: items.length })}</strong>
      </summary>
      <p className="hint">{t('panelHint')}</p>
      <FollowUpList items={items} editable={false} today={todayIso()} headingLevel={4} />
    </details>
  );
}
