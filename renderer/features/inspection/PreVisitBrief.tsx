import type { PreVisitBrief as Brief } from '../../../shared/previsitBrief';
import { formatNumericDate, formatShownDate, todayIso } from '../../../shared/dates';
import { href } from '../../state/router';
import { FollowUpList } from '../followUp/FollowUpList';
import { BriefDataItems } from './BriefDataItems';
import { useTranslation } from 'react-i18next';

/**
 * "Før besøget" (§ 5 a stk. 4, R1.9): the earlier reports, the open follow-up items with the
 * leder's answers, any skærpet tilsyn or handleplan, and the data the ramme names, from this device's copy (offline after a
 * sync). Open while the visit is planned or going on; finalising records what was shown here.
 */
export function PreVisitBrief({ brief, open, inspectionId, ticked, disabled }: { brief: Brief; open: boolean; inspectionId: string; ticked: readonly string[]; disabled: boolean }) {
  const { t } = useTranslation('inspection');
  return (
    <details className="followup-panel previsit-brief" open={open} data-testid="previsit-brief">
      <summary>
        <strong>{t('brief.title')}</strong>
      </summary>
      <p className="hint">{t('brief.hint')}</p>
      <h3>{t('brief.previousReports', { count: brief.previousReports.length })}</h3>
      {brief.previousReports.length === 0 ? (
        <p>{t('brief.noPreviousReports')}</p>
      ) : (
        <ul>
          {brief.previousReports.map((r) => (
            <li key={r.versionId}>
              <a href={href({ name: 'report', id: r.inspectionId })}>{t('brief.report', { date: formatShownDate(r.isoDate) })}</a> {t('brief.reportMeta', { version: r.version, by: r.createdBy })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('brief.openFollowUps', { count: brief.openFollowUps.length })}</h3>
      {brief.openFollowUps.length === 0 ? <p>{t('brief.noOpenFollowUps')}</p> : <FollowUpList items={brief.openFollowUps} editable={false} today={todayIso()} headingLevel={4} />}
      <h3>{t('brief.cases', { count: brief.cases.length })}</h3>
      {brief.cases.length === 0 ? (
        <p>{t('brief.noCases')}</p>
      ) : (
        <ul>
          {brief.cases.map((c) => (
            <li key={c.id}>
              {t('brief.case', { label: c.label, from: formatNumericDate(c.openedOn), status: c.status })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('besoeg2:brief.heading', { count: brief.dataItems.length })}</h3>
      <BriefDataItems inspectionId={inspectionId} ramme={brief.ramme} items={brief.dataItems} ticked={ticked} disabled={disabled} />
    </details>
  );
}
