import type { ChartConfiguration } from 'chart.js';
import { useId, useMemo } from 'react';
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
  if (cell.suppressed) return `vises ikke (n < ${minN})`;
  return `${formatMean(cell.mean, cell.n)} (n = ${cell.n})`;
}

function difference(own: { mean: number | null; n: number }, cell: AverageCell | undefined): string {
  if (own.mean === null || !cell || cell.suppressed || cell.mean === null || cell.n === null) return '–';
  return formatMeanDifference({ mean: own.mean, n: own.n }, { mean: cell.mean, n: cell.n });
}

export function LederDashboard({ data, institutionIds, cached, serverUrl }: { data: DashboardData; institutionIds: readonly string[]; cached: CachedThemeAverages | null; serverUrl: string }) {
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
          <h1>Overblik</h1>
          <p className="lead">
            <span data-testid="leder-institutions">{names.length ? names.join(', ') : 'Ingen institutioner'}</span> sammenlignet med kommunens gennemsnit · Opdateret{' '}
            {formatUpdated(own.updatedAt)}
          </p>
        </div>
      </div>
      {!averages ? (
        <p className="notice" role="status" data-testid="no-averages">
          Kommunens gennemsnit er ikke hentet endnu. Det hentes ved næste synkronisering, når du er online; derefter kan det også ses offline.
        </p>
      ) : (
        <p className="hint">
          Kommunens gennemsnit er beregnet på serveren over alle kommunens institutioner (hver institutions seneste endelige tilsyn i året) og hentet{' '}
          {formatUpdated(cached!.fetchedAt)}. Tal for færre end {averages.minN} institutioner vises ikke, så ingen enkelt institution kan genkendes.
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
  const headingId = useId();
  const tableId = useId();
  const latest = own.periods.at(-1);
  const municipal = latest && averages ? averages.find((p) => p.key === latest.key) : undefined;
  const themes = own.framework.themes;
  const labels = own.framework.scale.labels;
  const single = own.institutionCount === 1;
  const ownLabel = single ? 'Jeres trin' : 'Jeres gennemsnit';

  const config = useMemo((): ChartConfiguration | null => {
    if (!latest) return null;
    return {
      type: 'bar',
      data: {
        labels: themes.map((t) => THEME_SHORT_NAMES[t.id]),
        datasets: [
          { label: `${ownLabel} ${latest.label}`, data: themes.map((t) => latest.stats[t.id].mean), backgroundColor: OWN_COLOR },
          {
            label: `Kommunens gennemsnit ${latest.label}`,
            data: themes.map((t) => (municipal && !municipal.themes[t.id].suppressed ? municipal.themes[t.id].mean : null)),
            backgroundColor: MUNICIPAL_COLOR,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 4, ticks: { stepSize: 1 }, title: { display: true, text: 'Trin (1–4)' } } },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 12 } } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatMean(c.parsed.y)}` } },
        },
      },
    };
  }, [latest, municipal, themes, ownLabel]);

  return (
    <section className="dash-card dash-two" aria-labelledby={headingId} data-testid="leder-comparison">
      <h2 id={headingId}>{latest ? `Jeres tilsyn i ${latest.label} og kommunens gennemsnit` : 'Jeres tilsyn og kommunens gennemsnit'}</h2>
      {!latest || !config ? (
        <p>Der er endnu ikke et endeligt tilsyn for jeres institution. Når rapporten er endelig, vises den her sammen med kommunens gennemsnit.</p>
      ) : (
        <>
          {averages && !municipal && <p className="notice">Kommunens gennemsnit for {latest.label} er ikke beregnet endnu. Synkroniser for at hente det.</p>}
          <ChartCanvas
            config={config}
            height={260}
            describedBy={tableId}
            label={`Søjlediagram: ${ownLabel.toLowerCase()} pr. tema i ${latest.label} ved siden af kommunens gennemsnit. Tallene står i tabellen under diagrammet.`}
          />
          <ScrollBox label="Tabel: jeres trin og kommunens gennemsnit">
            <table className="data-table dash-table" id={tableId}>
              <caption>
                {ownLabel} og kommunens gennemsnit pr. tema, {latest.label}, med kommunens fordeling på de fire trin
              </caption>
              <thead>
                <tr>
                  <th scope="col">Tema</th>
                  <th scope="col" className="num">
                    {ownLabel}
                  </th>
                  <th scope="col" className="num">
                    Kommunen
                  </th>
                  <th scope="col" className="num">
                    Forskel
                  </th>
                  {STEPS.map((s) => (
                    <th scope="col" className="num" key={s}>
                      <abbr title={`Antal institutioner i kommunen på trin ${s}: ${labels[s - 1]}`}>Trin {s}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {themes.map((t) => {
                  const s = latest.stats[t.id];
                  const cell = municipal?.themes[t.id];
                  const ownStep = single && s.mean !== null ? (s.mean as Step) : null;
                  return (
                    <tr key={t.id} data-testid={`leder-row-${t.id}`}>
                      <th scope="row">{t.name}</th>
                      <td className="num" data-testid={`leder-own-${t.id}`}>
                        {s.mean === null ? (
                          s.notAssessed ? 'ikke vurderet' : '–'
                        ) : single ? (
                          <>
                            <strong>{s.mean}</strong>
                            <span className="cell-sub">{labels[s.mean - 1]}</span>
                          </>
                        ) : (
                          <>
                            <strong>{formatMean(s.mean, s.n)}</strong>
                            <span className="cell-sub">n = {s.n}</span>
                          </>
                        )}
                      </td>
                      <td className="num" data-testid={`leder-municipal-${t.id}`}>
                        {cell && !cell.suppressed ? (
                          <>
                            <strong>{formatMean(cell.mean, cell.n)}</strong>
                            <span className="cell-sub">n = {cell.n}</span>
                          </>
                        ) : (
                          municipalText(cell, minN)
                        )}
                      </td>
                      <td className="num">{difference(s, cell)}</td>
                      {STEPS.map((step) => (
                        <td className={`num${ownStep === step ? ' leder-own-step' : ''}`} key={step}>
                          {cell && !cell.suppressed ? cell.counts![step] : '–'}
                          {ownStep === step && <span className="visually-hidden"> (jeres trin)</span>}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
          <p className="hint">Den fremhævede celle i fordelingen er det trin, jeres institution fik.</p>
        </>
      )}
      <FigureMeta
        updatedAt={own.updatedAt}
        n={`${own.institutionCount} ${own.institutionCount === 1 ? 'institution' : 'institutioner'} (jeres)${municipal ? `; kommunen: ${municipal.institutions} institutioner i ${municipal.label}` : ''}`}
        extra={updatedAt ? `Kommunens tal opdateret ${formatUpdated(updatedAt)}` : undefined}
      />
    </section>
  );
}

/** Every year: their figure and the municipal average, theme by theme. */
function YearTable({ own, averages, minN }: { own: Dashboard; averages: AveragePeriod[] | null; minN: number }) {
  const headingId = useId();
  const ownByKey = new Map(own.periods.map((p) => [p.key, p]));
  const municipalByKey = new Map((averages ?? []).map((p) => [p.key, p]));
  const keys = [...new Set([...ownByKey.keys(), ...municipalByKey.keys()])].sort();
  const single = own.institutionCount === 1;
  const labels = own.framework.scale.labels;

  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>Pr. år: jeres {single ? 'trin' : 'gennemsnit'} og kommunens gennemsnit</h2>
      {keys.length === 0 ? (
        <p>Der er ingen endelige tilsyn endnu.</p>
      ) : (
        <ScrollBox label="Tabel: jeres tal og kommunens gennemsnit pr. år">
          <table className="data-table dash-table leder-years">
            <caption>Øverst jeres tal, nederst kommunens gennemsnit (n = antal institutioner). Et år uden jeres tilsyn står med –.</caption>
            <thead>
              <tr>
                <th scope="col">Tema</th>
                {keys.map((k) => (
                  <th scope="col" className="num" key={k}>
                    {ownByKey.get(k)?.label ?? municipalByKey.get(k)?.label ?? k}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {own.framework.themes.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  {keys.map((k) => {
                    const s = ownByKey.get(k)?.stats[t.id];
                    const ownText = !s || s.mean === null ? '–' : single ? `${s.mean} ${labels[s.mean - 1]}` : `${formatMean(s.mean, s.n)} (n = ${s.n})`;
                    return (
                      <td className="num" key={k}>
                        <span className="leder-own" data-testid={`year-own-${t.id}-${k}`}>
                          Jer: {ownText}
                        </span>
                        <span className="leder-municipal" data-testid={`year-municipal-${t.id}-${k}`}>
                          Kommunen: {averages ? municipalText(municipalByKey.get(k)?.themes[t.id], minN) : 'ikke hentet'}
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
