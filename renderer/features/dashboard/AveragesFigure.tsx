import type { ChartConfiguration } from 'chart.js';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMean } from '../../../shared/format';
import type { Dashboard } from '../../../shared/dashboard';
import { THEME_SHORT_NAMES } from '../../../shared/framework';
import { DEFAULT_GOAL_COVERAGE, expectedValue, type Goal } from '../../../shared/goals';
import { ChartCanvas } from './ChartCanvas';
import { THEME_COLORS, THEME_POINTS } from './palette';
import { FigureMeta } from './FigureMeta';
import { ScrollBox } from './ScrollBox';
import { UncertainMark, UncertainNote } from '../calibration/UncertainMark';
import type { UncertainMarks } from '../calibration/uncertainMark';

/**
 * A period is thin for a theme when fewer than half of the institutions in the selection are behind
 * its mean (the goals' default coverage share): one inspection in a new year is not a trend.
 */
function isThin(n: number, institutionCount: number): boolean {
  return n < Math.ceil(DEFAULT_GOAL_COVERAGE.minShare * institutionCount - 1e-9);
}

/**
 * Theme averages per year or round as lines, goals as dashed lines, and the same numbers as a table.
 * Thin periods are drawn as hollow points that the line does not run to, and are marked in the table.
 */
export function AveragesFigure({ d, goals, uncertain = null }: { d: Dashboard; goals: Goal[]; uncertain?: UncertainMarks | null }) {
  const { t } = useTranslation('dashboard');
  const tableId = useId();
  const uncertainId = useId();
  const headingId = useId();
  const themes = d.framework.themes;

  const config = useMemo((): ChartConfiguration => {
    const years = [...d.periods.map((p) => p.year), ...goals.flatMap((g) => [g.baselineYear, g.targetYear])];
    const min = Math.min(...years);
    const max = Math.max(...years);
    // The planned trajectory is a straight line from baseline to target.
    const goalPoints = (g: Goal) => [g.baselineYear, g.targetYear].map((yr) => ({ x: yr, y: expectedValue(g, yr) }));
    const labelOf = new Map(d.periods.map((p) => [p.year, p.label]));
    return {
      type: 'line',
      data: {
        datasets: [
          ...themes.map((theme) => {
            const shown = d.periods.filter((p) => p.stats[theme.id].mean !== null);
            const thin = shown.map((p) => isThin(p.stats[theme.id].n, d.institutionCount));
            return {
              label: THEME_SHORT_NAMES[theme.id],
              data: shown.map((p) => ({ x: p.year, y: p.stats[theme.id].mean! })),
              borderColor: THEME_COLORS[theme.id],
              backgroundColor: THEME_COLORS[theme.id],
              pointBackgroundColor: thin.map((x) => (x ? '#ffffff' : THEME_COLORS[theme.id])),
              pointStyle: THEME_POINTS[theme.id],
              pointRadius: 4,
              borderWidth: 2,
              // No line to or from a thin period: it would plunge or soar on a handful of inspections.
              segment: { borderColor: (c: { p0DataIndex: number; p1DataIndex: number }) => (thin[c.p0DataIndex] || thin[c.p1DataIndex] ? 'transparent' : undefined) },
            };
          }),
          ...goals.map((g) => ({
            label: t('averages.goal', { theme: THEME_SHORT_NAMES[g.themeId], value: formatMean(g.targetValue), year: g.targetYear }),
            data: goalPoints(g),
            borderColor: THEME_COLORS[g.themeId],
            backgroundColor: '#ffffff',
            borderDash: [6, 4],
            borderWidth: 2,
            pointRadius: 3,
            pointStyle: 'circle' as const,
          })),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: {
            type: 'linear',
            min: min - 0.3,
            max: max + 0.3,
            // Ticks exactly at the periods and the goal years (a linear axis keeps the gaps between years true).
            afterBuildTicks: (axis) => {
              axis.ticks = [...new Set(years)].sort((a, b) => a - b).map((value) => ({ value }));
            },
            ticks: {
              autoSkip: false,
              callback: (v) => {
                const n = Number(v);
                if (!Number.isInteger(n)) return '';
                return d.grouping === 'round' ? (labelOf.get(n) ?? '') : String(n);
              },
            },
            title: { display: true, text: d.grouping === 'round' ? t('averages.axisRound') : t('averages.axisYear') },
          },
          y: { min: 1, max: 4, ticks: { stepSize: 0.5, callback: (v) => String(v).replace('.', ',') }, title: { display: true, text: t('averages.axisMean') } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 10, font: { size: 12 } } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatMean(c.parsed.y)}` } },
        },
      },
    };
  }, [d, goals, themes, t]);

  const latest = d.periods.at(-1);
  return (
    <section className="dash-card dash-two" aria-labelledby={headingId}>
      <h2 id={headingId}>{d.grouping === 'round' ? t('averages.titleRound') : t('averages.titleYear')}</h2>
      <p className="hint">{t('averages.hint')}</p>
      {d.periods.length === 0 ? (
        <p>{t('averages.none')}</p>
      ) : (
        <>
          <ChartCanvas
            config={config}
            height={300}
            describedBy={tableId}
            label={t(d.grouping === 'round' ? 'averages.chartRound' : 'averages.chartYear', { from: d.periods[0]!.label, to: latest!.label })}
          />
          <ScrollBox label={t('averages.table')}>
            <table className="data-table dash-table" id={tableId}>
              <caption>{d.grouping === 'round' ? t('averages.captionRound') : t('averages.captionYear')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('averages.theme')}</th>
                  {d.periods.map((p) => (
                    <th scope="col" className="num" key={p.key}>
                      {p.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {themes.map((theme) => (
                  <tr key={theme.id}>
                    <th scope="row">
                      <span className="dash-swatch" style={{ background: THEME_COLORS[theme.id] }} aria-hidden="true" />
                      {theme.name}
                      <UncertainMark marks={uncertain} themeId={theme.id} />
                    </th>
                    {d.periods.map((p) => {
                      const s = p.stats[theme.id];
                      const thin = s.mean !== null && isThin(s.n, d.institutionCount);
                      return (
                        <td className="num" key={p.key} data-testid={`avg-${theme.id}-${p.key}`}>
                          <strong>{formatMean(s.mean, s.n)}</strong> <span className="dash-n">{t('averages.n', { n: s.n })}</span>
                          {thin && <span className="dash-n dash-thin">{t('averages.thin')}</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <UncertainNote marks={uncertain} id={uncertainId} themeName={(id) => themes.find((theme) => theme.id === id)?.name ?? id} />
        </>
      )}
      <FigureMeta updatedAt={d.updatedAt} n={t(d.grouping === 'round' ? 'averages.metaRound' : 'averages.metaYear', { count: d.institutionCount })} />
    </section>
  );
}
