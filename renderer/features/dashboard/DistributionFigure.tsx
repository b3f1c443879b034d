import type { ChartConfiguration } from 'chart.js';
import { useId, useMemo, useState } from 'react';
import { formatMean } from '../../../shared/format';
import type { Dashboard } from '../../../shared/dashboard';
import { STEPS, THEME_SHORT_NAMES } from '../../../shared/framework';
import { ChartCanvas } from './ChartCanvas';
import { FigureMeta } from './FigureMeta';
import { STEP_COLORS } from './palette';
import { ScrollBox } from './ScrollBox';
import { countOf } from '../../../shared/plural';

/** Each theme's spread over the four steps in one period, as stacked bars and as a table. */
export function DistributionFigure({ d }: { d: Dashboard }) {
  const tableId = useId();
  const headingId = useId();
  const selectId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const period = d.periods.find((p) => p.key === chosen) ?? d.periods.at(-1);
  const labels = d.framework.scale.labels;
  const themes = d.framework.themes;

  const config = useMemo((): ChartConfiguration | null => {
    if (!period) return null;
    return {
      type: 'bar',
      data: {
        labels: themes.map((t) => THEME_SHORT_NAMES[t.id]),
        datasets: STEPS.map((step) => ({
          label: `${step} ${labels[step - 1]}`,
          data: themes.map((t) => period.stats[t.id].counts[step]),
          backgroundColor: STEP_COLORS[step - 1],
          borderColor: '#ffffff',
          borderWidth: 1,
        })),
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            stacked: true,
            beginAtZero: true,
            max: Math.max(1, ...themes.map((t) => period.stats[t.id].n + period.stats[t.id].notAssessed)),
            ticks: { precision: 0 },
            title: { display: true, text: 'Antal institutioner' },
          },
          y: { stacked: true },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 12 } } },
          tooltip: {
            callbacks: {
              label: (c) => {
                const n = period.stats[themes[c.dataIndex]!.id].n;
                const v = Number(c.parsed.x);
                return `${c.dataset.label}: ${v} (${n ? Math.round((100 * v) / n) : 0} %)`;
              },
            },
          },
        },
      },
    };
  }, [period, themes, labels]);

  return (
    <section className="dash-card" aria-labelledby={headingId}>
      <h2 id={headingId}>Fordeling på de fire trin</h2>
      {!period || !config ? (
        <p>Der er ingen endelige tilsyn i det valgte udsnit.</p>
      ) : (
        <>
          <div className="field inline-field">
            <label htmlFor={selectId}>{d.grouping === 'round' ? 'Runde' : 'År'}</label>
            <select id={selectId} value={period.key} onChange={(e) => setChosen(e.target.value)}>
              {d.periods.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <ChartCanvas
            config={config}
            height={260}
            describedBy={tableId}
            label={`Stablede søjler: hvor mange institutioner der fik hvert trin i hvert tema i ${period.label}. Tallene står i tabellen under diagrammet.`}
          />
          <ScrollBox label="Tabel: fordeling på trin">
            <table className="data-table dash-table" id={tableId}>
              <caption>Antal institutioner pr. trin, {period.label}</caption>
              <thead>
                <tr>
                  <th scope="col">Tema</th>
                  {STEPS.map((s) => (
                    <th scope="col" className="num" key={s}>
                      <abbr title={labels[s - 1]}>Trin {s}</abbr>
                    </th>
                  ))}
                  <th scope="col" className="num">
                    n
                  </th>
                  <th scope="col" className="num">
                    Gns.
                  </th>
                </tr>
              </thead>
              <tbody>
                {themes.map((t) => {
                  const s = period.stats[t.id];
                  return (
                    <tr key={t.id} data-testid={`dist-${t.id}`}>
                      <th scope="row">{THEME_SHORT_NAMES[t.id]}</th>
                      {STEPS.map((step) => (
                        <td className="num" key={step}>
                          {s.counts[step]}
                        </td>
                      ))}
                      <td className="num">{s.n}</td>
                      <td className="num">{formatMean(s.mean, s.n)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
          <FigureMeta updatedAt={d.updatedAt} n={`${countOf(period.institutions, 'institution', 'institutioner')} med endeligt tilsyn i ${period.label}`} />
        </>
      )}
    </section>
  );
}
