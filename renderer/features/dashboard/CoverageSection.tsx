import { useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CoverageRow, Dashboard } from '../../../shared/dashboard';
import { DUE_AFTER_MONTHS, DUE_SOON_MONTHS } from '../../../shared/coverage';
import { formatLongDate } from '../../../shared/dates';
import { href } from '../../state/router';
import { FigureMeta } from './FigureMeta';
import { ScrollBox } from './ScrollBox';
import { useFirstRows } from './ShowAll';

const date = (iso: string | null, none: string) => (iso ? formatLongDate(iso) : none);

function CoverageTable({ rows, caption, testId }: { rows: CoverageRow[]; caption: string; testId: string }) {
  const { t } = useTranslation('dashboard');
  const { shown, toggle } = useFirstRows(rows, t('rows.institutions'));
  return (
    <>
      <ScrollBox label={t('coverage.tableOf', { caption })}>
      <table className="data-table dash-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('heat.institution')}</th>
            <th scope="col">{t('coverage.district')}</th>
            <th scope="col">{t('coverage.lastFinal')}</th>
            <th scope="col">{t('coverage.coveredUntil')}</th>
            <th scope="col">{t('coverage.plannedVisit')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.institutionId}>
              <th scope="row">
                <a href={href({ name: 'institution', id: r.institutionId })}>{r.name}</a>
              </th>
              <td>{r.district ?? '–'}</td>
              <td>{date(r.lastFinalDate, t('coverage.never'))}</td>
              <td>{date(r.coveredUntil, '–')}</td>
              <td>{r.plannedDate ? formatLongDate(r.plannedDate) : <span className="badge badge-due">{t('coverage.notPlanned')}</span>}</td>
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
  const { t } = useTranslation('dashboard');
  const headingId = useId();
  const { overdue, dueSoon, planned, covered, today } = d.coverage;
  const plannedRows = useFirstRows(planned, t('rows.plannedVisits'));
  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('coverage.title')}</h2>
      <p className="dash-coverage-summary">
        <Trans
          t={t}
          i18nKey="coverage.summary"
          count={d.institutionCount}
          values={{ covered, months: DUE_AFTER_MONTHS, overdue: overdue.length, dueSoon: dueSoon.length, soonMonths: DUE_SOON_MONTHS, planned: planned.length }}
          components={{ strong: <strong /> }}
        />
      </p>
      <div className="dash-coverage">
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('coverage.region')}>
          {overdue.length ? (
            <CoverageTable rows={overdue} testId="overdue" caption={t('coverage.overdueCaption', { months: DUE_AFTER_MONTHS, n: overdue.length })} />
          ) : (
            <p>{t('coverage.allCovered', { months: DUE_AFTER_MONTHS })}</p>
          )}
          {dueSoon.length > 0 && (
            <CoverageTable rows={dueSoon} testId="due-soon" caption={t('coverage.dueSoonCaption', { months: DUE_SOON_MONTHS, n: dueSoon.length })} />
          )}
        </div>
        <ScrollBox label={t('coverage.plannedTable')}>
          <table className="data-table dash-table" data-testid="planned">
            <caption>{t('coverage.plannedCaption', { n: planned.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('coverage.date')}</th>
                <th scope="col">{t('heat.institution')}</th>
                <th scope="col">{t('coverage.form')}</th>
              </tr>
            </thead>
            <tbody>
              {plannedRows.shown.map((p) => (
                <tr key={p.inspectionId}>
                  <td>
                    <a href={href({ name: 'inspection', id: p.inspectionId })}>{formatLongDate(p.date)}</a>
                  </td>
                  <th scope="row">{p.name}</th>
                  <td>
                    {p.visitType === 'anmeldt' ? t('coverage.announced') : t('coverage.unannounced')}
                    {p.kind === 'skaerpet' ? t('coverage.skaerpet') : ''}
                  </td>
                </tr>
              ))}
              {planned.length === 0 && (
                <tr>
                  <td colSpan={3}>{t('coverage.nonePlanned')}</td>
                </tr>
              )}
            </tbody>
          </table>
          {plannedRows.toggle}
        </ScrollBox>
      </div>
      <FigureMeta updatedAt={d.updatedAt} n={t('goals.meta', { count: d.institutionCount })} extra={t('coverage.asOf', { date: formatLongDate(today) })} />
    </section>
  );
}

/** The coverage figures in one small card beside the goals. */
export function CoverageSummaryCard({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const { overdue, dueSoon, planned, covered } = d.coverage;
  return (
    <section className="dash-card dash-kpi" aria-labelledby="coverage-kpi" data-testid="coverage-kpi">
      <p className="dash-kicker">{t('coverage.kicker', { months: DUE_AFTER_MONTHS })}</p>
      <h2 id="coverage-kpi" className="dash-goal-title">
        {t('coverage.kpi', { count: d.institutionCount, covered, months: DUE_AFTER_MONTHS })}
      </h2>
      <dl className="dash-goal-facts">
        <div>
          <dt>{t('coverage.missing')}</dt>
          <dd>{overdue.length}</dd>
        </div>
        <div>
          <dt>{t('coverage.within', { months: DUE_SOON_MONTHS })}</dt>
          <dd>{dueSoon.length}</dd>
        </div>
        <div>
          <dt>{t('coverage.plannedVisits')}</dt>
          <dd>{planned.length}</dd>
        </div>
      </dl>
      <p className="dash-goal-reason">{t('coverage.listBelow')}</p>
      <FigureMeta updatedAt={d.updatedAt} n={t('goals.meta', { count: d.institutionCount })} extra={t('coverage.per', { date: formatLongDate(d.coverage.today) })} />
    </section>
  );
}
