import { lazy, Suspense, useEffect, useState } from 'react';
import type { TilsynDatabase } from '../db/database';
import { hasInstitutions, loadDemoData } from '../db/demoRepository';
import { InspectionPage } from '../features/inspection/InspectionPage';
import { NewInspectionPage } from '../features/inspection/NewInspectionPage';
import { InstitutionListPage } from '../features/institutions/InstitutionListPage';
import { InstitutionPage } from '../features/institutions/InstitutionPage';
import { ReportPage } from '../features/report/ReportPage';
import { HoeringPage } from '../features/hoering/HoeringPage';
import { FollowUpPage } from '../features/followUp/FollowUpPage';
import { DatabaseContext } from '../state/context';
import { queryParam, useRoute } from '../state/router';
import { SaveIndicator } from './SaveIndicator';
import { ProviderReturnPage } from '../features/sync/ProviderReturnPage';
import { SyncPage } from '../features/sync/SyncPage';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { getSyncEngine } from '../sync/syncEngine';
import { exportUnsentToFile, importUnsentFromFile } from '../state/fileActions';
import { importLocalSnapshot, startDailySnapshots } from '../db/localSnapshot';
import { NoticeList } from './NoticeList';
import { StorageWarning } from './StorageWarning';
import { notify } from '../state/notices';
import { getPlatform } from '../platform/bridge';
import { currentActor } from '../db/actor';
import { useLiveQuery } from 'dexie-react-hooks';

// The central office's pages load on demand, so the consultant's first screen stays small.
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const ImportPage = lazy(() => import('../features/import/ImportPage').then((m) => ({ default: m.ImportPage })));
const DagplejeReportPage = lazy(() => import('../features/report/DagplejeReportPage').then((m) => ({ default: m.DagplejeReportPage })));
const SkaerpetTilsynPage = lazy(() => import('../features/skaerpet/SkaerpetTilsynPage').then((m) => ({ default: m.SkaerpetTilsynPage })));
const AdminPage = lazy(() => import('../features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));

/** After a restart to restore a snapshot backup: load it before anything reads or syncs the data. */
async function loadPendingSnapshot(db: TilsynDatabase): Promise<void> {
  try {
    const snapshot = await getPlatform().takePendingSnapshot();
    if (!snapshot) return;
    const { rows } = await importLocalSnapshot(db, snapshot);
    notify(`Backuppen er lagt tilbage (${rows} rækker).`);
  } catch (error) {
    notify(`Backuppen kunne ikke lægges tilbage; dine data er uændrede. ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}

export function App({ db }: { db: TilsynDatabase }) {
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
    return startDailySnapshots(db, getPlatform(), (error) => notify(`Dagens backup mislykkedes: ${error instanceof Error ? error.message : String(error)}`, 'error'));
  }, [db]);

  useEffect(
    () =>
      // The desktop menu's file items.
      getPlatform().onMenuAction((action) => {
        if (action === 'exportUnsent') void exportUnsentToFile(db);
        else if (action === 'importUnsent') void importUnsentFromFile(db);
        else if (action === 'savePdf') {
          if (window.location.hash.startsWith('#/rapport/')) void getPlatform().savePdf({ suggestedName: 'Tilsynsrapport.pdf' });
          else notify('Åbn en rapport for at gemme den som PDF.');
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
        Spring til indhold
      </a>
      <header className="app-header">
        <a className="brand" href="#/">
          Tilsyn
        </a>
        <nav aria-label="Hovedmenu">
          <a href="#/" aria-current={route.name === 'institutions' ? 'page' : undefined}>
            Institutioner
          </a>
          <a href="#/overblik" aria-current={route.name === 'dashboard' ? 'page' : undefined}>
            Overblik
          </a>
          {/* Import: forvaltning (on the server), or the app used without a server login (this browser only). */}
          {(role === null || role === 'forvaltning') && (
            <a href="#/import" aria-current={route.name === 'import' ? 'page' : undefined}>
              Import
            </a>
          )}
          <a href="#/opfoelgning" aria-current={route.name === 'followUps' ? 'page' : undefined}>
            Opfølgning
          </a>
          <a href="#/synkronisering" aria-current={route.name === 'sync' ? 'page' : undefined}>
            Synkronisering
          </a>
          {role === 'forvaltning' && (
            <a href="#/administration" aria-current={route.name === 'admin' ? 'page' : undefined}>
              Administration
            </a>
          )}
        </nav>
        <SyncIndicator />
        <SaveIndicator />
      </header>
      <NoticeList />
      <StorageWarning />
      <main id="main" tabIndex={-1}>
        {!ready ? (
          <p>Åbner databasen…</p>
        ) : route.name === 'institutions' ? (
          <InstitutionListPage />
        ) : route.name === 'institution' ? (
          <InstitutionPage id={route.id} />
        ) : route.name === 'dagplejeReport' ? (
          <Suspense fallback={<p>Henter siden…</p>}>
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
          <Suspense fallback={<p>Henter siden…</p>}>
            <SkaerpetTilsynPage id={route.id} />
          </Suspense>
        ) : route.name === 'sync' ? (
          <SyncPage />
        ) : route.name === 'providerReturn' ? (
          <ProviderReturnPage handoff={route.handoff} error={route.error} />
        ) : route.name === 'admin' ? (
          <Suspense fallback={<p>Henter siden…</p>}>
            <AdminPage section={route.section} />
          </Suspense>
        ) : route.name === 'dashboard' || route.name === 'import' ? (
          <Suspense fallback={<p>Henter siden…</p>}>{route.name === 'dashboard' ? <DashboardPage /> : <ImportPage />}</Suspense>
        ) : (
          <section>
            <h1>Siden findes ikke</h1>
            <p>
              <a href="#/">Gå til institutionerne</a>
            </p>
          </section>
        )}
      </main>
    </DatabaseContext.Provider>
  );
}
