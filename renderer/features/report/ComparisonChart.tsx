import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { translate } from '../../../shared/i18n/i18n';
import { formatMean } from '../../../shared/format';
import { municipalShown, suppressedText, type ComparisonRow } from '../../../shared/reportModel';
import { ScrollBox } from '../dashboard/ScrollBox';
import { formatLongDate } from '../../../shared/dates';

/** Under the table: where the municipal figure comes from. undefined: a version frozen before the server's figure. */
function municipalSource(fetchedAt: string | null | undefined): string | null {
  if (fetchedAt === undefined) return null;
  if (fetchedAt === null) return translate('report:comparison.sourceNotFetched');
  return translate('report:comparison.source', { date: formatLongDate(fetchedAt) });
}

function municipalText(r: ComparisonRow, fetchedAt: string | null | undefined): string {
  if (fetchedAt === null) return translate('report:comparison.notFetched');
  const shown = municipalShown(r);
  if (shown === 'suppressed') return suppressedText();
  return shown ? `${formatMean(shown.mean, shown.n)} (n = ${shown.n})` : `– (n = ${r.municipalN})`;
}

/**
 * Bars of this inspection, the previous one and the municipal average per theme. chart.js is loaded
 * only when a report is opened, so the first screen stays small. The table below carries the same
 * numbers for screen readers and for readers of the printed report.
 */
export function ComparisonChart({
  rows,
  previousDate,
  municipalLabel,
  municipalFetchedAt,
}: {
  rows: ComparisonRow[];
  previousDate: string | null;
  municipalLabel: string;
  municipalFetchedAt?: string | null | undefined;
}) {
  const { t } = useTranslation('report');
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
            { label: t('comparison.thisInspection'), data: rows.map((r) => r.current), backgroundColor: '#0b5cad' },
            ...(previousDate ? [{ label: t('comparison.previousInspection', { date: previousDate }), data: rows.map((r) => r.previous), backgroundColor: '#8fb3d9' }] : []),
            { label: municipalLabel, data: rows.map((r) => {
              const shown = municipalShown(r);
              return shown && shown !== 'suppressed' ? shown.mean : null;
            }), backgroundColor: '#4f5966' },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { min: 0, max: 4, ticks: { stepSize: 1 }, title: { display: true, text: t('comparison.step') } } },
          plugins: { legend: { position: 'bottom' } },
        },
      });
    })();
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows, previousDate, municipalLabel, t]);

  return (
    <figure className="comparison">
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={t('comparison.chartLabel')} />
      </div>
      <ScrollBox label={t('comparison.table')}>
      <table className="data-table compact">
        <caption>{t('comparison.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('comparison.theme')}</th>
            <th scope="col" className="num">
              {t('comparison.thisInspection')}
            </th>
            {previousDate && (
              <th scope="col" className="num">
                {t('comparison.previous', { date: previousDate })}
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
              <td className="num municipal-cell">{municipalText(r, municipalFetchedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollBox>
      {municipalSource(municipalFetchedAt) && <figcaption className="muted municipal-source">{municipalSource(municipalFetchedAt)}</figcaption>}
    </figure>
  );
}
