import { useEffect, useRef } from 'react';
import { formatMean } from '../../../shared/format';
import type { ComparisonRow } from '../../../shared/reportModel';

/**
 * Bars of this inspection, the previous one and the municipal average per theme. chart.js is loaded
 * only when a report is opened, so the first screen stays small. The table below carries the same
 * numbers for screen readers and for readers of the printed report.
 */
export function ComparisonChart({ rows, previousDate, municipalLabel }: { rows: ComparisonRow[]; previousDate: string | null; municipalLabel: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void (async () => {
      const { createChart } = await import('../../ui/charts');
      if (cancelled || !canvas.current) return;
      chart = createChart(canvas.current, {
        type: 'bar',
        data: {
          labels: rows.map((r) => r.shortName),
          datasets: [
            { label: 'Dette tilsyn', data: rows.map((r) => r.current), backgroundColor: '#0b5cad' },
            ...(previousDate ? [{ label: `Forrige tilsyn (${previousDate})`, data: rows.map((r) => r.previous), backgroundColor: '#8fb3d9' }] : []),
            { label: municipalLabel, data: rows.map((r) => r.municipal), backgroundColor: '#4f5966' },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { min: 0, max: 4, ticks: { stepSize: 1 }, title: { display: true, text: 'Trin' } } },
          plugins: { legend: { position: 'bottom' } },
        },
      });
    })();
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows, previousDate, municipalLabel]);

  return (
    <figure className="comparison">
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label="Søjlediagram: trin pr. tema for dette tilsyn, forrige tilsyn og kommunens gennemsnit. Tallene står i tabellen nedenfor." />
      </div>
      <table className="data-table compact">
        <caption>Tallene bag diagrammet</caption>
        <thead>
          <tr>
            <th scope="col">Tema</th>
            <th scope="col" className="num">
              Dette tilsyn
            </th>
            {previousDate && (
              <th scope="col" className="num">
                Forrige ({previousDate})
              </th>
            )}
            <th scope="col" className="num">
              {municipalLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.themeId}>
              <th scope="row">{r.themeName}</th>
              <td className="num">{r.current ?? '–'}</td>
              {previousDate && <td className="num">{r.previous ?? '–'}</td>}
              <td className="num">
                {formatMean(r.municipal, r.municipalN)} <span className="muted">(n = {r.municipalN})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
