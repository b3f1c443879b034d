import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgreementFiguresSchema, type AgreementFigures } from '../../../shared/calibration/figuresAccess';
import { formatNumericDate } from '../../../shared/dates';
import { formatNumber } from '../../../shared/format';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { percentValue, themeName } from './calibrationTexts';

/** The agreement figures the server lets this reader see (server/routes/kalibrering.ts), fetched when the page opens. */
export function AgreementFiguresSection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('kalibrering');
  const [figures, setFigures] = useState<AgreementFigures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  useEffect(() => {
    let live = true;
    client.get('/api/kalibrering/enighed', AgreementFiguresSchema).then(
      (f) => live && setFigures(f),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  const pct = (share: number | null) => {
    const v = percentValue(share);
    return v === null ? t('none') : t('percent', { value: v });
  };
  const steps = (x: number | null) => formatNumber(x, { decimals: 2, empty: t('none') });

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('figures.title')}</h2>
      {error && <FieldError message={error} />}
      {!figures && !error && <p>{t('loading')}</p>}
      {figures && (
        <>
          <p className="hint" data-testid="figures-scope">
            {t(`figures.scope.${figures.scope}`)}
          </p>
          <p className="muted">
            {t('figures.window', { from: formatNumericDate(figures.windowFrom), to: formatNumericDate(figures.today), months: figures.thresholds.windowMonths, visits: figures.visits })}{' '}
            {t('figures.minPairs', { warnings: figures.thresholds.minPairsForWarnings, coefficients: figures.thresholds.minPairsForCoefficients })}
          </p>
          {figures.themes.length === 0 ? (
            <p>{t('figures.themes.empty')}</p>
          ) : (
            <div className="table-scroll" role="region" aria-label={t('figures.themes.caption')} tabIndex={0}>
              <table className="data-table" data-testid="theme-figures">
                <caption>{t('figures.themes.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('figures.themes.theme')}</th>
                    <th scope="col" className="num">{t('figures.themes.pairs')}</th>
                    <th scope="col" className="num">{t('figures.themes.exact')}</th>
                    <th scope="col" className="num">{t('figures.themes.withinOne')}</th>
                    <th scope="col" className="num">{t('figures.themes.kappa')}</th>
                    <th scope="col" className="num">{t('figures.themes.alpha')}</th>
                    <th scope="col">{t('figures.themes.flags')}</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.themes.map((row) => (
                    <tr key={row.themeId} data-testid={`theme-row-${row.themeId}`}>
                      <th scope="row">{themeName(row.themeId)}</th>
                      <td className="num">{row.pairs}</td>
                      <td className="num">{pct(row.exact)}</td>
                      <td className="num">{pct(row.withinOne)}</td>
                      <td className="num">{row.coefficients ? steps(row.coefficients.kappaQuadratic) : t('figures.themes.tooFew')}</td>
                      <td className="num">{row.coefficients ? steps(row.coefficients.alphaOrdinal) : t('figures.themes.tooFew')}</td>
                      <td>
                        {row.flags.length === 0
                          ? t('figures.noFlag')
                          : row.flags
                              .map((f) =>
                                t(`figures.themeFlag.${f}`, {
                                  threshold: f === 'lav_enighed' ? pct(figures.thresholds.themeExactBelow) : steps(figures.thresholds.themeAlphaBelow),
                                }),
                              )
                              .join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {figures.scope !== 'temaer' && (
            <ConsultantTable figures={figures} pct={pct} steps={steps} />
          )}
        </>
      )}
    </section>
  );
}

function ConsultantTable({ figures, pct, steps }: { figures: AgreementFigures; pct: (x: number | null) => string; steps: (x: number | null) => string }) {
  const { t } = useTranslation('kalibrering');
  const warnings = figures.scope === 'alle_med_advarsler';
  const threshold = (flag: string) => {
    const th = figures.thresholds;
    if (flag === 'lav_enighed') return pct(th.consultantExactBelow);
    if (flag === 'lav_enighed_inden_for_et_trin') return pct(th.consultantWithinOneBelow);
    return steps(flag === 'drift' ? th.driftAtLeast : th.leniencyAtLeast);
  };
  if (figures.consultants.length === 0) return <p>{t('figures.consultants.empty')}</p>;
  const flagged = warnings ? figures.consultants.filter((c) => c.flags.length > 0) : [];
  return (
    <>
    {flagged.length > 0 && (
      <div className="card" data-testid="lead-warnings">
        <h3>{t('figures.leadWarnings', { count: flagged.length })}</h3>
        <ul>
          {flagged.map((c) => (
            <li key={c.consultantId}>
              <strong>{c.name}</strong>: {c.flags.map((f) => t(`figures.consultantFlag.${f}`, { threshold: threshold(f) })).join('; ')}
            </li>
          ))}
        </ul>
      </div>
    )}
    <div className="table-scroll" role="region" aria-label={t('figures.consultants.caption')} tabIndex={0}>
      <table className="data-table" data-testid="consultant-figures">
        <caption>{t('figures.consultants.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('figures.consultants.name')}</th>
            <th scope="col" className="num">{t('figures.consultants.pairs')}</th>
            <th scope="col" className="num">{t('figures.consultants.exact')}</th>
            <th scope="col" className="num">{t('figures.consultants.withinOne')}</th>
            <th scope="col" className="num" title={t('figures.consultants.leniencyHint')}>
              {t('figures.consultants.leniency')}
            </th>
            <th scope="col" className="num">{t('figures.consultants.drift')}</th>
            {warnings && <th scope="col">{t('figures.consultants.flags')}</th>}
          </tr>
        </thead>
        <tbody>
          {figures.consultants.map((c) => (
            <tr key={c.consultantId} data-testid={`consultant-row-${c.consultantId}`}>
              <th scope="row">{c.name}</th>
              <td className="num">{c.pairs}</td>
              <td className="num">{pct(c.exact)}</td>
              <td className="num">{pct(c.withinOne)}</td>
              <td className="num">{steps(c.meanSignedDifference)}</td>
              <td className="num">{steps(c.drift)}</td>
              {warnings && <td>{c.flags.length === 0 ? t('figures.noFlag') : c.flags.map((f) => t(`figures.consultantFlag.${f}`, { threshold: threshold(f) })).join('; ')}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('figures.consultants.leniencyHint')}</p>
    </div>
    </>
  );
}
