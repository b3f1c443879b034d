import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../shared/dashboard';
import { AGE_BUCKET_LABELS, openFollowUpsByAge } from '../../../shared/followUp';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { listFollowUps } from '../../db/followUpRepository';
import { FigureMeta } from './FigureMeta';

/** The follow-up board: open anbefalinger in the current selection, by age and institution. */
export function FollowUpBoard({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const db = useDatabase();
  const headingId = useId();
  const items = useLiveQuery(() => listFollowUps(db), [db]);
  if (!items) return null;
  const inSelection = new Map(d.heatMap.map((r) => [r.institutionId, r.name]));
  const board = openFollowUpsByAge(items.filter((i) => inSelection.has(i.institutionId)), d.coverage.today);
  // Fresh as the newest follow-up change, or as the dashboard's data when there are none yet.
  const updatedAt = items.reduce<string | null>((m, i) => (!m || i.updatedAt > m ? i.updatedAt : m), d.updatedAt);
  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId} data-testid="follow-up-board">
      <h2 id={headingId}>{t('followUpBoard.title')}</h2>
      {board.total === 0 ? (
        <p>{t('followUpBoard.none')}</p>
      ) : (
        <>
          <p>
            <Trans t={t} i18nKey="followUpBoard.summary" values={{ total: board.total, overdue: board.overdue }} components={{ strong: <strong /> }} />
          </p>
          <table className="data-table dash-table">
            <caption>{t('followUpBoard.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('followUpBoard.institution')}</th>
                {board.buckets.map((b) => (
                  <th scope="col" className="num" key={b.id}>
                    {AGE_BUCKET_LABELS[b.id]}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('followUpBoard.overdue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {board.institutions.map((g) => (
                <tr key={g.institutionId}>
                  <th scope="row">
                    <a href={href({ name: 'institution', id: g.institutionId })}>{inSelection.get(g.institutionId) ?? g.institutionId}</a>
                  </th>
                  {board.buckets.map((b) => (
                    <td className="num" key={b.id}>
                      {g.byBucket[b.id] || '–'}
                    </td>
                  ))}
                  <td className="num">{g.overdue || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p>
        <a href={href({ name: 'followUps' })}>{t('followUpBoard.seeAll')}</a>
      </p>
      <FigureMeta updatedAt={updatedAt} n={t('followUpBoard.n', { count: board.total })} />
    </section>
  );
}
