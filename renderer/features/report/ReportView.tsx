import { formatDanishDate, todayIso } from '../../../shared/dates';
import type { Rapportversion, ReportSnapshot } from '../../../shared/reportVersion';
import type { ReportEvidence } from '../../../shared/reportModel';
import type { MunicipalityInfo } from '../../../shared/publishedReport';
import { ComparisonChart } from './ComparisonChart';
import { ScrollBox } from '../dashboard/ScrollBox';
import { LegacyParticipants } from './LegacyParticipants';

/**
 * The tilsynsrapport itself: header, one row per theme, the leder's høringssvar, the comparison.
 * Renders the live report and a frozen version alike, on screen and in print.
 */
export function ReportView({
  report,
  version,
  latestVersion,
  showHoering = true,
  municipality = null,
}: {
  report: ReportSnapshot;
  /** The frozen version shown, or null for the report as the local data stands now. */
  version?: Rapportversion | null;
  /** The newest version number, to say when an older one has been replaced. */
  latestVersion?: number;
  showHoering?: boolean;
  /** The municipality's name and logo (pulled from the server), or null before the first sync. */
  municipality?: Pick<MunicipalityInfo, 'name' | 'logoDataUrl'> | null;
}) {
  return (
    <>
      {version ? (
        <div className={`version-banner${latestVersion !== undefined && latestVersion > version.version ? ' replaced' : ''}`} data-testid="report-version">
          <p>
            <strong>Endelig rapport, version {version.version}</strong> · gjort endelig {formatDanishDate(todayIso(new Date(version.createdAt)))} af {version.createdBy}
          </p>
          {version.reason && <p>Rettelse: {version.reason}</p>}
          {version.corrections?.map((c) => (
            <p key={c.at} data-testid="report-version-correction">
              Personoplysninger fjernet {formatDanishDate(todayIso(new Date(c.at)))} af {c.by}: {c.reason}
            </p>
          ))}
          {latestVersion !== undefined && latestVersion > version.version && (
            <p className="superseded">Denne version er erstattet af version {latestVersion}.</p>
          )}
        </div>
      ) : (
        !report.final && <p className="draft-banner">Foreløbig rapport ({report.status.toLowerCase()}): ikke endelig</p>
      )}
      <header className="report-header">
        {municipality && (
          <div className="report-municipality" data-testid="report-municipality">
            <p>{municipality.name}</p>
            {municipality.logoDataUrl && <img src={municipality.logoDataUrl} alt={`${municipality.name}s logo`} />}
          </div>
        )}
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
          <LegacyParticipants participants={report.participants} />
          <div>
            <dt>Tilsynskoncept</dt>
            <dd>{report.frameworkName}</dd>
          </div>
          {report.concern && (
            <div>
              <dt>Bekymringsniveau</dt>
              <dd data-testid="report-concern">{report.concern.label}</dd>
            </div>
          )}
        </dl>
        {report.evidence && <EvidenceNote evidence={report.evidence} />}
      </header>
      <table className="report-table theme-table">
        <caption>Vurdering pr. tema på 4-trins skalaen (4 er bedst, 3 er forventet niveau)</caption>
        <thead>
          <tr>
            <th scope="col">Tema</th>
            <th scope="col">Trin</th>
            <th scope="col">Anerkendelser</th>
            <th scope="col">Anbefalinger og påbud</th>
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
                    {r.descriptor && <span className="report-descriptor">{r.descriptor}</span>}
                  </>
                ) : r.notAssessed ? (
                  <>Ikke vurderet: {r.notAssessedReason}</>
                ) : (
                  <span className="muted">Ikke scoret</span>
                )}
              </td>
              <td>{r.anerkendelser.length ? <ul>{r.anerkendelser.map((t, i) => <li key={i}>{t}</li>)}</ul> : <span className="muted">–</span>}</td>
              <td>
                {r.anbefalinger.length || r.paabud?.length ? (
                  <ul>
                    {r.anbefalinger.map((t, i) => (
                      <li key={`a${i}`}>{t}</li>
                    ))}
                    {r.paabud?.map((t, i) => (
                      <li key={`p${i}`} className="paabud">
                        <strong>Påbud:</strong> {t}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">–</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.followUp && report.followUp.length > 0 && (
        <section className="report-followup" aria-labelledby="report-followup-heading" data-testid="report-followup">
          <h2 id="report-followup-heading" className="report-section">
            Opfølgning
          </h2>
          <ScrollBox label="Tabel: opfølgning">
          <table className="report-table followup-table">
            <caption>Konkrete anvisninger: hvem, hvad og hvornår for hver anbefaling og hvert påbud</caption>
            <thead>
              <tr>
                <th scope="col">Tema</th>
                <th scope="col">Anbefaling / påbud</th>
                <th scope="col">Konkret handling</th>
                <th scope="col">Ansvarlig</th>
                <th scope="col">Frist</th>
              </tr>
            </thead>
            <tbody>
              {report.followUp.map((f) => (
                <tr key={f.anbefalingId}>
                  <th scope="row">{f.themeName}</th>
                  <td>
                    {f.type === 'paabud' && <strong>Påbud: </strong>}
                    {f.text}
                  </td>
                  <td className="prewrap">
                    {f.action || <span className="muted">–</span>}
                    {f.verification && <span className="muted"> (efterprøves ved: {f.verification.toLowerCase()})</span>}
                  </td>
                  <td>{f.owner || <span className="muted">–</span>}</td>
                  <td>{f.due || <span className="muted">–</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </ScrollBox>
        </section>
      )}
      {showHoering && report.hoering && (
        <section className="report-hoering" aria-labelledby="report-hoering-heading" data-testid="report-hoering">
          <h2 id="report-hoering-heading" className="report-section">
            Lederens høringssvar
          </h2>
          {report.hoering.items.length === 0 ? (
            <p>Rapporten har ingen anbefalinger at svare på.</p>
          ) : (
            <table className="report-table hoering-table">
              <caption>
                Svar på hver anbefaling: {report.hoering.answered} af {report.hoering.total} besvaret
              </caption>
              <thead>
                <tr>
                  <th scope="col">Tema</th>
                  <th scope="col">Anbefaling</th>
                  <th scope="col">Svar</th>
                  <th scope="col">Lederens uddybning</th>
                </tr>
              </thead>
              <tbody>
                {report.hoering.items.map((item) => (
                  <tr key={item.anbefalingId}>
                    <th scope="row">{item.themeName}</th>
                    <td>{item.anbefaling}</td>
                    <td>
                      <span className={`answer answer-${item.answer ?? 'none'}`}>{item.answerLabel}</span>
                    </td>
                    <td className="prewrap">{item.text || <span className="muted">–</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Lederens kommentar til rapporten</h3>
          <p className="prewrap hoering-comment">{report.hoering.comment || <span className="muted">Ingen kommentar.</span>}</p>
        </section>
      )}
      <h2 className="report-section">Sammenligning</h2>
      <ComparisonChart rows={report.comparison} previousDate={report.previousDate} municipalLabel={report.municipalLabel} municipalFetchedAt={report.municipalFetchedAt} />
    </>
  );
}

/** What the assessment rests on (§ 5 a stk. 5–6): observations, observed time and the dialogue, or the stated reason. */
function EvidenceNote({ evidence }: { evidence: ReportEvidence }) {
  const d = evidence.dialogue;
  const roles = d
    ? [d.leder.length ? `ledelse: ${d.leder.join(', ')}` : '', d.staff.length ? `medarbejderrepræsentanter: ${d.staff.join(', ')}` : '', d.consultants.length ? `konsulenter: ${d.consultants.join(', ')}` : '']
        .filter(Boolean)
        .join('; ')
    : '';
  return (
    <div className="report-evidence" data-testid="report-evidence">
      <p>
        Vurderingen bygger på {evidence.observations === 1 ? '1 observation' : `${evidence.observations} observationer`} ({evidence.observedTime} observation)
        {d ? ` og dialogmødet ${d.when}${roles ? ` (${roles})` : ''}.` : '. Dialogmødet er ikke registreret.'}
      </p>
      {evidence.reason && <p>Begrundelse for manglende observation eller dialog: {evidence.reason}</p>}
    </div>
  );
}
