import type { ChartConfiguration } from 'chart.js';
import { useId, useMemo } from 'react';
import { formatMean } from '../../../shared/format';
import type { Dashboard } from '../../../shared/dashboard';
import { THEME_SHORT_NAMES } from '../../../shared/framework';
import { DEFAULT_GOAL_COVERAGE, expectedValue, type Goal } from '../../../shared/goals';
import { ChartCanvas } from './ChartCanvas';
import { THEME_COLORS, THEME_POINTS } from './palette';
import { FigureMeta } from './FigureMeta';
import { ScrollBox } from './ScrollBox';
import { countOf } from '../../../shared/plural';
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
          ...themes.map((t) => {
            const shown = d.periods.filter((p) => p.stats[t.id].mean !== null);
            const thin = shown.map((p) => isThin(p.stats[t.id].n, d.institutionCount));
            return {
              label: THEME_SHORT_NAMES[t.id],
              data: shown.map((p) => ({ x: p.year, y: p.stats[t.id].mean! })),
              borderColor: THEME_COLORS[t.id],
              backgroundColor: THEME_COLORS[t.id],
              pointBackgroundColor: thin.map((x) => (x ? '#ffffff' : THEME_COLORS[t.id])),
              pointStyle: THEME_POINTS[t.id],
              pointRadius: 4,
              borderWidth: 2,
              // No line to or from a thin period: it would plunge or soar on a handful of inspections.
              segment: { borderColor: (c: { p0DataIndex: number; p1DataIndex: number }) => (thin[c.p0DataIndex] || thin[c.p1DataIndex] ? 'transparent' : undefined) },
            };
          }),
          ...goals.map((g) => ({
            label: `Mål: ${THEME_SHORT_NAMES[g.themeId]} ${formatMean(g.targetValue)} i ${g.targetYear}`,
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
            title: { display: true, text: d.grouping === 'round' ? 'Tilsynsrunde' : 'År' },
          },
          y: { min: 1, max: 4, ticks: { stepSize: 0.5, callback: (v) => String(v).replace('.', ',') }, title: { display: true, text: 'Gennemsnitligt trin (1–4)' } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 10, font: { size: 12 } } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatMean(c.parsed.y)}` } },
        },
      },
    };
  }, [d, goals, themes]);

  const latest = d.periods.at(-1);
  return (
    <section className="dash-card dash-two" aria-labelledby={headingId}>
      <h2 id={headingId}>Gennemsnit pr. tema {d.grouping === 'round' ? 'pr. tilsynsrunde' : 'pr. år'}</h2>
      <p className="hint">
        Hver institutions seneste endelige tilsyn i perioden tæller én gang. Stiplede linjer er målene. Ikke vurderede temaer indgår ikke. Hule punkter
        uden linje: for få tilsyn (under halvdelen af institutionerne).
      </p>
      {d.periods.length === 0 ? (
        <p>Der er ingen endelige tilsyn i det valgte udsnit.</p>
      ) : (
        <>
          <ChartCanvas
            config={config}
            height={300}
            describedBy={tableId}
            label={`Linjediagram: gennemsnitligt trin pr. tema ${d.grouping === 'round' ? 'pr. runde' : 'pr. år'} fra ${d.periods[0]!.label} til ${latest!.label}, med målene som stiplede linjer. Tallene står i tabellen under diagrammet.`}
          />
          <ScrollBox label="Tabel: gennemsnit pr. tema">
            <table className="data-table dash-table" id={tableId}>
              <caption>Gennemsnitligt trin og n (antal institutioner) pr. tema og {d.grouping === 'round' ? 'runde' : 'år'}</caption>
              <thead>
                <tr>
                  <th scope="col">Tema</th>
                  {d.periods.map((p) => (
                    <th scope="col" className="num" key={p.key}>
                      {p.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {themes.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">
                      <span className="dash-swatch" style={{ background: THEME_COLORS[t.id] }} aria-hidden="true" />
                      {t.name}
                      <UncertainMark marks={uncertain} themeId={t.id} />
                    </th>
                    {d.periods.map((p) => {
                      const s = p.stats[t.id];
                      const thin = s.mean !== null && isThin(s.n, d.institutionCount);
                      return (
                        <td className="num" key={p.key} data-testid={`avg-${t.id}-${p.key}`}>
                          <strong>{formatMean(s.mean, s.n)}</strong> <span className="dash-n">n = {s.n}</span>
                          {thin && <span className="dash-n dash-thin"> (for få tilsyn)</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <UncertainNote marks={uncertain} id={uncertainId} themeName={(id) => themes.find((t) => t.id === id)?.name ?? id} />
        </>
      )}
      <FigureMeta updatedAt={d.updatedAt} n={`${countOf(d.institutionCount, 'institution', 'institutioner')} i udsnittet; n pr. ${d.grouping === 'round' ? 'runde' : 'år'} står i tabellen`} />
    </section>
  );
}
