import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { todayIso } from '../../../shared/dates';
import { AGE_BUCKET_LABELS, formatOpenedAgo, openFollowUpsByAge } from '../../../shared/followUp';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { useActor } from '../../state/useActor';
import { listFollowUps } from '../../db/followUpRepository';
import { FollowUpList } from './FollowUpList';
import { ScrollBox } from '../dashboard/ScrollBox';

/** Open anbefalinger by age and institution, from the local data (works offline). */
export function FollowUpPage() {
  const { t } = useTranslation('followUp');
  const db = useDatabase();
  const actor = useActor();
  const today = todayIso();
  const data = useLiveQuery(async () => {
    const [items, institutions] = await Promise.all([listFollowUps(db), db.institutions.toArray()]);
    return { board: openFollowUpsByAge(items, today), names: new Map(institutions.map((i) => [i.id, i.name])) };
  }, [db, today]);

  if (data === undefined) return <p>{t('loading')}</p>;
  const { board, names } = data;
  const isLeder = actor?.role === 'leder';

  return (
    <section className="followup-page">
      <h1>{t('title')}</h1>
      <p className="lead">
        {board.overdue > 0 ? t('leadOverdue', { total: board.total, overdue: board.overdue }) : t('lead', { total: board.total })}
        {isLeder ? t('leadLeder') : ''}
      </p>
      {board.total > 0 && (
        <ScrollBox label={t('bucketsTable')}>
        <table className="data-table compact followup-buckets">
          <caption>{t('bucketsCaption', { total: board.total })}</caption>
          <thead>
            <tr>
              {board.buckets.map((b) => (
                <th scope="col" key={b.id} className="num">
                  {AGE_BUCKET_LABELS[b.id]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {board.buckets.map((b) => (
                <td key={b.id} className="num">
                  {b.count}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
        </ScrollBox>
      )}
      {board.institutions.length === 0 ? (
        <p>{t('noneOpen')}</p>
      ) : (
        board.institutions.map((group) => (
          <section key={group.institutionId} className="followup-group" aria-labelledby={`fu-${group.institutionId}`}>
            <h2 id={`fu-${group.institutionId}`}>
              <a href={href({ name: 'institution', id: group.institutionId })}>{names.get(group.institutionId) ?? group.institutionId}</a>{' '}
              <span className="count">
                {t('groupCount', { items: t('openItems', { count: group.items.length }), oldest: formatOpenedAgo(group.oldestDays).toLowerCase() })}
              </span>
            </h2>
            <FollowUpList items={group.items.map((o) => o.item)} editable={isLeder} today={today} />
          </section>
        ))
      )}
    </section>
  );
}
