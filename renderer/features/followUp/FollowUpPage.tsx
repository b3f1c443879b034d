import { useLiveQuery } from 'dexie-react-hooks';
import { todayIso } from '../../../shared/dates';
import { formatOpenedAgo, openFollowUpsByAge } from '../../../shared/followUp';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { useActor } from '../../state/useActor';
import { listFollowUps } from '../../db/followUpRepository';
import { FollowUpList } from './FollowUpList';
import { countOf } from '../../../shared/plural';
import { ScrollBox } from '../dashboard/ScrollBox';

/** Open anbefalinger by age and institution, from the local data (works offline). */
export function FollowUpPage() {
  const db = useDatabase();
  const actor = useActor();
  const today = todayIso();
  const data = useLiveQuery(async () => {
    const [items, institutions] = await Promise.all([listFollowUps(db), db.institutions.toArray()]);
    return { board: openFollowUpsByAge(items, today), names: new Map(institutions.map((i) => [i.id, i.name])) };
  }, [db, today]);

  if (data === undefined) return <p>Henter opfølgningen…</p>;
  const { board, names } = data;
  const isLeder = actor?.role === 'leder';

  return (
    <section className="followup-page">
      <h1>Opfølgning på anbefalinger</h1>
      <p className="lead">
        Anbefalinger fra endelige rapporter, der stadig er åbne eller i gang: {board.total} i alt
        {board.overdue > 0 ? `, heraf ${board.overdue} med overskredet frist` : ''}. Ældste først.
        {isLeder ? ' Opdater status, ansvarlig, frist og noter; ændringerne sendes til konsulenten, når du synkroniserer.' : ''}
      </p>
      {board.total > 0 && (
        <ScrollBox label="Tabel: åbne punkter efter alder">
        <table className="data-table compact followup-buckets">
          <caption>Åbne anbefalinger efter alder (n = {board.total})</caption>
          <thead>
            <tr>
              {board.buckets.map((b) => (
                <th scope="col" key={b.id} className="num">
                  {b.label}
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
        <p>Der er ingen åbne anbefalinger på denne computer.</p>
      ) : (
        board.institutions.map((group) => (
          <section key={group.institutionId} className="followup-group" aria-labelledby={`fu-${group.institutionId}`}>
            <h2 id={`fu-${group.institutionId}`}>
              <a href={href({ name: 'institution', id: group.institutionId })}>{names.get(group.institutionId) ?? group.institutionId}</a>{' '}
              <span className="count">
                ({countOf(group.items.length, 'åbent punkt', 'åbne punkter')}, ældste {formatOpenedAgo(group.oldestDays).toLowerCase()})
              </span>
            </h2>
            <FollowUpList items={group.items.map((o) => o.item)} editable={isLeder} today={today} />
          </section>
        ))
      )}
    </section>
  );
}
