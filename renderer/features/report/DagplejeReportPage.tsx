import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { buildDagplejeReport } from '../../../shared/dagplejeReport';
import { todayIso } from '../../../shared/dates';
import { currentLanguage } from '../../../shared/i18n/i18n';
import { formatMean } from '../../../shared/format';
import { CURRENT_FRAMEWORK, frameworkById } from '../../../shared/frameworks/v1';
import { unitTypeOf } from '../../../shared/institution';
import type { ThemeScore } from '../../../shared/inspection';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';

/**
 * The combined dagpleje report (dagtilbudsloven § 5 stk. 3; docs/tilsynsramme.md): every final
 * visit to the dagpleje in the last 24 months, pooled per theme, from this device's copy. The
 * single visits are not listed: the report on one dagplejer is not what gets published.
 */
export function DagplejeReportPage({ institutionId }: { institutionId: string }) {
  const { t } = useTranslation('report');
  const db = useDatabase();
  const lng = currentLanguage();
  const data = useLiveQuery(async () => {
    const institution = await db.institutions.get(institutionId);
    if (!institution) return null;
    const inspections = await db.inspections.where('institutionId').equals(institutionId).toArray();
    const ids = inspections.map((i) => i.id);
    const [scores, anerkendelser, anbefalinger] = await Promise.all([
      db.themeScores.where('inspectionId').anyOf(ids).toArray(),
      db.anerkendelser.where('inspectionId').anyOf(ids).toArray(),
      db.anbefalinger.where('inspectionId').anyOf(ids).toArray(),
    ]);
    const latest = inspections.filter((i) => i.status === 'endelig').sort((a, b) => b.date.localeCompare(a.date))[0];
    const framework = (latest && ((await db.frameworks.get(latest.frameworkId)) ?? frameworkById(latest.frameworkId))) || CURRENT_FRAMEWORK;
    const scoresByInspection = new Map<string, ThemeScore[]>();
    for (const s of scores) scoresByInspection.set(s.inspectionId, [...(scoresByInspection.get(s.inspectionId) ?? []), s]);
    return { institution, framework, report: buildDagplejeReport(framework, { institutionName: institution.name, inspections, scoresByInspection, anerkendelser, anbefalinger, to: todayIso(), lng }) };
  }, [db, institutionId, lng]);

  if (data === undefined) return <p>{t('loading')}</p>;
  if (data === null) return <p>{t('dagpleje.notFound', { id: institutionId })}</p>;
  const { institution, framework, report } = data;
  if (unitTypeOf(institution) !== 'dagpleje') return <p>{t('dagpleje.notDagpleje', { name: institution.name })}</p>;

  return (
    <article className="report" aria-labelledby="dagpleje-report-title">
      <p className="breadcrumb">
        <a href="#/">{t('dagpleje.breadcrumbInstitutions')}</a> › <a href={href({ name: 'institution', id: institution.id })}>{institution.name}</a> › {t('dagpleje.breadcrumbReport')}
      </p>
      <h1 id="dagpleje-report-title">{t('dagpleje.title', { name: report.institutionName })}</h1>
      <p data-testid="dagpleje-summary">
        {t('dagpleje.summary', { period: report.periodLabel, count: report.visits, unannounced: report.unannounced, framework: framework.name })}
      </p>
      <p className="muted">{t('dagpleje.intro')}</p>
      {report.visits === 0 ? (
        <p>{t('dagpleje.noVisits')}</p>
      ) : (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('dagpleje.themesCaption')}>
            <table className="data-table" data-testid="dagpleje-themes">
              <caption>{t('dagpleje.themesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dagpleje.theme')}</th>
                  <th scope="col" className="num">
                    {t('dagpleje.mean')}
                  </th>
                  {framework.scale.labels.map((l, k) => (
                    <th scope="col" className="num" key={l}>
                      {k + 1} {l}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('dagpleje.notAssessed')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.themeId}>
                    <th scope="row">{r.name}</th>
                    <td className="num">{formatMean(r.mean, r.n)}</td>
                    {([1, 2, 3, 4] as const).map((step) => (
                      <td className="num" key={step}>
                        {r.counts[step]}
                      </td>
                    ))}
                    <td className="num">{r.notAssessed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.rows
            .filter((r) => r.anerkendelser.length + r.anbefalinger.length > 0)
            .map((r) => (
              <section key={r.themeId} aria-labelledby={`dp-${r.themeId}`}>
                <h2 id={`dp-${r.themeId}`}>{r.name}</h2>
                {r.anerkendelser.length > 0 && (
                  <>
                    <h3>{t('dagpleje.anerkendelser')}</h3>
                    <ul>
                      {r.anerkendelser.map((text, k) => (
                        <li key={k}>{text}</li>
                      ))}
                    </ul>
                  </>
                )}
                {r.anbefalinger.length > 0 && (
                  <>
                    <h3>{t('dagpleje.anbefalinger')}</h3>
                    <ul>
                      {r.anbefalinger.map((text, k) => (
                        <li key={k}>{text}</li>
                      ))}
                    </ul>
                  </>
                )}
              </section>
            ))}
        </>
      )}
    </article>
  );
}
