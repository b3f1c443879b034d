import { useLiveQuery } from 'dexie-react-hooks';
import { useDatabase } from '../../state/context';
import { getSession } from '../../sync/session';
import { getSyncEngine, pullProgressText, useSyncState } from '../../sync/syncEngine';

/** The header's one-glance answer to "is my work on the server?". */
export function SyncIndicator() {
  const db = useDatabase();
  const state = useSyncState(getSyncEngine(db));
  const info = useLiveQuery(async () => ({ pending: await db.outbox.count(), conflicts: await db.conflicts.count(), session: await getSession(db) }), [db]);
  if (!info) return null;
  const parts: string[] = [];
  if (!info.session) parts.push('Kun lokalt');
  else if (state.status === 'syncing') parts.push(state.progress?.received ? pullProgressText(state.progress) : 'Synkroniserer…');
  else if (state.status === 'error') parts.push(state.error?.kind === 'offline' ? 'Offline' : 'Sync-fejl');
  else if (state.lastSuccessAt) parts.push(`Synkroniseret ${new Date(state.lastSuccessAt).toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit' })}`);
  if (info.pending) parts.push(`${info.pending} ikke sendt`);
  if (info.conflicts) parts.push(`${info.conflicts} konflikt${info.conflicts > 1 ? 'er' : ''}`);
  return (
    <a href="#/synkronisering" className={`sync-indicator${info.conflicts || state.status === 'error' ? ' attention' : ''}`} data-testid="sync-indicator">
      {parts.join(' · ')}
    </a>
  );
}
