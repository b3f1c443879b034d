import { useLiveQuery } from 'dexie-react-hooks';
import { UnitFact } from './UnitFact';
import { coverage } from '../../../shared/coverage';
import { formatShownDate, todayIso } from '../../../shared/dates';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';
import { THEME_IDS, THEME_SHORT_NAMES } from '../../../shared/framework';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS, unitTypeOf } from '../../../shared/institution';
import { isOpenFollowUp } from '../../../shared/followUp';
import { STATUS_LABELS } from '../../../shared/inspection';
import { sortVersions, type Rapportversion } from '../../../shared/reportVersion';
import { useDatabase } from '../../state/context';
import { pendingPerInspection } from '../../sync/changeContext';
import { href } from '../../state/router';
import { useActor } from '../../state/useActor';
import { listFollowUps } from '../../db/followUpRepository';
import { institutionInspections } from '../../db/institutionRepository';
import { FollowUpList } from '../followUp/FollowUpList';
import { CaseList } from '../skaerpet/CaseList';
import { CaseFileButton } from '../skaerpet/CaseFileButton';
import { caseOverview, startLimit } from '../../../shared/skaerpetTilsyn';

export function InstitutionPage({ id }: { id: string }) {
  const { t } = useTranslation('institutions');
  const db = useDatabase();
  const actor = useActor();
  const data = useLiveQuery(async () => {
    const institution = await db.institutions.get(id);
    if (!institution) return { institution: null };
    const inspections = await institutionInspections(db, id);
    const scores = await db.themeScores.where('inspectionId').anyOf(inspections.map((i) => i.id)).toArray();
    const followUps = await listFollowUps(db, id);
    // Final reports whose inspection is not on this computer (a leder's, while the consultant corrects it).
    const local = new Set(inspections.map((i) => i.id));
    const versions = (await db.rapportversioner.toArray()).filter((v) => v.snapshot.institutionId === id && !local.has(v.inspectionId));
    const frozen = new Map<string, Rapportversion>();
    for (const v of sortVersions(versions)) if (!frozen.has(v.inspectionId)) frozen.set(v.inspectionId, v);
    const [cases, plans, rammer] = await Promise.all([db.skaerpedeTilsyn.where('institutionId').equals(id).toArray(), db.handleplaner.where('institutionId').equals(id).toArray(), db.tilsynsrammer.toArray()]);
    const pending = await pendingPerInspection(db);
    return { institution, inspections, scores, followUps, frozen: [...frozen.values()], cases, plans, rammer, pending };
  }, [db, id]);

  if (data === undefined) return <p>{t('common:loading.short')}</p>;
  if (!data.institution)
    return (
      <section>
        <h1>{t('page.unknown')}</h1>
        <p>
          {t('page.unknownText', { id })} <a href="#/">{t('page.back')}</a>
        </p>
      </section>
    );

  const { institution, inspections = [], scores = [], followUps = [], frozen = [], cases = [], plans = [], rammer = [], pending = new Map<string, number>() } = data;
  const caseRows = cases
    .map((c) => caseOverview(c, plans.find((p) => p.id === c.id) ?? null, inspections, todayIso(), (on) => startLimit(rammer, on)))
    .sort((a, b) => Number(a.case.status === 'lukket') - Number(b.case.status === 'lukket') || b.case.establishedOn.localeCompare(a.case.establishedOn));
  const isLeder = actor?.role === 'leder';
  const openFollowUps = followUps.filter(isOpenFollowUp);
  const closedFollowUps = followUps.filter((f) => !isOpenFollowUp(f));
  const cov = coverage(inspections, todayIso());
  const scoreOf = (inspectionId: string, themeId: string) => scores.find((s) => s.inspectionId === inspectionId && s.themeId === themeId);

  return (
    <section>
      <p className="breadcrumb">
        <a href="#/">{t('common:nav.institutions')}</a> › {institution.name}
      </p>
      <div className="page-title">
        <h1>{institution.name}</h1>
        {unitTypeOf(institution) === 'dagpleje' && (
          <a className="button secondary" href={href({ name: 'dagplejeReport', institutionId: institution.id })}>
            {t('page.dagplejeReport')}
          </a>
        )}
        {actor && !isLeder && (
          <a className="button primary" href={href({ name: 'newInspection', institutionId: institution.id })}>
            {t('page.newInspection')}
          </a>
        )}
        {actor?.role === 'forvaltning' && <CaseFileButton institutionId={institution.id} />}
      </div>
      <dl className="facts">
        <div>
          <dt>{t('fields.type')}</dt>
          <dd>{INSTITUTION_TYPE_LABELS[institution.type]}</dd>
        </div>
        <UnitFact institution={institution} />
        <div>
          <dt>{t('fields.ownership')}</dt>
          <dd>{OWNERSHIP_LABELS[institution.ownership]}</dd>
        </div>
        <div>
          <dt>{t('fields.district')}</dt>
          <dd>{institution.district ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('facts.places')}</dt>
          <dd>
            {institution.children0to2} / {institution.children3to5}
          </dd>
        </div>
        <div>
          <dt>{t('facts.lastFinal')}</dt>
          <dd>
            {cov.lastFinalDate ? formatShownDate(cov.lastFinalDate) : t('facts.none')}{' '}
            {cov.due ? <span className="badge badge-due">{t('coverage.due')}</span> : <span className="badge badge-ok">{t('coverage.ok')}</span>}
          </dd>
        </div>
      </dl>

      {caseRows.length > 0 && (
        <section aria-labelledby="cases-heading" data-testid="institution-cases">
          <h2 id="cases-heading">{t('page.cases')}</h2>
          <CaseList rows={caseRows} caption={t('page.casesCaption')} />
        </section>
      )}

      <h2>{t('page.history')}</h2>
      {inspections.length === 0 && frozen.length === 0 ? (
        <p>{t('page.noInspections')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('page.historyLabel')}>
          <table className="data-table steps-table">
            <caption className="visually-hidden">{t('page.historyCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('page.date')}</th>
                <th scope="col">{t('page.status')}</th>
                {THEME_IDS.map((themeId) => (
                  <th scope="col" key={themeId} className="num">
                    <abbr title={CURRENT_FRAMEWORK.themes.find((th) => th.id === themeId)?.name}>{THEME_SHORT_NAMES[themeId]}</abbr>
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('page.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {inspections.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {formatShownDate(i.date)}
                    <span className="muted"> · {t(`page.visitType.${i.visitType}`)}</span>
                  </th>
                  <td>
                    {STATUS_LABELS[i.status]}
                    {pending.get(i.id) ? (
                      <a className="badge badge-pending" href="#/synkronisering" data-testid={`pending-${i.id}`}>
                        {t('page.pending', { count: pending.get(i.id)!, n: formatNumber(pending.get(i.id)!, { decimals: 0 }) })}
                      </a>
                    ) : null}
                  </td>
                  {THEME_IDS.map((themeId) => {
                    const s = scoreOf(i.id, themeId);
                    return (
                      <td key={themeId} className="num">
                        {s?.notAssessed ? <abbr title={t('page.notAssessedTitle', { reason: s.notAssessedReason })}>{t('inspection:notAssessedShort')}</abbr> : s?.step ? <span className={`step step-${s.step}`}>{s.step}</span> : '–'}
                      </td>
                    );
                  })}
                  <td className="actions">
                    {isLeder ? (
                      i.status === 'i_hoering' && <a href={href({ name: 'hoering', id: i.id })}>{t('page.answerHoering')}</a>
                    ) : (
                      <a href={href({ name: 'inspection', id: i.id })}>{i.status === 'endelig' || i.status === 'i_hoering' ? t('page.open') : t('page.continue')}</a>
                    )}{' '}
                    <a href={href({ name: 'report', id: i.id })}>{t('page.report')}</a>
                  </td>
                </tr>
              ))}
              {frozen.map((v) => (
                <tr key={v.inspectionId}>
                  <th scope="row">{v.snapshot.date}</th>
                  <td>{t('page.beingCorrected', { version: v.version })}</td>
                  {THEME_IDS.map((themeId) => {
                    const r = v.snapshot.rows.find((x) => x.themeId === themeId);
                    return (
                      <td key={themeId} className="num">
                        {r?.notAssessed ? <abbr title={t('page.notAssessedTitle', { reason: r.notAssessedReason })}>{t('inspection:notAssessedShort')}</abbr> : r?.step ? <span className={`step step-${r.step}`}>{r.step}</span> : '–'}
                      </td>
                    );
                  })}
                  <td className="actions">
                    <a href={href({ name: 'report', id: v.inspectionId })}>{t('page.report')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('page.followUps')}</h2>
      <p className="muted">
        {t('page.openOf', { open: openFollowUps.length, total: followUps.length })}{' '}
        {isLeder ? t('page.lederKeeps') : t('page.lederKeepsThem')}
      </p>
      <FollowUpList items={openFollowUps} editable={isLeder} today={todayIso()} />
      {closedFollowUps.length > 0 && (
        <details className="followup-closed">
          <summary>{t('page.closed', { count: closedFollowUps.length })}</summary>
          <FollowUpList items={closedFollowUps} editable={isLeder} today={todayIso()} />
        </details>
      )}
    </section>
  );
}
