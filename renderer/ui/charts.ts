/*
 * chart.js, registered with only the parts the dashboard draws (tree-shaken). This module is loaded
 * with a dynamic import when the dashboard or a report opens, so chart.js is not in the first screen's bundle.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);
Chart.defaults.color = '#1b1f24';
Chart.defaults.font.family = "system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

export function createChart(canvas: HTMLCanvasElement, config: ChartConfiguration): { destroy(): void } {
  return new Chart(canvas, config);
}
