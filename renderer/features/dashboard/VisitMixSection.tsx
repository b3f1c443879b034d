import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLongDate } from '../../../shared/dates';
import type { VisitMixOverview } from '../../../shared/visitMix';
import { href } from '../../state/router';
import { ScrollBox } from './ScrollBox';
import { useFirstRows } from './ShowAll';

/**
 * Announced and unannounced visits (dagtilbudsloven § 5 a stk. 2): the mix per year over the
 * institutions shown, per institution, and a warning for each institution without an unannounced
 * visit within the tilsynsramme's cycle (shared/visitMix.ts).
 */
export function VisitMixSection({ mix }: { mix: VisitMixOverview }) {
  const { t } = useTranslation('dashboard');
  const headingId = useId();
  const warnings = useFirstRows(mix.warnings, t('rows.institutions'));
  const rows = useFirstRows(mix.rows, t('rows.institutions'));
  const cycle = t('visitMix.months', { months: mix.cycleMonths });
  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId} data-testid="visit-mix">
      <h2 id={headingId}>{t('visitMix.title')}</h2>
      <p className="hint">
        {mix.rammeId ? t('visitMix.rule', { cycle }) : t('visitMix.noRamme', { cycle })} {t('visitMix.counts')}
      </p>
      <div className="dash-coverage">
        <div>
          <h3>
            {mix.warnings.length === 0 ? t('visitMix.allHad') : t('visitMix.without', { n: mix.warnings.length, cycle })}
          </h3>
          {mix.warnings.length > 0 && (
            <ScrollBox label={t('visitMix.withoutTable')}>
              <table className="data-table dash-table" data-testid="unannounced-warnings">
                <caption className="visually-hidden">{t('visitMix.withoutCaption', { cycle })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('heat.institution')}</th>
                    <th scope="col">{t('visitMix.lastUnannounced')}</th>
                  </tr>
                </thead>
                <tbody>
                  {warnings.shown.map((w) => (
                    <tr key={w.institutionId}>
                      <th scope="row">
                        <a href={href({ name: 'institution', id: w.institutionId })}>{w.name}</a>
                      </th>
                      <td>{w.lastUnannounced ? formatLongDate(w.lastUnannounced) : <span className="badge badge-due">{t('coverage.never')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
          {warnings.toggle}
        </div>
        <div>
          <h3>{t('visitMix.perYear')}</h3>
          <table className="data-table dash-table" data-testid="visit-mix-years">
            <caption className="visually-hidden">{t('visitMix.perYearCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('distribution.year')}</th>
                <th scope="col" className="num">
                  {t('visitMix.announced')}
                </th>
                <th scope="col" className="num">
                  {t('visitMix.unannounced')}
                </th>
              </tr>
            </thead>
            <tbody>
              {mix.years.length === 0 ? (
                <tr>
                  <td colSpan={3}>{t('visitMix.none')}</td>
                </tr>
              ) : (
                mix.years.map((y) => (
                  <tr key={y.year}>
                    <th scope="row">{y.year}</th>
                    <td className="num">{y.announced}</td>
                    <td className="num">{y.unannounced}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </div>
      <details className="dash-details">
        <summary>{t('visitMix.perInstitution')}</summary>
        <ScrollBox label={t('visitMix.perInstitutionTable')}>
          <table className="data-table dash-table" data-testid="visit-mix-institutions">
            <caption className="visually-hidden">{t('visitMix.perInstitutionCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('heat.institution')}</th>
                <th scope="col" className="num">
                  {t('visitMix.announced')}
                </th>
                <th scope="col" className="num">
                  {t('visitMix.unannounced')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.shown.map((r) => (
                <tr key={r.institutionId}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{r.announced}</td>
                  <td className="num">{r.unannounced}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        {rows.toggle}
      </details>
    </section>
  );
}
