import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommitteeReportSchema, committeeCsv, type CommitteeReport } from '../../../shared/committee';
import { formatLongDate, todayIso } from '../../../shared/dates';
import { overduePaabudByInstitution } from '../../../shared/paabud';
import { isLateStart, openCases, startLimit } from '../../../shared/skaerpetTilsyn';
import { ServerError } from '../../../shared/serverError';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { useAdminAccess } from '../admin/adminApi';
import { downloadBlob } from '../dashboard/download';
import { DateInput } from '../../ui/DateInput';
import { CaseList } from './CaseList';
import './skaerpet.css';

/**
 * The dashboard's skærpet-tilsyn card: open cases (late starts first) with their next checkpoint,
 * and institutions with overdue påbud, raised for the skærpet-tilsyn decision. From this
 * computer's copy, like the rest of the dashboard.
 */
export function SkaerpetOverview() {
  const { t } = useTranslation('skaerpet');
  const db = useDatabase();
  const today = todayIso();
  const data = useLiveQuery(async () => {
    const [cases, plans, institutions, rammer, paabud] = await Promise.all([
      db.skaerpedeTilsyn.where('status').equals('aaben').toArray(),
      db.handleplaner.toArray(),
      db.institutions.toArray(),
      db.tilsynsrammer.toArray(),
      db.opfoelgninger.filter((o) => o.type === 'paabud' && !o.deleted).toArray(),
    ]);
    const inspections = await db.inspections.where('institutionId').anyOf([...new Set(cases.map((c) => c.institutionId))]).toArray();
    return { cases, plans, institutions, rammer, paabud, inspections };
  }, [db]);
  if (!data) return null;
  const names = new Map(data.institutions.map((i) => [i.id, i.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const rows = openCases(data.cases, data.plans, data.inspections, today, (on) => startLimit(data.rammer, on));
  const late = rows.filter((r) => isLateStart(r.start.state) || (r.planStart && isLateStart(r.planStart.state))).length;
  const overdue = overduePaabudByInstitution(data.paabud, today);
  const openCaseAt = new Set(data.cases.map((c) => c.institutionId));

  return (
    <section className="dash-card dash-wide skaerpet-overview" aria-labelledby="skaerpet-heading" data-testid="skaerpet-overview">
      <h2 id="skaerpet-heading">{t('overview.title')}</h2>
      <p className="lead">
        {t('overview.open', { n: rows.length })}
        {late > 0 && <strong className="badge badge-due"> {t('overview.late', { n: late })}</strong>} · {t('overview.overdueInstitutions', { n: overdue.length })}
      </p>
      {rows.length > 0 ? <CaseList rows={rows} institutionName={nameOf} caption={t('overview.caption')} /> : <p className="muted">{t('overview.none')}</p>}
      <h3>{t('overview.paabudTitle')}</h3>
      {overdue.length === 0 ? (
        <p className="muted">{t('overview.noPaabud')}</p>
      ) : (
        <ul className="paabud-flags" data-testid="paabud-flags">
          {overdue.map((f) => (
            <li key={f.institutionId}>
              <a href={href({ name: 'institution', id: f.institutionId })}>{nameOf(f.institutionId)}</a>: {t('overview.paabudOverdue', { n: f.items.length, date: formatLongDate(f.oldestDue) })}{' '}
              <span className="badge badge-due">{openCaseAt.has(f.institutionId) ? t('overview.caseOpen') : t('overview.decide')}</span>
            </li>
          ))}
        </ul>
      )}
      <CommitteeExport />
    </section>
  );
}

/** The committee's figures for a period, computed on the server, as CSV or Excel (forvaltning, online). */
function CommitteeExport() {
  const { t } = useTranslation('skaerpet');
  const access = useAdminAccess();
  const ids = { from: useId(), to: useId() };
  const year = todayIso().slice(0, 4);
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(todayIso());
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (access.state !== 'ready') return <p className="hint">{t('committee.loginFirst')}</p>;
  const client = access.client;

  const fetchReport = async (): Promise<CommitteeReport | null> => {
    setError('');
    try {
      return await client.get(`/api/committee/figures?from=${from}&to=${to}`, CommitteeReportSchema);
    } catch (e) {
      setError(e instanceof ServerError ? e.message : t('committee.failed'));
      return null;
    }
  };
  const csv = async () => {
    const r = await fetchReport();
    if (r) downloadBlob(committeeCsv(r), `udvalg-${r.from}-${r.to}.csv`, 'text/csv;charset=utf-8');
  };
  const xlsx = async () => {
    setBusy(true);
    try {
      const r = await fetchReport();
      if (!r) return;
      const { committeeToXlsx } = await import('./committeeXlsx');
      downloadBlob(await committeeToXlsx(r), `udvalg-${r.from}-${r.to}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="committee-export filters" aria-label={t('committee.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={ids.from}>{t('committee.from')}</label>
        <DateInput id={ids.from} value={from} onChange={(iso) => setFrom(iso ?? '')} />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{t('committee.to')}</label>
        <DateInput id={ids.to} value={to} onChange={(iso) => setTo(iso ?? '')} />
      </div>
      <button type="button" className="secondary" onClick={() => void csv()}>
        {t('committee.csv')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => void xlsx()}>
        {busy ? t('committee.building') : t('committee.xlsx')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
