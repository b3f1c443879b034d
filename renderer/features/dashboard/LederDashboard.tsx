import type { ChartConfiguration } from 'chart.js';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { translate } from '../../../shared/i18n/i18n';
import { formatMean, formatMeanDifference } from '../../../shared/format';
import { computeDashboard, indexDashboardData, type Dashboard, type DashboardData } from '../../../shared/dashboard';
import { todayIso } from '../../../shared/dates';
import { STEPS, THEME_SHORT_NAMES, type Step } from '../../../shared/framework';
import type { AverageCell, AveragePeriod } from '../../../shared/themeAverages';
import type { CachedThemeAverages } from '../../sync/themeAverages';
import { ChartCanvas } from './ChartCanvas';
import { CoverageSection, CoverageSummaryCard } from './CoverageSection';
import { FigureMeta, formatUpdated } from './FigureMeta';
import { HeatMap } from './HeatMap';
import { ScrollBox } from './ScrollBox';
import './leder.css';

/*
 * The leder's Overblik: the same views as the central office's, limited to their own
 * institution(s), beside the municipal average. Their own figures are computed from local data
 * (which holds only their institutions); the municipal average comes from the server as aggregates
 * only (GET /api/stats/theme-averages, cached after each sync), so no other institution is ever
 * named or shown on this page.
 */

const OWN_COLOR = '#0b5cad';
const MUNICIPAL_COLOR = '#6b7682';

function municipalText(cell: AverageCell | undefined, minN: number): string {
  if (!cell) return '–';
  if (cell.suppressed) return translate('dashboard:leder.suppressed', { minN });
  return translate('dashboard:leder.meanN', { mean: formatMean(cell.mean, cell.n), n: cell.n });
}

function difference(own: { mean: number | null; n: number }, cell: AverageCell | undefined): string {
  if (own.mean === null || !cell || cell.suppressed || cell.mean === null || cell.n === null) return '–';
  return formatMeanDifference({ mean: own.mean, n: own.n }, { mean: cell.mean, n: cell.n });
}

export function LederDashboard({ data, institutionIds, cached, serverUrl }: { data: DashboardData; institutionIds: readonly string[]; cached: CachedThemeAverages | null; serverUrl: string }) {
  const { t } = useTranslation('dashboard');
  const today = todayIso();
  const own = useMemo(() => {
    const ids = new Set(institutionIds);
    // Only the leder's institutions, whatever else this computer may hold.
    const mine: DashboardData = { ...data, institutions: data.institutions.filter((i) => ids.has(i.id)), inspections: data.inspections.filter((i) => ids.has(i.institutionId)) };
    return computeDashboard(indexDashboardData(mine), {}, { today, grouping: 'year' });
  }, [data, institutionIds, today]);
  const averages = cached && cached.serverUrl === serverUrl ? cached.averages : null;
  const names = own.heatMap.map((r) => r.name);

  return (
    <section className="dashboard leder-dashboard">
      <div className="page-title">
        <div>
          <h1>{t('title')}</h1>
          <p className="lead">
            <span data-testid="leder-institutions">{names.length ? names.join(', ') : t('leder.noInstitutions')}</span>
            {t('leder.compared', { updated: formatUpdated(own.updatedAt) })}
          </p>
        </div>
      </div>
      {!averages ? (
        <p className="notice" role="status" data-testid="no-averages">
          {t('leder.notFetched')}
        </p>
      ) : (
        <p className="hint">
          {t('leder.computed', { fetched: formatUpdated(cached!.fetchedAt), minN: averages.minN })}
        </p>
      )}
      <div className="dash-grid">
        <LatestComparison own={own} averages={averages?.periods ?? null} minN={averages?.minN ?? 5} updatedAt={averages?.updatedAt ?? null} />
        <CoverageSummaryCard d={own} />
        <YearTable own={own} averages={averages?.periods ?? null} minN={averages?.minN ?? 5} />
        <HeatMap d={own} />
        <CoverageSection d={own} />
      </div>
    </section>
  );
}

/** The latest year with a final inspection of their own, theme by theme, against the municipal average of that year. */
function LatestComparison({ own, averages, minN, updatedAt }: { own: Dashboard; averages: AveragePeriod[] | null; minN: number; updatedAt: string | null }) {
  const { t } = useTranslation('dashboard');
  const headingId = useId();
  const tableId = useId();
  const latest = own.periods.at(-1);
  const municipal = latest && averages ? averages.find((p) => p.key === latest.key) : undefined;
  const themes = own.framework.themes;
  const labels = own.framework.scale.labels;
  const single = own.institutionCount === 1;
  const ownLabel = single ? t('leder.ownStep') : t('leder.ownMean');

  const config = useMemo((): ChartConfiguration | null => {
    if (!latest) return null;
    return {
      type: 'bar',
      data: {
        labels: themes.map((theme) => THEME_SHORT_NAMES[theme.id]),
        datasets: [
          { label: `${ownLabel} ${latest.label}`, data: themes.map((theme) => latest.stats[theme.id].mean), backgroundColor: OWN_COLOR },
          {
            label: t('leder.municipalOf', { period: latest.label }),
            data: themes.map((theme) => (municipal && !municipal.themes[theme.id].suppressed ? municipal.themes[theme.id].mean : null)),
            backgroundColor: MUNICIPAL_COLOR,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 4, ticks: { stepSize: 1 }, title: { display: true, text: t('leder.axis') } } },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 12 } } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatMean(c.parsed.y)}` } },
        },
      },
    };
  }, [latest, municipal, themes, ownLabel, t]);

  return (
    <section className="dash-card dash-two" aria-labelledby={headingId} data-testid="leder-comparison">
      <h2 id={headingId}>{latest ? t('leder.titleOf', { period: latest.label }) : t('leder.title')}</h2>
      {!latest || !config ? (
        <p>{t('leder.noneYet')}</p>
      ) : (
        <>
          {averages && !municipal && <p className="notice">{t('leder.notComputed', { period: latest.label })}</p>}
          <ChartCanvas
            config={config}
            height={260}
            describedBy={tableId}
            label={t(single ? 'leder.chartStep' : 'leder.chartMean', { period: latest.label })}
          />
          <ScrollBox label={t('leder.table')}>
            <table className="data-table dash-table" id={tableId}>
              <caption>
                {t('leder.caption', { own: ownLabel, period: latest.label })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('averages.theme')}</th>
                  <th scope="col" className="num">
                    {ownLabel}
                  </th>
                  <th scope="col" className="num">
                    {t('leder.municipality')}
                  </th>
                  <th scope="col" className="num">
                    {t('leder.difference')}
                  </th>
                  {STEPS.map((s) => (
                    <th scope="col" className="num" key={s}>
                      <abbr title={t('leder.stepTitle', { step: s, label: labels[s - 1] })}>{t('distribution.step', { step: s })}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {themes.map((theme) => {
                  const s = latest.stats[theme.id];
                  const cell = municipal?.themes[theme.id];
                  const ownStep = single && s.mean !== null ? (s.mean as Step) : null;
                  return (
                    <tr key={theme.id} data-testid={`leder-row-${theme.id}`}>
                      <th scope="row">{theme.name}</th>
                      <td className="num" data-testid={`leder-own-${theme.id}`}>
                        {s.mean === null ? (
                          s.notAssessed ? t('leder.notAssessed') : '–'
                        ) : single ? (
                          <>
                            <strong>{s.mean}</strong>
                            <span className="cell-sub">{labels[s.mean - 1]}</span>
                          </>
                        ) : (
                          <>
                            <strong>{formatMean(s.mean, s.n)}</strong>
                            <span className="cell-sub">{t('averages.n', { n: s.n })}</span>
                          </>
                        )}
                      </td>
                      <td className="num" data-testid={`leder-municipal-${theme.id}`}>
                        {cell && !cell.suppressed ? (
                          <>
                            <strong>{formatMean(cell.mean, cell.n)}</strong>
                            <span className="cell-sub">{t('averages.n', { n: cell.n })}</span>
                          </>
                        ) : (
                          municipalText(cell, minN)
                        )}
                      </td>
                      <td className="num">{difference(s, cell)}</td>
                      {STEPS.map((step) => (
                        <td className={`num${ownStep === step ? ' leder-own-step' : ''}`} key={step}>
                          {cell && !cell.suppressed ? cell.counts![step] : '–'}
                          {ownStep === step && <span className="visually-hidden">{t('leder.yourStep')}</span>}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
          <p className="hint">{t('leder.highlighted')}</p>
        </>
      )}
      <FigureMeta
        updatedAt={own.updatedAt}
        n={t('leder.meta', { count: own.institutionCount }) + (municipal ? t('leder.metaMunicipal', { n: municipal.institutions, period: municipal.label }) : '')}
        extra={updatedAt ? t('leder.municipalUpdated', { date: formatUpdated(updatedAt) }) : undefined}
      />
    </section>
  );
}

/** Every year: their figure and the municipal average, theme by theme. */
function YearTable({ own, averages, minN }: { own: Dashboard; averages: AveragePeriod[] | null; minN: number }) {
  const { t } = useTranslation('dashboard');
  const headingId = useId();
  const ownByKey = new Map(own.periods.map((p) => [p.key, p]));
  const municipalByKey = new Map((averages ?? []).map((p) => [p.key, p]));
  const keys = [...new Set([...ownByKey.keys(), ...municipalByKey.keys()])].sort();
  const single = own.institutionCount === 1;
  const labels = own.framework.scale.labels;

  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>{single ? t('leder.yearsStep') : t('leder.yearsMean')}</h2>
      {keys.length === 0 ? (
        <p>{t('leder.noFinal')}</p>
      ) : (
        <ScrollBox label={t('leder.yearTable')}>
          <table className="data-table dash-table leder-years">
            <caption>{t('leder.yearCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('averages.theme')}</th>
                {keys.map((k) => (
                  <th scope="col" className="num" key={k}>
                    {ownByKey.get(k)?.label ?? municipalByKey.get(k)?.label ?? k}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {own.framework.themes.map((theme) => (
                <tr key={theme.id}>
                  <th scope="row">{theme.name}</th>
                  {keys.map((k) => {
                    const s = ownByKey.get(k)?.stats[theme.id];
                    const ownText = !s || s.mean === null ? '–' : single ? `${s.mean} ${labels[s.mean - 1]}` : t('leder.meanN', { mean: formatMean(s.mean, s.n), n: s.n });
                    return (
                      <td className="num" key={k}>
                        <span className="leder-own" data-testid={`year-own-${theme.id}-${k}`}>
                          {t('leder.ours', { text: ownText })}
                        </span>
                        <span className="leder-municipal" data-testid={`year-municipal-${theme.id}-${k}`}>
                          {t('leder.theirs', { text: averages ? municipalText(municipalByKey.get(k)?.themes[theme.id], minN) : t('leder.notFetchedShort') })}
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
