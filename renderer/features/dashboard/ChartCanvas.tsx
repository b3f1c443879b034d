import type { ChartConfiguration } from 'chart.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A chart.js canvas. The canvas is an image with a short label; the numbers themselves are in the
 * table the figure points to with `describedBy`, which is the text alternative.
 */
export function ChartCanvas({ config, label, describedBy, height }: { config: ChartConfiguration; label: string; describedBy: string; height: number }) {
  const { t } = useTranslation('dashboard');
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    // Drawn after the page's first paint with its numbers (the tables are the figures; a chart takes
    // chart.js 100–200 ms to lay out on a busy 2-core machine and need not hold them back).
    const painted = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    Promise.all([import('../../ui/charts'), painted])
      .then(([{ createChart }]) => {
        if (!cancelled && canvas.current) chart = createChart(canvas.current, config);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [config]);

  if (failed) return <p className="notice">{t('chartFailed')}</p>;
  return (
    <div className="dash-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} aria-describedby={describedBy} />
    </div>
  );
}
