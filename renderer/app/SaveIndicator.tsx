import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/dates';
import { useSaveStatus } from '../state/saveStatus';

export function SaveIndicator() {
  const { t } = useTranslation();
  const s = useSaveStatus();
  const text =
    s.kind === 'saving'
      ? t('save.saving')
      : s.kind === 'saved'
        ? t('save.savedAt', { time: formatDateTime(s.at, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) })
        : s.kind === 'error'
          ? t('save.failed', { message: s.message })
          : t('save.allSaved');
  return (
    <span className={`save-indicator save-${s.kind}`} role="status" aria-live="polite" data-testid="save-status">
      {text}
    </span>
  );
}
