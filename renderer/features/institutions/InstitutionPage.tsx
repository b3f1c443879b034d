import { useLiveQuery } from 'dexie-react-hooks';
import { coverage } from '../../../shared/coverage';
import { formatDanishDate, todayIso } from '../../../shared/dates';
import { THEME_IDS, THEME_SHORT_NAMES } from '../../../shared/framework';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS } from '../../../shared/institution';
import { STATUS_LABELS } from '../../../shared/inspection';
import { useDatabase } from '../../app/context';
import { href } from '../../app/router';
import { institutionInspections } from '../../db/institutionRepository';

export function InstitutionPage({ id }: { id: string }) {
  const db = useDatabase();
  const data = useLiveQuery(async () => {
    const institution = await db.institutions.get(id);
    if (!institution) return { institution: null };
    const inspections = await institutionInspections(db, id);
    const scores = await db.themeScores.where('inspectionId').anyOf(inspections.map((i) => i.id)).toArray();
    return { institution, inspections, scores };
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

  const { institution, inspections = [], scores = [] } = data;
  const cov = coverage(inspections, todayIso());
  const scoreOf = (inspectionId: string, themeId: string) => scores.find((s) => s.inspectionId === inspectionId && s.themeId === themeId);

  return (
    <section>
      <p className="breadcrumb">
        <a href="#/">Institutioner</a> › {institution.name}
      </p>
      <div className="page-title">
        <h1>{institution.name}</h1>
        <a className="button primary" href={href({ name: 'newInspection', institutionId: institution.id })}>
          Nyt tilsyn
        </a>
      </div>
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{INSTITUTION_TYPE_LABELS[institution.type]}</dd>
        </div>
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

      <h2>Tilsyn over tid</h2>
      {inspections.length === 0 ? (
        <p>Institutionen har endnu ikke haft tilsyn i Tilsyn.</p>
      ) : (
        <div className="table-scroll">
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
                  <td>{STATUS_LABELS[i.status]}</td>
                  {THEME_IDS.map((t) => {
                    const s = scoreOf(i.id, t);
                    return (
                      <td key={t} className="num">
                        {s?.notAssessed ? <abbr title={`Ikke vurderet: ${s.notAssessedReason}`}>i.v.</abbr> : s?.step ? <span className={`step step-${s.step}`}>{s.step}</span> : '–'}
                      </td>
                    );
                  })}
                  <td className="actions">
                    {i.status === 'endelig' || i.status === 'i_hoering' ? null : <a href={href({ name: 'inspection', id: i.id })}>Fortsæt</a>}{' '}
                    <a href={href({ name: 'report', id: i.id })}>Rapport</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
