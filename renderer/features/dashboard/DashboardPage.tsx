import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useMemo, useState } from 'react';
import { InstitutionFilterFields } from '../../ui/InstitutionFilterFields';
import { computeDashboard, goalsForScale, indexDashboardData, type DashboardFilters, type Grouping } from '../../../shared/dashboard';
import { todayIso } from '../../../shared/dates';
import { exportFileName, scoreExportRows, scoresToCsv } from '../../../shared/exportScores';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS } from '../../../shared/institution';
import { useDatabase } from '../../state/context';
import { loadDashboardData } from '../../db/dashboardRepository';
import { getSession } from '../../sync/session';
import { getCachedThemeAverages } from '../../sync/themeAverages';
import { AveragesFigure } from './AveragesFigure';
import { CoverageSection, CoverageSummaryCard } from './CoverageSection';
import { FollowUpBoard } from './FollowUpBoard';
import { DistributionFigure } from './DistributionFigure';
import { downloadBlob } from './download';
import { formatUpdated } from './FigureMeta';
import { GoalCards } from './GoalCards';
import { HeatMap } from './HeatMap';
import { LederDashboard } from './LederDashboard';

interface FilterState {
  type: string;
  ownership: string;
  district: string;
  fromYear: string;
  toYear: string;
}
const NO_FILTERS: FilterState = { type: '', ownership: '', district: '', fromYear: '', toYear: '' };

/** The central office's overview across all institutions (route #/overblik). */
export function DashboardPage() {
  const db = useDatabase();
  const data = useLiveQuery(() => loadDashboardData(db), [db]);
  // A leder sees their own institution(s) against the municipal average (cached from the server).
  const session = useLiveQuery(async () => (await getSession(db)) ?? false, [db]);
  const cachedAverages = useLiveQuery(async () => (await getCachedThemeAverages(db)) ?? false, [db]);
  const index = useMemo(() => (data ? indexDashboardData(data) : null), [data]);
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
  const d = useMemo(() => (index ? computeDashboard(index, filters, { today, grouping }) : null), [index, filters, today, grouping]);
  const goals = useMemo(() => {
    if (!data || !d) return [];
    const order = d.framework.themes.map((t) => t.id);
    return goalsForScale(data.goals, d.scaleId).sort((a, b) => order.indexOf(a.themeId) - order.indexOf(b.themeId) || a.id.localeCompare(b.id));
  }, [data, d]);

  if (!data || !index || !d || session === undefined || cachedAverages === undefined) return <p>Henter overblikket…</p>;

  if (session && session.user.role === 'leder')
    return <LederDashboard data={data} institutionIds={session.user.institutionIds} cached={cachedAverages || null} serverUrl={session.serverUrl} />;

  if (index.institutions.length === 0)
    return (
      <section className="empty-state">
        <h1>Overblik</h1>
        <p>Der er ingen institutioner på denne computer endnu.</p>
        <p>
          Indlæs demodata fra <a href="#/">institutionslisten</a>, eller <a href="#/import">importér institutioner og historiske temascorer</a> fra en
          CSV-fil.
        </p>
      </section>
    );

  const set = (patch: Partial<FilterState>) => setF((cur) => ({ ...cur, ...patch }));
  const filtered = f.type || f.ownership || f.district || f.fromYear || f.toYear;

  const selectionText = () => {
    const parts = [
      f.type ? INSTITUTION_TYPE_LABELS[f.type as keyof typeof INSTITUTION_TYPE_LABELS] : 'alle typer',
      f.ownership ? OWNERSHIP_LABELS[f.ownership as keyof typeof OWNERSHIP_LABELS] : 'alle ejerformer',
      f.district ? `distrikt ${f.district}` : 'alle distrikter',
      `${f.fromYear || 'første år'}–${f.toYear || 'seneste år'}`,
    ];
    return parts.join(', ');
  };

  const exportRows = () => {
    const ids = new Set(d.heatMap.map((r) => r.institutionId));
    return scoreExportRows(data, {
      institutionIds: ids,
      from: f.fromYear ? `${f.fromYear}-01-01` : undefined,
      to: f.toYear ? `${f.toYear}-12-31` : undefined,
    });
  };

  const exportCsv = () => {
    setExportError('');
    downloadBlob(scoresToCsv(exportRows()), exportFileName(today, 'csv'), 'text/csv;charset=utf-8');
  };

  const exportXlsx = async () => {
    setExporting('xlsx');
    setExportError('');
    try {
      const { scoresToXlsx } = await import('./scoresXlsx');
      const buffer = await scoresToXlsx(exportRows(), { generated: today, selection: selectionText() });
      downloadBlob(buffer, exportFileName(today, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } catch (e) {
      setExportError(`Excel-filen kunne ikke dannes: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setExporting('');
    }
  };

  const years = index.years;
  return (
    <section className="dashboard">
      <div className="page-title">
        <div>
          <h1>Overblik</h1>
          <p className="lead">
            Opdateret {formatUpdated(d.updatedAt)} · <span data-testid="institution-count">{d.institutionCount}</span> institutioner i udsnittet
            {d.excludedOtherScale > 0 && ` · ${d.excludedOtherScale} tilsyn på en anden skala er ikke medregnet`}
          </p>
        </div>
        <div className="dash-actions" role="group" aria-label="Eksport af temascorer">
          <button type="button" className="secondary" onClick={exportCsv}>
            Hent CSV
          </button>
          <button type="button" className="secondary" onClick={exportXlsx} disabled={exporting === 'xlsx'}>
            {exporting === 'xlsx' ? 'Danner Excel…' : 'Hent Excel'}
          </button>
          <a href="#/import" className="button secondary">
            Importér
          </a>
        </div>
      </div>
      {exportError && (
        <p className="field-error" role="alert">
          {exportError}
        </p>
      )}

      <form className="filters dash-filters" aria-label="Filtre" onSubmit={(e) => e.preventDefault()}>
        <InstitutionFilterFields values={f} districts={index.districts} onChange={set} />
        <div className="field">
          <label htmlFor={ids.from}>Fra år</label>
          <select id={ids.from} value={f.fromYear} onChange={(e) => set({ fromYear: e.target.value })}>
            <option value="">Første</option>
            {years
              .filter((y) => !f.toYear || y <= Number(f.toYear))
              .map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.to}>Til år</label>
          <select id={ids.to} value={f.toYear} onChange={(e) => set({ toYear: e.target.value })}>
            <option value="">Seneste</option>
            {years
              .filter((y) => !f.fromYear || y >= Number(f.fromYear))
              .map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.grouping}>Periode</label>
          <select id={ids.grouping} value={grouping} onChange={(e) => setGrouping(e.target.value as Grouping)}>
            <option value="year">Pr. år</option>
            <option value="round">Pr. runde (2 år)</option>
          </select>
        </div>
        {filtered && (
          <button type="button" className="link" onClick={() => setF(NO_FILTERS)}>
            Nulstil filtre
          </button>
        )}
      </form>
      <p className="visually-hidden" aria-live="polite">
        {d.institutionCount} institutioner i udsnittet
      </p>

      <div className="dash-grid">
        {/* Goal status as seen at the end of the chosen period (or today): a period that ends in 2023 shows 2023's status. */}
        <GoalCards d={d} data={index} goals={goals} readOn={f.toYear && `${f.toYear}-12-31` < today ? `${f.toYear}-12-31` : today} />
        <CoverageSummaryCard d={d} />
        <AveragesFigure d={d} goals={goals} />
        <DistributionFigure d={d} />
        <HeatMap d={d} />
        <CoverageSection d={d} />
        <FollowUpBoard d={d} />
      </div>
    </section>
  );
}
