import type { ChartConfiguration } from 'chart.js';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMean } from '../../../shared/format';
import type { Dashboard } from '../../../shared/dashboard';
import { STEPS, THEME_SHORT_NAMES } from '../../../shared/framework';
import { ChartCanvas } from './ChartCanvas';
import { FigureMeta } from './FigureMeta';
import { STEP_COLORS } from './palette';
import { ScrollBox } from './ScrollBox';

/** Each theme's spread over the four steps in one period, as stacked bars and as a table. */
export function DistributionFigure({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
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
        labels: themes.map((theme) => THEME_SHORT_NAMES[theme.id]),
        datasets: STEPS.map((step) => ({
          label: `${step} ${labels[step - 1]}`,
          data: themes.map((theme) => period.stats[theme.id].counts[step]),
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
            max: Math.max(1, ...themes.map((theme) => period.stats[theme.id].n + period.stats[theme.id].notAssessed)),
            ticks: { precision: 0 },
            title: { display: true, text: t('distribution.axis') },
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
  }, [period, themes, labels, t]);

  return (
    <section className="dash-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('distribution.title')}</h2>
      {!period || !config ? (
        <p>{t('averages.none')}</p>
      ) : (
        <>
          <div className="field inline-field">
            <label htmlFor={selectId}>{d.grouping === 'round' ? t('distribution.round') : t('distribution.year')}</label>
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
            label={t('distribution.chart', { period: period.label })}
          />
          <ScrollBox label={t('distribution.table')}>
            <table className="data-table dash-table" id={tableId}>
              <caption>{t('distribution.caption', { period: period.label })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('averages.theme')}</th>
                  {STEPS.map((s) => (
                    <th scope="col" className="num" key={s}>
                      <abbr title={labels[s - 1]}>{t('distribution.step', { step: s })}</abbr>
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('distribution.n')}
                  </th>
                  <th scope="col" className="num">
                    {t('heat.mean')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {themes.map((theme) => {
                  const s = period.stats[theme.id];
                  return (
                    <tr key={theme.id} data-testid={`dist-${theme.id}`}>
                      <th scope="row">{THEME_SHORT_NAMES[theme.id]}</th>
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
          <FigureMeta updatedAt={d.updatedAt} n={t('distribution.meta', { count: period.institutions, period: period.label })} />
        </>
      )}
    </section>
  );
}
