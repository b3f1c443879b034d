import { useTranslation } from 'react-i18next';
import { DUE_AFTER_MONTHS } from '../../../shared/coverage';
import { formatDateTime } from '../../../shared/dates';
import type { CachedOverview } from '../../sync/overview';

/**
 * Says that the coverage and the heat map below are the server's (GET /api/stats/overview, cached
 * after each sync), as of when, with the municipality's counts. Shown to a konsulent, whose own copy
 * may not hold every record.
 */
export function ServerOverviewNote({ cached, yearsChosen }: { cached: CachedOverview; yearsChosen: boolean }) {
  const { t } = useTranslation('dashboard');
  const m = cached.overview.municipal;
  return (
    <section className="card" aria-labelledby="server-overview-title" data-testid="server-overview">
      <h2 id="server-overview-title">{t('serverOverview.title')}</h2>
      <p data-testid="server-overview-asof">{t('serverOverview.asOf', { time: formatDateTime(cached.overview.generatedAt, { dateStyle: 'long', timeStyle: 'short' }) })}</p>
      <p data-testid="server-overview-municipal">{t('serverOverview.municipal', { count: m.institutions, covered: m.covered, overdue: m.overdue, dueSoon: m.dueSoon, months: DUE_AFTER_MONTHS })}</p>
      <p className="hint">{t('serverOverview.scope')}</p>
      {yearsChosen && <p className="hint">{t('serverOverview.allYears')}</p>}
    </section>
  );
}
