import { useId } from 'react';
import { translate } from '../../../shared/i18n/i18n';
import { DUE_SOON_MONTHS, type CoverageRow, type Dashboard } from '../../../shared/dashboard';
import { DUE_AFTER_MONTHS } from '../../../shared/coverage';
import { formatDanishDate } from '../../../shared/dates';
import { href } from '../../state/router';
import { FigureMeta } from './FigureMeta';
import { ScrollBox } from './ScrollBox';
import { useFirstRows } from './ShowAll';
import { countOf } from '../../../shared/plural';

const date = (iso: string | null, none: string) => (iso ? formatDanishDate(iso) : none);

function CoverageTable({ rows, caption, testId }: { rows: CoverageRow[]; caption: string; testId: string }) {
  const { shown, toggle } = useFirstRows(rows, translate('dashboard:rows.institutions'));
  return (
    <>
      <ScrollBox label={`Tabel: ${caption}`}>
      <table className="data-table dash-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Institution</th>
            <th scope="col">Distrikt</th>
            <th scope="col">Seneste endelige tilsyn</th>
            <th scope="col">Dækket til</th>
            <th scope="col">Planlagt besøg</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.institutionId}>
              <th scope="row">
                <a href={href({ name: 'institution', id: r.institutionId })}>{r.name}</a>
              </th>
              <td>{r.district ?? '–'}</td>
              <td>{date(r.lastFinalDate, 'Aldrig')}</td>
              <td>{date(r.coveredUntil, '–')}</td>
              <td>{r.plannedDate ? formatDanishDate(r.plannedDate) : <span className="badge badge-due">Ikke planlagt</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollBox>
      {toggle}
    </>
  );
}

/** Who is due or overdue under the 24-month rule, and which visits are planned. */
export function CoverageSection({ d }: { d: Dashboard }) {
  const headingId = useId();
  const { overdue, dueSoon, planned, covered, today } = d.coverage;
  const plannedRows = useFirstRows(planned, translate('dashboard:rows.plannedVisits'));
  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>Dækning og planlagte besøg</h2>
      <p className="dash-coverage-summary">
        <strong>{covered}</strong> af {countOf(d.institutionCount, 'institution', 'institutioner')} har haft endeligt tilsyn inden for {DUE_AFTER_MONTHS} måneder ·{' '}
        <strong>{overdue.length}</strong> mangler tilsyn · <strong>{dueSoon.length}</strong> skal have tilsyn inden for {DUE_SOON_MONTHS} måneder ·{' '}
        <strong>{planned.length}</strong> planlagte besøg
      </p>
      <div className="dash-coverage">
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Tilsyn, der mangler eller er planlagt">
          {overdue.length ? (
            <CoverageTable rows={overdue} testId="overdue" caption={`Mangler tilsyn: intet endeligt tilsyn de seneste ${DUE_AFTER_MONTHS} måneder (${overdue.length})`} />
          ) : (
            <p>Alle institutioner i udsnittet har haft endeligt tilsyn inden for {DUE_AFTER_MONTHS} måneder.</p>
          )}
          {dueSoon.length > 0 && (
            <CoverageTable rows={dueSoon} testId="due-soon" caption={`Skal have tilsyn inden for ${DUE_SOON_MONTHS} måneder (${dueSoon.length})`} />
          )}
        </div>
        <ScrollBox label="Tabel: planlagte besøg">
          <table className="data-table dash-table" data-testid="planned">
            <caption>Planlagte besøg ({planned.length})</caption>
            <thead>
              <tr>
                <th scope="col">Dato</th>
                <th scope="col">Institution</th>
                <th scope="col">Tilsynsform</th>
              </tr>
            </thead>
            <tbody>
              {plannedRows.shown.map((p) => (
                <tr key={p.inspectionId}>
                  <td>
                    <a href={href({ name: 'inspection', id: p.inspectionId })}>{formatDanishDate(p.date)}</a>
                  </td>
                  <th scope="row">{p.name}</th>
                  <td>
                    {p.visitType === 'anmeldt' ? 'Anmeldt' : 'Uanmeldt'}
                    {p.kind === 'skaerpet' ? ', skærpet' : ''}
                  </td>
                </tr>
              ))}
              {planned.length === 0 && (
                <tr>
                  <td colSpan={3}>Ingen planlagte besøg.</td>
                </tr>
              )}
            </tbody>
          </table>
          {plannedRows.toggle}
        </ScrollBox>
      </div>
      <FigureMeta updatedAt={d.updatedAt} n={countOf(d.institutionCount, 'institution', 'institutioner')} extra={`dækning opgjort pr. ${formatDanishDate(today)}`} />
    </section>
  );
}

/** The coverage figures in one small card beside the goals. */
export function CoverageSummaryCard({ d }: { d: Dashboard }) {
  const { overdue, dueSoon, planned, covered } = d.coverage;
  return (
    <section className="dash-card dash-kpi" aria-labelledby="coverage-kpi" data-testid="coverage-kpi">
      <p className="dash-kicker">Dækning · {DUE_AFTER_MONTHS}-månedersreglen</p>
      <h2 id="coverage-kpi" className="dash-goal-title">
        {covered} af {countOf(d.institutionCount, 'institution', 'institutioner')} har haft tilsyn inden for {DUE_AFTER_MONTHS} måneder
      </h2>
      <dl className="dash-goal-facts">
        <div>
          <dt>Mangler tilsyn</dt>
          <dd>{overdue.length}</dd>
        </div>
        <div>
          <dt>Inden for {DUE_SOON_MONTHS} mdr.</dt>
          <dd>{dueSoon.length}</dd>
        </div>
        <div>
          <dt>Planlagte besøg</dt>
          <dd>{planned.length}</dd>
        </div>
      </dl>
      <p className="dash-goal-reason">Listen over institutioner, der mangler tilsyn, står nederst på siden.</p>
      <FigureMeta updatedAt={d.updatedAt} n={countOf(d.institutionCount, 'institution', 'institutioner')} extra={`pr. ${formatDanishDate(d.coverage.today)}`} />
    </section>
  );
}
