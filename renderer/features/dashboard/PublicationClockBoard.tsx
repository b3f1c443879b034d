import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../shared/dashboard';
import { standingPublications } from '../../../shared/publicationWithdrawal';
import { DEFAULT_WARNING_DAYS, clockNeedsAttention, publicationClocks } from '../../../shared/publicationClock';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { ScrollBox } from './ScrollBox';
import { useFirstRows } from './ShowAll';
import { formatLongDate } from '../../../shared/dates';

const WARNING_KEY = 'publicationWarningDays';

/**
 * The two-year clock of § 5 stk. 3: every unit in the selection whose latest published report is
 * older than 24 months, or will be within the warning period (set here, kept on this computer).
 */
export function PublicationClockBoard({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const db = useDatabase();
  const headingId = useId();
  const warningId = useId();
  const data = useLiveQuery(async () => {
    const [publications, withdrawals, warning] = await Promise.all([db.publiceringer.toArray(), db.tilbagetraekninger.toArray(), db.meta.get(WARNING_KEY)]);
    // A withdrawn publication does not count: the clock runs from the previous one (shared/publicationWithdrawal.ts).
    return { publications: standingPublications(publications, withdrawals), warningDays: typeof warning?.value === 'number' ? warning.value : DEFAULT_WARNING_DAYS };
  }, [db]);
  const clocks = useMemo(
    () => (data ? publicationClocks(d.heatMap.map((r) => ({ institutionId: r.institutionId, name: r.name })), data.publications, d.coverage.today, data.warningDays) : []),
    [data, d.heatMap, d.coverage.today],
  );
  const attention = useMemo(() => clocks.filter(clockNeedsAttention), [clocks]);
  // The first rows only until asked: at 4,000 units without a publication this table alone was 24,000 elements.
  const { shown, toggle } = useFirstRows(attention, t('rows.units'));
  if (!data) return null;
  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId} data-testid="publication-clock">
      <h2 id={headingId}>{t('clock.title')}</h2>
      <div className="field inline-field">
        <label htmlFor={warningId}>{t('clock.warning')}</label>
        <input
          id={warningId}
          type="number"
          min={0}
          max={365}
          value={data.warningDays}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 0 && n <= 365) void db.meta.put({ key: WARNING_KEY, value: n });
          }}
        />
      </div>
      {attention.length === 0 ? (
        <p>{t('clock.allFine', { count: clocks.length })}</p>
      ) : (
        <ScrollBox label={t('clock.table')}>
        <table className="data-table dash-table">
          <caption>
            {t('clock.caption', { attention: attention.length, count: clocks.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('clock.unit')}</th>
              <th scope="col">{t('clock.status')}</th>
              <th scope="col">{t('clock.lastPublished')}</th>
              <th scope="col">{t('clock.due')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.institutionId} data-state={c.state}>
                <th scope="row">
                  <a href={href({ name: 'institution', id: c.institutionId })}>{c.name}</a>
                </th>
                <td>
                  {t(`clock.state.${c.state}`)}
                  {c.state === 'snart' && c.daysLeft !== null ? t('clock.daysLeft', { count: c.daysLeft }) : ''}
                  {c.state === 'overskredet' && c.daysLeft !== null ? t('clock.daysOver', { count: -c.daysLeft }) : ''}
                </td>
                <td>{c.lastPublishedOn ? formatLongDate(c.lastPublishedOn) : '–'}</td>
                <td>{c.dueDate ? formatLongDate(c.dueDate) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </ScrollBox>
      )}
      {toggle}
    </section>
  );
}
