import { useId } from 'react';
import { translate } from '../../../shared/i18n/i18n';
import { formatDanishDate } from '../../../shared/dates';
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
  const headingId = useId();
  const warnings = useFirstRows(mix.warnings, translate('dashboard:rows.institutions'));
  const rows = useFirstRows(mix.rows, translate('dashboard:rows.institutions'));
  const cycle = `${mix.cycleMonths} måneder`;
  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId} data-testid="visit-mix">
      <h2 id={headingId}>Anmeldte og uanmeldte besøg</h2>
      <p className="hint">
        {mix.rammeId
          ? `Tilsynsrammen kræver mindst ét uanmeldt besøg hver ${cycle}.`
          : `Der er ingen gældende tilsynsramme på denne computer; overblikket bruger ${cycle}. Forvaltningen lægger rammen ind under Administration › Tilsynsramme.`}{' '}
        Et besøg tæller, når det er gennemført (ikke kun planlagt).
      </p>
      <div className="dash-coverage">
        <div>
          <h3>
            {mix.warnings.length === 0 ? 'Alle har haft et uanmeldt besøg' : `${mix.warnings.length} uden uanmeldt besøg i ${cycle}`}
          </h3>
          {mix.warnings.length > 0 && (
            <ScrollBox label="Institutioner uden uanmeldt besøg">
              <table className="data-table dash-table" data-testid="unannounced-warnings">
                <caption className="visually-hidden">Institutioner uden uanmeldt besøg inden for {cycle}</caption>
                <thead>
                  <tr>
                    <th scope="col">Institution</th>
                    <th scope="col">Seneste uanmeldte besøg</th>
                  </tr>
                </thead>
                <tbody>
                  {warnings.shown.map((w) => (
                    <tr key={w.institutionId}>
                      <th scope="row">
                        <a href={href({ name: 'institution', id: w.institutionId })}>{w.name}</a>
                      </th>
                      <td>{w.lastUnannounced ? formatDanishDate(w.lastUnannounced) : <span className="badge badge-due">Aldrig</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
          {warnings.toggle}
        </div>
        <div>
          <h3>Fordeling pr. år</h3>
          <table className="data-table dash-table" data-testid="visit-mix-years">
            <caption className="visually-hidden">Gennemførte besøg pr. år, anmeldte og uanmeldte</caption>
            <thead>
              <tr>
                <th scope="col">År</th>
                <th scope="col" className="num">
                  Anmeldte
                </th>
                <th scope="col" className="num">
                  Uanmeldte
                </th>
              </tr>
            </thead>
            <tbody>
              {mix.years.length === 0 ? (
                <tr>
                  <td colSpan={3}>Ingen gennemførte besøg i perioden</td>
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
        <summary>Fordeling pr. institution</summary>
        <ScrollBox label="Besøg pr. institution">
          <table className="data-table dash-table" data-testid="visit-mix-institutions">
            <caption className="visually-hidden">Gennemførte besøg pr. institution i perioden</caption>
            <thead>
              <tr>
                <th scope="col">Institution</th>
                <th scope="col" className="num">
                  Anmeldte
                </th>
                <th scope="col" className="num">
                  Uanmeldte
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
