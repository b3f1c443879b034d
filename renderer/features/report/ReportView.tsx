import { useTranslation } from 'react-i18next';
import type { Rapportversion, ReportSnapshot } from '../../../shared/reportVersion';
import type { ReportEvidence } from '../../../shared/reportModel';
import type { MunicipalityInfo } from '../../../shared/publishedReport';
import { ComparisonChart } from './ComparisonChart';
import { ScrollBox } from '../dashboard/ScrollBox';
import { LegacyParticipants } from './LegacyParticipants';
import { formatLongDate } from '../../../shared/dates';

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
  const { t } = useTranslation('report');
  return (
    <>
      {version ? (
        <div className={`version-banner${latestVersion !== undefined && latestVersion > version.version ? ' replaced' : ''}`} data-testid="report-version">
          <p>
            <strong>{t('banner.final', { version: version.version })}</strong>
            {t('banner.finalBy', { date: formatLongDate(version.createdAt), name: version.createdBy })}
          </p>
          {version.reason && <p>{t('banner.correction', { reason: version.reason })}</p>}
          {version.corrections?.map((c) => (
            <p key={c.at} data-testid="report-version-correction">
              {t('banner.personalDataRemoved', { date: formatLongDate(c.at), name: c.by, reason: c.reason })}
            </p>
          ))}
          {latestVersion !== undefined && latestVersion > version.version && (
            <p className="superseded">{t('banner.superseded', { version: latestVersion })}</p>
          )}
        </div>
      ) : (
        !report.final && <p className="draft-banner">{t('banner.draft', { status: report.status.toLowerCase() })}</p>
      )}
      <header className="report-header">
        {municipality && (
          <div className="report-municipality" data-testid="report-municipality">
            <p>{municipality.name}</p>
            {municipality.logoDataUrl && <img src={municipality.logoDataUrl} alt={t('logo', { name: municipality.name })} />}
          </div>
        )}
        <p className="report-kicker">{report.title}</p>
        <h1>{report.institutionName}</h1>
        <dl className="facts">
          <div>
            <dt>{t('facts.institutionType')}</dt>
            <dd>{report.institutionType}</dd>
          </div>
          <div>
            <dt>{t('facts.date')}</dt>
            <dd>{report.date}</dd>
          </div>
          <div>
            <dt>{t('facts.visitType')}</dt>
            <dd>{report.visitType}</dd>
          </div>
          <div>
            <dt>{t('facts.consultants')}</dt>
            <dd>{report.consultants.join(', ')}</dd>
          </div>
          <LegacyParticipants participants={report.participants} />
          <div>
            <dt>{t('facts.framework')}</dt>
            <dd>{report.frameworkName}</dd>
          </div>
          {report.concern && (
            <div>
              <dt>{t('facts.concern')}</dt>
              <dd data-testid="report-concern">{report.concern.label}</dd>
            </div>
          )}
        </dl>
        {report.evidence && <EvidenceNote evidence={report.evidence} />}
      </header>
      <table className="report-table theme-table">
        <caption>{t('themes.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('themes.theme')}</th>
            <th scope="col">{t('themes.step')}</th>
            <th scope="col">{t('themes.anerkendelser')}</th>
            <th scope="col">{t('themes.anbefalinger')}</th>
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
                  <>{t('themes.notAssessed', { reason: r.notAssessedReason })}</>
                ) : (
                  <span className="muted">{t('themes.notScored')}</span>
                )}
              </td>
              <td>{r.anerkendelser.length ? <ul>{r.anerkendelser.map((text, i) => <li key={i}>{text}</li>)}</ul> : <span className="muted">–</span>}</td>
              <td>
                {r.anbefalinger.length || r.paabud?.length ? (
                  <ul>
                    {r.anbefalinger.map((text, i) => (
                      <li key={`a${i}`}>{text}</li>
                    ))}
                    {r.paabud?.map((text, i) => (
                      <li key={`p${i}`} className="paabud">
                        <strong>{t('themes.paabud')}</strong> {text}
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
            {t('followUp.title')}
          </h2>
          <ScrollBox label={t('followUp.table')}>
          <table className="report-table followup-table">
            <caption>{t('followUp.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('followUp.theme')}</th>
                <th scope="col">{t('followUp.item')}</th>
                <th scope="col">{t('followUp.action')}</th>
                <th scope="col">{t('followUp.owner')}</th>
                <th scope="col">{t('followUp.due')}</th>
              </tr>
            </thead>
            <tbody>
              {report.followUp.map((f) => (
                <tr key={f.anbefalingId}>
                  <th scope="row">{f.themeName}</th>
                  <td>
                    {f.type === 'paabud' && <strong>{t('followUp.paabud')} </strong>}
                    {f.text}
                  </td>
                  <td className="prewrap">
                    {f.action || <span className="muted">–</span>}
                    {f.verification && <span className="muted"> {t('followUp.verification', { how: f.verification.toLowerCase() })}</span>}
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
            {t('hoering.title')}
          </h2>
          {report.hoering.items.length === 0 ? (
            <p>{t('hoering.nothingToAnswer')}</p>
          ) : (
            <ScrollBox label={t('hoering.table')}>
              <table className="report-table hoering-table">
                <caption>
                  {t('hoering.caption', { answered: report.hoering.answered, total: report.hoering.total })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('hoering.theme')}</th>
                    <th scope="col">{t('hoering.anbefaling')}</th>
                    <th scope="col">{t('hoering.answer')}</th>
                    <th scope="col">{t('hoering.elaboration')}</th>
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
            </ScrollBox>
          )}
          <h3>{t('hoering.commentTitle')}</h3>
          <p className="prewrap hoering-comment">{report.hoering.comment || <span className="muted">{t('hoering.noComment')}</span>}</p>
        </section>
      )}
      <h2 className="report-section">{t('comparison.title')}</h2>
      <ComparisonChart rows={report.comparison} previousDate={report.previousDate} municipalLabel={report.municipalLabel} municipalFetchedAt={report.municipalFetchedAt} />
    </>
  );
}

/** What the assessment rests on (§ 5 a stk. 5–6): observations, observed time and the dialogue, or the stated reason. */
function EvidenceNote({ evidence }: { evidence: ReportEvidence }) {
  const { t } = useTranslation('report');
  const d = evidence.dialogue;
  const roles = d
    ? [
        d.leder.length ? t('evidence.leder', { names: d.leder.join(', ') }) : '',
        d.staff.length ? t('evidence.staff', { names: d.staff.join(', ') }) : '',
        d.consultants.length ? t('evidence.consultants', { names: d.consultants.join(', ') }) : '',
      ]
        .filter(Boolean)
        .join('; ')
    : '';
  return (
    <div className="report-evidence" data-testid="report-evidence">
      <p>
        {t('evidence.observations', { count: evidence.observations, time: evidence.observedTime })}
        {d ? (roles ? t('evidence.dialogueRoles', { when: d.when, roles }) : t('evidence.dialogue', { when: d.when })) : t('evidence.noDialogue')}
      </p>
      {evidence.reason && <p>{t('evidence.reason', { reason: evidence.reason })}</p>}
    </div>
  );
}
