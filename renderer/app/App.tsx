import { lazy, Suspense, useEffect, useState } from 'react';
import type { TilsynDatabase } from '../db/database';
import { hasInstitutions, loadDemoData } from '../db/demoRepository';
import { InstitutionListPage } from '../features/institutions/InstitutionListPage';
import { InstitutionPage } from '../features/institutions/InstitutionPage';
import { DatabaseContext } from '../state/context';
import { queryParam, useRoute } from '../state/router';
import { SaveIndicator } from './SaveIndicator';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { getSyncEngine } from '../sync/syncEngine';
import { exportUnsentToFile, importUnsentFromFile } from '../state/fileActions';
import { importLocalSnapshot, startDailySnapshots } from '../db/localSnapshot';
import { NoticeList } from './NoticeList';
import { StorageWarning } from './StorageWarning';
import { notify, words } from '../state/notices';
import { getPlatform } from '../platform/bridge';
import { currentActor } from '../db/actor';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { translate } from '../../shared/i18n/i18n';
import { LanguageSelect } from './LanguageSelect';

// The central office's pages load on demand, so the consultant's first screen stays small.
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const ImportPage = lazy(() => import('../features/import/ImportPage').then((m) => ({ default: m.ImportPage })));
const DagplejeReportPage = lazy(() => import('../features/report/DagplejeReportPage').then((m) => ({ default: m.DagplejeReportPage })));
const SkaerpetTilsynPage = lazy(() => import('../features/skaerpet/SkaerpetTilsynPage').then((m) => ({ default: m.SkaerpetTilsynPage })));
const CalibrationPage = lazy(() => import('../features/calibration/CalibrationPage').then((m) => ({ default: m.CalibrationPage })));
const AdminPage = lazy(() => import('../features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
// Only the start pages (the list, an institution) and the app's frame are in the first bundle: the
// others load when opened, so opening the app (on the dashboard too) parses and runs less.
const InspectionPage = lazy(() => import('../features/inspection/InspectionPage').then((m) => ({ default: m.InspectionPage })));
const NewInspectionPage = lazy(() => import('../features/inspection/NewInspectionPage').then((m) => ({ default: m.NewInspectionPage })));
const ReportPage = lazy(() => import('../features/report/ReportPage').then((m) => ({ default: m.ReportPage })));
const HoeringPage = lazy(() => import('../features/hoering/HoeringPage').then((m) => ({ default: m.HoeringPage })));
const FollowUpPage = lazy(() => import('../features/followUp/FollowUpPage').then((m) => ({ default: m.FollowUpPage })));
const ProviderReturnPage = lazy(() => import('../features/sync/ProviderReturnPage').then((m) => ({ default: m.ProviderReturnPage })));
const SyncPage = lazy(() => import('../features/sync/SyncPage').then((m) => ({ default: m.SyncPage })));

/** After a restart to restore a snapshot backup: load it before anything reads or syncs the data. */
async function loadPendingSnapshot(db: TilsynDatabase): Promise<void> {
  try {
    const snapshot = await getPlatform().takePendingSnapshot();
    if (!snapshot) return;
    const { rows } = await importLocalSnapshot(db, snapshot);
    notify(words('common:backup.restored', { count: rows }));
  } catch (error) {
    notify(words('common:backup.restoreFailed', { message: error instanceof Error ? error.message : String(error) }), 'error');
  }
}

export function App({ db }: { db: TilsynDatabase }) {
  const { t } = useTranslation();
  const route = useRoute();
  const [ready, setReady] = useState(false);
  // The administration link is for forvaltning only (the server checks the role on every call too).
  // The role of the latest pull (a role changed since login shows without a new login); null without a login.
  const role = useLiveQuery(async () => {
    const actor = await currentActor(db);
    return actor.local ? null : actor.role;
  }, [db]);

  useEffect(() => {
    // `npm run demo` opens the app with ?demo=1: load the demo data into an empty database.
    (async () => {
      await loadPendingSnapshot(db);
      if (queryParam('demo') === '1' && !(await hasInstitutions(db))) await loadDemoData(db);
      setReady(true);
      getSyncEngine(db).start();
    })();
    // The desktop app's daily backup while it runs (the main process takes one at each day's first start).
    return startDailySnapshots(db, getPlatform(), (error) => notify(words('common:backup.dailyFailed', { message: error instanceof Error ? error.message : String(error) }), 'error'));
  }, [db]);

  useEffect(
    () =>
      // The desktop menu's file items.
      getPlatform().onMenuAction((action) => {
        if (action === 'exportUnsent') void exportUnsentToFile(db);
        else if (action === 'importUnsent') void importUnsentFromFile(db);
        else if (action === 'savePdf') {
          if (window.location.hash.startsWith('#/rapport/')) void getPlatform().savePdf({ suggestedName: translate('common:reportPdfName') });
          else notify(words('common:openReportForPdf'));
        }
      }),
    [db],
  );

  useEffect(() => {
    // Leaving with unsaved typing would lose it: ask first (the debounce normally saves within a second).
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (document.querySelector('[data-unsaved="true"]')) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  return (
    <DatabaseContext.Provider value={db}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <a className="brand" href="#/">
          {t('appName')}
        </a>
        <nav aria-label={t('nav.label')}>
          <a href="#/" aria-current={route.name === 'institutions' ? 'page' : undefined}>
            {t('nav.institutions')}
          </a>
          <a href="#/overblik" aria-current={route.name === 'dashboard' ? 'page' : undefined}>
            {t('nav.overview')}
          </a>
          {/* Import: forvaltning (on the server), or the app used without a server login (this browser only). */}
          {(role === null || role === 'forvaltning') && (
            <a href="#/import" aria-current={route.name === 'import' ? 'page' : undefined}>
              {t('nav.import')}
            </a>
          )}
          <a href="#/opfoelgning" aria-current={route.name === 'followUps' ? 'page' : undefined}>
            {t('nav.followUp')}
          </a>
          <a href="#/synkronisering" aria-current={route.name === 'sync' ? 'page' : undefined}>
            {t('nav.sync')}
          </a>
          {/* Calibration: konsulent and forvaltning (a leder never sees agreement figures; the server refuses too). */}
          {(role === 'konsulent' || role === 'forvaltning') && (
            <a href="#/kalibrering" aria-current={route.name === 'calibration' ? 'page' : undefined}>
              {t('kalibrering:nav')}
            </a>
          )}
          {role === 'forvaltning' && (
            <a href="#/administration" aria-current={route.name === 'admin' ? 'page' : undefined}>
              {t('nav.admin')}
            </a>
          )}
        </nav>
        <SyncIndicator />
        <SaveIndicator />
        <LanguageSelect />
      </header>
      <NoticeList />
      <StorageWarning />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p>{t('loading.page')}</p>}>
        {!ready ? (
          <p>{t('loading.database')}</p>
        ) : route.name === 'institutions' ? (
          <InstitutionListPage />
        ) : route.name === 'institution' ? (
          <InstitutionPage id={route.id} />
        ) : route.name === 'dagplejeReport' ? (
          <Suspense fallback={<p>{t('loading.page')}</p>}>
            <DagplejeReportPage institutionId={route.institutionId} />
          </Suspense>
        ) : route.name === 'newInspection' ? (
          <NewInspectionPage institutionId={route.institutionId} />
        ) : route.name === 'inspection' ? (
          <InspectionPage id={route.id} />
        ) : route.name === 'report' ? (
          <ReportPage id={route.id} />
        ) : route.name === 'hoering' ? (
          <HoeringPage id={route.id} />
        ) : route.name === 'followUps' ? (
          <FollowUpPage />
        ) : route.name === 'skaerpetTilsyn' ? (
          <Suspense fallback={<p>{t('loading.page')}</p>}>
            <SkaerpetTilsynPage id={route.id} />
          </Suspense>
        ) : route.name === 'sync' ? (
          <SyncPage />
        ) : route.name === 'providerReturn' ? (
          <ProviderReturnPage handoff={route.handoff} error={route.error} />
        ) : route.name === 'calibration' ? (
          <Suspense fallback={<p>{t('loading.page')}</p>}>
            <CalibrationPage />
          </Suspense>
        ) : route.name === 'admin' ? (
          <Suspense fallback={<p>{t('loading.page')}</p>}>
            <AdminPage section={route.section} />
          </Suspense>
        ) : route.name === 'dashboard' || route.name === 'import' ? (
          <Suspense fallback={<p>{t('loading.page')}</p>}>{route.name === 'dashboard' ? <DashboardPage /> : <ImportPage />}</Suspense>
        ) : (
          <section>
            <h1>{t('notFound.title')}</h1>
            <p>
              <a href="#/">{t('notFound.back')}</a>
            </p>
          </section>
        )}
        </Suspense>
      </main>
    </DatabaseContext.Provider>
  );
}
