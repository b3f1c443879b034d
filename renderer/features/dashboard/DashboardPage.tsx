import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/dates';
import { InstitutionFilterFields } from '../../ui/InstitutionFilterFields';
import { goalsForScale, type DashboardFilters, type Grouping } from '../../../shared/dashboard';
import { todayIso } from '../../../shared/dates';
import { averageExportRows, averagesToCsv, exportFileName, scoreExportRows, scoresToCsv } from '../../../shared/exportScores';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS } from '../../../shared/institution';
import { useDatabase } from '../../state/context';
import { loadDashboardData } from '../../db/dashboardRepository';
import { currentActor, type Actor } from '../../db/actor';
import type { SyncMeta } from '../../../shared/sync/clientCore';
import { SYNC_META_KEY } from '../../db/metaKeys';
import { getSession } from '../../sync/session';
import { getCachedThemeAverages } from '../../sync/themeAverages';
import { ServerAverages } from './ServerAverages';
import { getCachedUncertainThemes } from '../../sync/uncertainThemes';
import { uncertainMarks } from '../calibration/uncertainMark';
import { AveragesFigure } from './AveragesFigure';
import { CoverageSection, CoverageSummaryCard } from './CoverageSection';
import { FollowUpBoard } from './FollowUpBoard';
import { DistributionFigure } from './DistributionFigure';
import { downloadBlob } from './download';
import { formatUpdated } from './FigureMeta';
import { GoalCards } from './GoalCards';
import { HeatMap } from './HeatMap';
import { LederDashboard } from './LederDashboard';
import { PublicationClockBoard } from './PublicationClockBoard';
import { useDashboard } from './useDashboard';
import { useAfterFirstPaint } from './afterFirstPaint';
import { SkaerpetOverview } from '../skaerpet/SkaerpetOverview';
import { VisitMixSection } from './VisitMixSection';

interface FilterState {
  type: string;
  ownership: string;
  district: string;
  fromYear: string;
  toYear: string;
}
const NO_FILTERS: FilterState = { type: '', ownership: '', district: '', fromYear: '', toYear: '' };

/** A leder's own institutions: the pulled scope (all local ones if the scope says all). */
function ownInstitutions(actor: Actor, data: { institutions: readonly { id: string }[] }): readonly string[] {
  return actor.institutionIds === undefined || actor.institutionIds === 'all' ? data.institutions.map((i) => i.id) : actor.institutionIds;
}

/** The central office's overview across all institutions (route #/overblik). */
export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const db = useDatabase();
  // The dashboard is computed from this computer's copy: say how fresh it is.
  const lastPullAt = useLiveQuery(async () => ((await db.meta.get(SYNC_META_KEY))?.value as Partial<SyncMeta> | undefined)?.lastPullAt ?? null, [db]);
  // A leder sees their own institution(s) against the municipal average (cached from the server).
  // Role and institutions from the latest pull, so a newly linked institution shows without a new login.
  const session = useLiveQuery(async () => {
    const s = await getSession(db);
    return s ? { serverUrl: s.serverUrl, actor: await currentActor(db) } : false;
  }, [db]);
  const cachedAverages = useLiveQuery(async () => (await getCachedThemeAverages(db)) ?? false, [db]);
  // Themes whose agreement the server flagged (calibration): their averages are marked "usikker".
  const cachedUncertain = useLiveQuery(() => getCachedUncertainThemes(db), [db]);
  const leder = !!session && session.actor.role === 'leder';
  const lederData = useLiveQuery(() => (leder ? loadDashboardData(db) : null), [db, leder]);
  const [f, setF] = useState<FilterState>(NO_FILTERS);
  const [grouping, setGrouping] = useState<Grouping>('year');
  const [exporting, setExporting] = useState<'' | 'csv' | 'xlsx'>('');
  const [exportError, setExportError] = useState('');
  const today = todayIso();
  const ids = { from: useId(), to: useId(), grouping: useId() };

  const filters: DashboardFilters = useMemo(
    () => ({
      type: f.type,
      ownership: f.ownership,
      district: f.district,
      fromYear: f.fromYear ? Number(f.fromYear) : null,
      toYear: f.toYear ? Number(f.toYear) : null,
    }),
    [f],
  );
  const options = useMemo(() => ({ today, grouping }), [today, grouping]);
  // Started before the session is read (it is rarely a leder): the read is the critical path.
  // Goal status as seen at the end of the chosen period (or today): a period that ends in 2023 shows 2023's status.
  const goalsReadOn = f.toYear && `${f.toYear}-12-31` < today ? `${f.toYear}-12-31` : today;
  const { view, error } = useDashboard(db, filters, options, goalsReadOn, !leder);
  const d = view?.dashboard;
  const belowFirstScreen = useAfterFirstPaint(!!d);
  const goals = useMemo(() => {
    if (!view || !d) return [];
    const order = d.framework.themes.map((t) => t.id);
    return goalsForScale(view.goals, d.scaleId).sort((a, b) => order.indexOf(a.themeId) - order.indexOf(b.themeId) || a.id.localeCompare(b.id));
  }, [view, d]);

  if (session === undefined || cachedAverages === undefined) return <p>{t('loading')}</p>;

  if (session && leder)
    return lederData ? <LederDashboard data={lederData} institutionIds={ownInstitutions(session.actor, lederData)} cached={cachedAverages || null} serverUrl={session.serverUrl} /> : <p>{t('loading')}</p>;

  if (error)
    return (
      <p className="field-error" role="alert">
        {t('failed', { error })}
      </p>
    );
  if (!view || !d) return <p>{t('loading')}</p>;

  if (view.institutionTotal === 0)
    return (
      <section className="empty-state">
        <h1>{t('title')}</h1>
        <p>{t('empty')}</p>
        <p>
          <Trans t={t} i18nKey="emptyHelp" components={{ list: <a href="#/" />, import: <a href="#/import" /> }} />
        </p>
      </section>
    );

  const set = (patch: Partial<FilterState>) => setF((cur) => ({ ...cur, ...patch }));
  const filtered = f.type || f.ownership || f.district || f.fromYear || f.toYear;

  const selectionText = () => {
    const parts = [
      f.type ? INSTITUTION_TYPE_LABELS[f.type as keyof typeof INSTITUTION_TYPE_LABELS] : t('selection.allTypes'),
      f.ownership ? OWNERSHIP_LABELS[f.ownership as keyof typeof OWNERSHIP_LABELS] : t('selection.allOwnerships'),
      f.district ? t('selection.district', { district: f.district }) : t('selection.allDistricts'),
      `${f.fromYear || t('selection.firstYear')}–${f.toYear || t('selection.latestYear')}`,
    ];
    return parts.join(', ');
  };

  // The export reads its data when asked: the page itself holds only the computed figures.
  const exportRows = async () => {
    const ids = new Set(d.heatMap.map((r) => r.institutionId));
    return scoreExportRows(await loadDashboardData(db), {
      institutionIds: ids,
      from: f.fromYear ? `${f.fromYear}-01-01` : undefined,
      to: f.toYear ? `${f.toYear}-12-31` : undefined,
    });
  };

  const exportCsv = async () => {
    setExportError('');
    try {
      downloadBlob(scoresToCsv(await exportRows()), exportFileName(today, 'csv'), 'text/csv;charset=utf-8');
    } catch (e) {
      setExportError(t('csvFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  const exportAveragesCsv = () => {
    setExportError('');
    downloadBlob(averagesToCsv(averageExportRows(d)), exportFileName(today, 'csv', 'gennemsnit'), 'text/csv;charset=utf-8');
  };

  const exportXlsx = async () => {
    setExporting('xlsx');
    setExportError('');
    try {
      const { scoresToXlsx } = await import('./scoresXlsx');
      const buffer = await scoresToXlsx(await exportRows(), { generated: today, selection: selectionText() }, averageExportRows(d));
      downloadBlob(buffer, exportFileName(today, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } catch (e) {
      setExportError(t('excelFailed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setExporting('');
    }
  };

  const years = view.years;
  const uncertain = uncertainMarks(cachedUncertain ?? null, session ? session.serverUrl : null);
  return (
    <section className="dashboard">
      <div className="page-title">
        <div>
          <h1>{t('title')}</h1>
          <p className="lead">
            {t('updated', { date: formatUpdated(d.updatedAt) })} ·{' '}
            <Trans t={t} i18nKey="inSelection" count={d.institutionCount} components={{ count: <span data-testid="institution-count" /> }} />
            {d.excludedOtherScale > 0 && t('otherScale', { count: d.excludedOtherScale })}
          </p>
          {session && (
            <p className="hint" data-testid="dashboard-synced">
              {lastPullAt
                ? t('computedSynced', { time: formatDateTime(lastPullAt, { dateStyle: 'long', timeStyle: 'short' }) })
                : t('computedNotSynced')}
            </p>
          )}
        </div>
        <div className="dash-actions" role="group" aria-label={t('exportGroup')}>
          <button type="button" className="secondary" onClick={exportCsv}>
            {t('downloadCsv')}
          </button>
          <button type="button" className="secondary" onClick={exportAveragesCsv}>
            {t('downloadAverages')}
          </button>
          <button type="button" className="secondary" onClick={exportXlsx} disabled={exporting === 'xlsx'}>
            {exporting === 'xlsx' ? t('makingExcel') : t('downloadExcel')}
          </button>
          <a href="#/import" className="button secondary">
            {t('import')}
          </a>
        </div>
      </div>
      {exportError && (
        <p className="field-error" role="alert">
          {exportError}
        </p>
      )}
      {/* A konsulent's copy holds only their institutions: the municipal figures are the server's (cached for offline). */}
      {session && session.actor.role === 'konsulent' && <ServerAverages cached={cachedAverages || null} serverUrl={session.serverUrl} />}

      <form className="filters dash-filters" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <InstitutionFilterFields values={f} districts={view.districts} onChange={set} />
        <YearSelect id={ids.from} label={t('fromYear')} any={t('firstYear')} value={f.fromYear} years={years.filter((y) => !f.toYear || y <= Number(f.toYear))} onChange={(fromYear) => set({ fromYear })} />
        <YearSelect id={ids.to} label={t('toYear')} any={t('latestYear')} value={f.toYear} years={years.filter((y) => !f.fromYear || y >= Number(f.fromYear))} onChange={(toYear) => set({ toYear })} />
        <div className="field">
          <label htmlFor={ids.grouping}>{t('period')}</label>
          <select id={ids.grouping} value={grouping} onChange={(e) => setGrouping(e.target.value as Grouping)}>
            <option value="year">{t('perYear')}</option>
            <option value="round">{t('perRound')}</option>
          </select>
        </div>
        {filtered && (
          <button type="button" className="link" onClick={() => setF(NO_FILTERS)}>
            {t('resetFilters')}
          </button>
        )}
      </form>
      <p className="visually-hidden" aria-live="polite">
        {t('inSelectionPlain', { count: d.institutionCount })}
      </p>

      <div className="dash-grid">
        <GoalCards d={d} readings={view.goalReadings} goals={goals} uncertain={uncertain} />
        <CoverageSummaryCard d={d} />
        <AveragesFigure d={d} goals={goals} uncertain={uncertain} />
        <DistributionFigure d={d} />
        <HeatMap d={d} />
        {belowFirstScreen && (
          <>
            <CoverageSection d={d} />
            <VisitMixSection mix={view.visitMix} />
            <FollowUpBoard d={d} />
            <PublicationClockBoard d={d} />
            <SkaerpetOverview />
          </>
        )}
      </div>
    </section>
  );
}

/** One end of the period: a year with final inspections, or none (the first / the latest). */
function YearSelect({ id, label, any, value, years, onChange }: { id: string; label: string; any: string; value: string; years: readonly number[]; onChange: (year: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any}</option>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}
