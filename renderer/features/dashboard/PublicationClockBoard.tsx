import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo } from 'react';
import type { Dashboard } from '../../../shared/dashboard';
import { formatDanishDate } from '../../../shared/dates';
import { standingPublications } from '../../../shared/publicationWithdrawal';
import { DEFAULT_WARNING_DAYS, PUBLICATION_CLOCK_LABELS, clockNeedsAttention, publicationClocks } from '../../../shared/publicationClock';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { ScrollBox } from './ScrollBox';
import { useFirstRows } from './ShowAll';

const WARNING_KEY = 'publicationWarningDays';

/**
 * The two-year clock of § 5 stk. 3: every unit in the selection whose latest published report is
 * older than 24 months, or will be within the warning period (set here, kept on this computer).
 */
export function PublicationClockBoard({ d }: { d: Dashboard }) {
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
  const { shown, toggle } = useFirstRows(attention, 'enheder');
  if (!data) return null;
  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId} data-testid="publication-clock">
      <h2 id={headingId}>Offentliggørelse af tilsynsrapporter (hvert andet år)</h2>
      <div className="field inline-field">
        <label htmlFor={warningId}>Varsel før fristen (dage)</label>
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
        <p>Alle {clocks.length} enheder i udsnittet har en rapport offentliggjort inden for de seneste 24 måneder, og ingen frist falder inden for varslet.</p>
      ) : (
        <ScrollBox label="Tabel: offentliggørelsesfrister">
        <table className="data-table dash-table">
          <caption>
            {attention.length} af {clocks.length} enheder skal snart have, eller mangler, en offentliggjort rapport (nærmeste frist først)
          </caption>
          <thead>
            <tr>
              <th scope="col">Enhed</th>
              <th scope="col">Status</th>
              <th scope="col">Senest offentliggjort</th>
              <th scope="col">Sidste frist</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.institutionId} data-state={c.state}>
                <th scope="row">
                  <a href={href({ name: 'institution', id: c.institutionId })}>{c.name}</a>
                </th>
                <td>
                  {PUBLICATION_CLOCK_LABELS[c.state]}
                  {c.state === 'snart' && c.daysLeft !== null ? ` (${c.daysLeft} dage)` : ''}
                  {c.state === 'overskredet' && c.daysLeft !== null ? ` (${-c.daysLeft} dage over)` : ''}
                </td>
                <td>{c.lastPublishedOn ? formatDanishDate(c.lastPublishedOn) : '–'}</td>
                <td>{c.dueDate ? formatDanishDate(c.dueDate) : '–'}</td>
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
