import { useTranslation } from 'react-i18next';
import { translate } from '../../../shared/i18n/i18n';
import { formatLongDate } from '../../../shared/dates';

/** The local calendar date of an ISO timestamp in the app's language ("26. november 2025"). */
export function formatUpdated(updatedAt: string | null): string {
  if (!updatedAt) return translate('dashboard:noData');
  return Number.isNaN(new Date(updatedAt).getTime()) ? updatedAt : formatLongDate(updatedAt);
}

/** Every figure says when its data was last changed and how many it is based on. */
export function FigureMeta({ updatedAt, n, extra }: { updatedAt: string | null; n: string; extra?: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <p className="dash-meta">
      {t('meta', { date: formatUpdated(updatedAt), n })}
      {extra ? ` · ${extra}` : ''}
    </p>
  );
}
