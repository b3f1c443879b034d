import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/dates';
import { useDatabase } from '../../state/context';
import { getSession } from '../../sync/session';
import { getSyncEngine, pullProgressText, useSyncState } from '../../sync/syncEngine';

/** The header's one-glance answer to "is my work on the server?". */
export function SyncIndicator() {
  const { t } = useTranslation('sync');
  const db = useDatabase();
  const state = useSyncState(getSyncEngine(db));
  const info = useLiveQuery(async () => ({ pending: await db.outbox.count(), conflicts: await db.conflicts.count(), session: await getSession(db) }), [db]);
  if (!info) return null;
  const parts: string[] = [];
  if (!info.session) parts.push(t('indicator.localOnly'));
  else if (state.status === 'syncing') parts.push(state.progress?.received ? pullProgressText(state.progress) : t('state.syncing'));
  else if (state.status === 'error') parts.push(state.error?.kind === 'offline' ? t('indicator.offline') : t('indicator.failed'));
  else if (state.lastSuccessAt) parts.push(t('indicator.syncedAt', { time: formatDateTime(state.lastSuccessAt, { hour: '2-digit', minute: '2-digit' }) }));
  if (info.pending) parts.push(t('indicator.unsent', { count: info.pending }));
  if (info.conflicts) parts.push(t('indicator.conflicts', { count: info.conflicts }));
  return (
    <a href="#/synkronisering" className={`sync-indicator${info.conflicts || state.status === 'error' ? ' attention' : ''}`} data-testid="sync-indicator">
      {parts.join(' · ')}
    </a>
  );
}
