import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getPlatform } from '../platform/bridge';
import { persistenceWarning, usePersistenceStatus } from '../state/storagePersistence';

/** Visible on every page, not only in the console: data the browser may delete is the user's unsent work. No live region: it is there from the start, not news. */
export function StorageWarning() {
  const { t } = useTranslation();
  const status = usePersistenceStatus();
  const [closed, setClosed] = useState(false);
  const text = persistenceWarning(status, getPlatform().kind);
  if (!text || closed) return null;
  return (
    <div className="notice storage-warning" data-testid="storage-warning">
      <strong>{t('storage.title')}</strong> {text}{' '}
      <button type="button" onClick={() => setClosed(true)}>
        {t('actions.close')}
      </button>
    </div>
  );
}
