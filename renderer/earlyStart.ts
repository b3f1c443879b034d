import { startDashboardWorkerEarly } from './features/dashboard/dashboardWorkerStart';
import { parseRoute } from './state/router';

/*
 * The first module main.tsx imports, so its body runs before the rest of the app's modules are
 * evaluated (React DOM, the screens, Dexie, zod: a few hundred ms on a slow laptop). Opened on the
 * dashboard, its worker starts reading IndexedDB and its chunk starts loading right away.
 *
 * The name is TilsynDatabase's default, not read from getDatabase() (that would evaluate Dexie
 * first); useDashboard takes the worker over only for the database it was started on.
 */
const APP_DATABASE = 'tilsyn';

if (parseRoute(location.hash).name === 'dashboard') {
  startDashboardWorkerEarly(APP_DATABASE);
  void import('./features/dashboard/DashboardPage');
}
