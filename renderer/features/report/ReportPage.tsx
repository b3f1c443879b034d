import { useLiveQuery } from 'dexie-react-hooks';
import { groupByInspection, latestFinalPerInstitution, periodAverages } from '../../../shared/aggregate';
import { formatDanishDate, monthsBefore } from '../../../shared/dates';
import { THEME_SHORT_NAMES, type Framework } from '../../../shared/framework';
import { frameworkById } from '../../../shared/frameworks/v1';
import { buildReport, comparisonRows } from '../../../shared/reportModel';
import { getPlatform } from '../../platform/bridge';
import { ComparisonChart } from './ComparisonChart';
import { useDatabase } from '../../app/context';
import { href } from '../../app/router';
import { loadInspection } from '../../db/inspectionRepository';

export function ReportPage({ id }: { id: string }) {
  const db = useDatabase();
  const data = useLiveQuery(async () => {
    const bundle = await loadInspection(db, id);
    if (!bundle) return null;
    const institution = await db.institutions.get(bundle.inspection.institutionId);
    const framework = (await db.frameworks.get(bundle.inspection.frameworkId)) ?? frameworkById(bundle.inspection.frameworkId);
    if (!framework) return null;
    const insp = bundle.inspection;
    // The comparison: the institution's previous final inspection, and the municipal average of the
    // 24 months up to this inspection (latest final per institution, same scale only).
    const [allInspections, frameworks] = await Promise.all([db.inspections.toArray(), db.frameworks.toArray()]);
    const frameworkMap = new Map<string, Framework>(frameworks.map((f) => [f.id, f]));
    frameworkMap.set(framework.id, framework);
    const period = { from: monthsBefore(insp.date, 24), to: insp.date };
    const before = allInspections.filter((i) => i.id !== insp.id && i.institutionId === insp.institutionId && i.date <= insp.date);
    const previous = latestFinalPerInstitution(before, { from: '0000-01-01', to: insp.date }, frameworkMap, framework.scale.id).get(insp.institutionId) ?? null;
    const inPeriod = allInspections.filter((i) => i.status === 'endelig' && i.date >= period.from && i.date <= period.to);
    const scores = groupByInspection(await db.themeScores.where('inspectionId').anyOf(inPeriod.map((i) => i.id).concat(previous ? [previous.id] : [])).toArray());
    const municipal = periodAverages(inPeriod, scores, period, frameworkMap, framework.scale.id);
    return {
      bundle,
      report: buildReport(framework, insp, institution, bundle.scores, bundle.anerkendelser, bundle.anbefalinger),
      comparison: comparisonRows(framework, bundle.scores, previous ? (scores.get(previous.id) ?? []) : null, municipal, THEME_SHORT_NAMES),
      previousDate: previous ? formatDanishDate(previous.date) : null,
    };
  }, [db, id]);

  if (data === undefined) return <p>Henter rapporten…</p>;
  if (data === null)
    return (
      <section>
        <h1>Rapporten findes ikke</h1>
        <p>
          <a href="#/">Tilbage til institutionerne</a>
        </p>
      </section>
    );
  const { report, bundle, comparison, previousDate } = data;
  const platform = getPlatform();
  const fileName = `Tilsynsrapport ${report.institutionName} ${bundle.inspection.date}.pdf`;

  return (
    <article className="report">
      <div className="report-actions no-print">
        <a href={href({ name: 'institution', id: bundle.inspection.institutionId })}>‹ Tilbage til institutionen</a>
        {bundle.inspection.status !== 'endelig' && <a href={href({ name: 'inspection', id })}>Fortsæt tilsynet</a>}
        <button type="button" className="secondary" onClick={() => void platform.savePdf({ suggestedName: fileName })}>
          {platform.capabilities.pdf === 'file' ? 'Gem som PDF' : 'Udskriv / gem som PDF'}
        </button>
      </div>
      {!report.final && <p className="draft-banner">Foreløbig rapport ({report.status.toLowerCase()}): ikke endelig</p>}
      <header className="report-header">
        <p className="report-kicker">{report.title}</p>
        <h1>{report.institutionName}</h1>
        <dl className="facts">
          <div>
            <dt>Institutionstype</dt>
            <dd>{report.institutionType}</dd>
          </div>
          <div>
            <dt>Dato</dt>
            <dd>{report.date}</dd>
          </div>
          <div>
            <dt>Tilsynsform</dt>
            <dd>{report.visitType}</dd>
          </div>
          <div>
            <dt>Konsulenter</dt>
            <dd>{report.consultants.join(', ')}</dd>
          </div>
          <div>
            <dt>Deltagere i dialogen</dt>
            <dd>{report.participants.length ? report.participants.join(', ') : '–'}</dd>
          </div>
          <div>
            <dt>Tilsynskoncept</dt>
            <dd>{report.frameworkName}</dd>
          </div>
        </dl>
      </header>
      <table className="report-table">
        <caption>Vurdering pr. tema på 4-trins skalaen (4 er bedst, 3 er forventet niveau)</caption>
        <thead>
          <tr>
            <th scope="col">Tema</th>
            <th scope="col">Trin</th>
            <th scope="col">Anerkendelser</th>
            <th scope="col">Anbefalinger</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.themeId}>
              <th scope="row">{r.themeName}</th>
              <td className="report-step">
                {r.step ? (
                  <>
                    <span className={`step step-${r.step}`}>{r.step}</span> {r.label}
                  </>
                ) : r.notAssessed ? (
                  <>Ikke vurderet: {r.notAssessedReason}</>
                ) : (
                  <span className="muted">Ikke scoret</span>
                )}
              </td>
              <td>{r.anerkendelser.length ? <ul>{r.anerkendelser.map((t, i) => <li key={i}>{t}</li>)}</ul> : <span className="muted">–</span>}</td>
              <td>{r.anbefalinger.length ? <ul>{r.anbefalinger.map((t, i) => <li key={i}>{t}</li>)}</ul> : <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="report-section">Sammenligning</h2>
      <ComparisonChart rows={comparison} previousDate={previousDate} municipalLabel="Kommunens gennemsnit (24 mdr.)" />
    </article>
  );
}
