import { useLiveQuery } from 'dexie-react-hooks';
import { UnitFact } from './UnitFact';
import { coverage } from '../../../shared/coverage';
import { formatDanishDate, todayIso } from '../../../shared/dates';
import { THEME_IDS, THEME_SHORT_NAMES } from '../../../shared/framework';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS, unitTypeOf } from '../../../shared/institution';
import { isOpenFollowUp } from '../../../shared/followUp';
import { STATUS_LABELS } from '../../../shared/inspection';
import { sortVersions, type Rapportversion } from '../../../shared/reportVersion';
import { countOf } from '../../../shared/plural';
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

  if (data === undefined) return <p>Henter…</p>;
  if (!data.institution)
    return (
      <section>
        <h1>Ukendt institution</h1>
        <p>
          Institutionen «{id}» findes ikke på denne computer. <a href="#/">Tilbage til institutionerne</a>
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
        <a href="#/">Institutioner</a> › {institution.name}
      </p>
      <div className="page-title">
        <h1>{institution.name}</h1>
        {unitTypeOf(institution) === 'dagpleje' && (
          <a className="button secondary" href={href({ name: 'dagplejeReport', institutionId: institution.id })}>
            Samlet rapport for dagplejen
          </a>
        )}
        {actor && !isLeder && (
          <a className="button primary" href={href({ name: 'newInspection', institutionId: institution.id })}>
            Nyt tilsyn
          </a>
        )}
        {actor?.role === 'forvaltning' && <CaseFileButton institutionId={institution.id} />}
      </div>
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{INSTITUTION_TYPE_LABELS[institution.type]}</dd>
        </div>
        <UnitFact institution={institution} />
        <div>
          <dt>Ejerform</dt>
          <dd>{OWNERSHIP_LABELS[institution.ownership]}</dd>
        </div>
        <div>
          <dt>Distrikt</dt>
          <dd>{institution.district ?? '–'}</dd>
        </div>
        <div>
          <dt>Pladser 0–2 / 3–5 år</dt>
          <dd>
            {institution.children0to2} / {institution.children3to5}
          </dd>
        </div>
        <div>
          <dt>Seneste endelige tilsyn</dt>
          <dd>
            {cov.lastFinalDate ? formatDanishDate(cov.lastFinalDate) : 'Intet'}{' '}
            {cov.due ? <span className="badge badge-due">Skal have tilsyn</span> : <span className="badge badge-ok">Dækket</span>}
          </dd>
        </div>
      </dl>

      {caseRows.length > 0 && (
        <section aria-labelledby="cases-heading" data-testid="institution-cases">
          <h2 id="cases-heading">Skærpet tilsyn og handleplaner</h2>
          <CaseList rows={caseRows} caption="Skærpede tilsyn, åbne først" />
        </section>
      )}

      <h2>Tilsyn over tid</h2>
      {inspections.length === 0 && frozen.length === 0 ? (
        <p>Institutionen har endnu ikke haft tilsyn i Tilsyn.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Trin pr. tema for hvert tilsyn">
          <table className="data-table steps-table">
            <caption className="visually-hidden">Trin pr. tema for hvert tilsyn, nyeste først</caption>
            <thead>
              <tr>
                <th scope="col">Dato</th>
                <th scope="col">Status</th>
                {THEME_IDS.map((t) => (
                  <th scope="col" key={t} className="num">
                    <abbr title={CURRENT_FRAMEWORK.themes.find((th) => th.id === t)?.name}>{THEME_SHORT_NAMES[t]}</abbr>
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Handlinger</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {inspections.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {formatDanishDate(i.date)}
                    <span className="muted"> · {i.visitType}</span>
                  </th>
                  <td>
                    {STATUS_LABELS[i.status]}
                    {pending.get(i.id) ? (
                      <a className="badge badge-pending" href="#/synkronisering" data-testid={`pending-${i.id}`}>
                        {countOf(pending.get(i.id)!, 'ændring', 'ændringer')} ikke sendt
                      </a>
                    ) : null}
                  </td>
                  {THEME_IDS.map((t) => {
                    const s = scoreOf(i.id, t);
                    return (
                      <td key={t} className="num">
                        {s?.notAssessed ? <abbr title={`Ikke vurderet: ${s.notAssessedReason}`}>i.v.</abbr> : s?.step ? <span className={`step step-${s.step}`}>{s.step}</span> : '–'}
                      </td>
                    );
                  })}
                  <td className="actions">
                    {isLeder ? (
                      i.status === 'i_hoering' && <a href={href({ name: 'hoering', id: i.id })}>Besvar høring</a>
                    ) : (
                      <a href={href({ name: 'inspection', id: i.id })}>{i.status === 'endelig' || i.status === 'i_hoering' ? 'Åbn' : 'Fortsæt'}</a>
                    )}{' '}
                    <a href={href({ name: 'report', id: i.id })}>Rapport</a>
                  </td>
                </tr>
              ))}
              {frozen.map((v) => (
                <tr key={v.inspectionId}>
                  <th scope="row">{v.snapshot.date}</th>
                  <td>Endelig (version {v.version}); rettes nu</td>
                  {THEME_IDS.map((t) => {
                    const r = v.snapshot.rows.find((x) => x.themeId === t);
                    return (
                      <td key={t} className="num">
                        {r?.notAssessed ? <abbr title={`Ikke vurderet: ${r.notAssessedReason}`}>i.v.</abbr> : r?.step ? <span className={`step step-${r.step}`}>{r.step}</span> : '–'}
                      </td>
                    );
                  })}
                  <td className="actions">
                    <a href={href({ name: 'report', id: v.inspectionId })}>Rapport</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Opfølgning på anbefalinger</h2>
      <p className="muted">
        {openFollowUps.length} åbne af {followUps.length}.{' '}
        {isLeder ? 'Opdater status, ansvarlig, frist og noter; konsulenten ser dem ved næste tilsyn.' : 'Lederen holder punkterne ajour.'}
      </p>
      <FollowUpList items={openFollowUps} editable={isLeder} today={todayIso()} />
      {closedFollowUps.length > 0 && (
        <details className="followup-closed">
          <summary>Lukkede punkter ({closedFollowUps.length})</summary>
          <FollowUpList items={closedFollowUps} editable={isLeder} today={todayIso()} />
        </details>
      )}
    </section>
  );
}
