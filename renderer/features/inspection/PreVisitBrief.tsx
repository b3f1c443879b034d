import type { PreVisitBrief as Brief } from '../../../shared/previsitBrief';
import { todayIso } from '../../../shared/dates';
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
  const { t } = useTranslation('besoeg2');
  return (
    <details className="followup-panel previsit-brief" open={open} data-testid="previsit-brief">
      <summary>
        <strong>Før besøget: det ved vi om institutionen</strong>
      </summary>
      <p className="hint">Fra denne computers kopi (også uden net). Når rapporten gøres endelig, gemmes det, der stod her.</p>
      <h3>Tidligere rapporter ({brief.previousReports.length})</h3>
      {brief.previousReports.length === 0 ? (
        <p>Ingen tidligere endelige rapporter på denne computer.</p>
      ) : (
        <ul>
          {brief.previousReports.map((r) => (
            <li key={r.versionId}>
              <a href={href({ name: 'report', id: r.inspectionId })}>Tilsynsrapport {r.date}</a> (version {r.version}, gjort endelig af {r.createdBy})
            </li>
          ))}
        </ul>
      )}
      <h3>Åbne anbefalinger med lederens svar ({brief.openFollowUps.length})</h3>
      {brief.openFollowUps.length === 0 ? <p>Ingen åbne anbefalinger.</p> : <FollowUpList items={brief.openFollowUps} editable={false} today={todayIso()} headingLevel={4} />}
      <h3>Skærpet tilsyn og handleplaner ({brief.cases.length})</h3>
      {brief.cases.length === 0 ? (
        <p>Ingen registreret.</p>
      ) : (
        <ul>
          {brief.cases.map((c) => (
            <li key={c.id}>
              {c.label}, fra {c.openedOn}: {c.status}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('brief.heading', { count: brief.dataItems.length })}</h3>
      <BriefDataItems inspectionId={inspectionId} ramme={brief.ramme} items={brief.dataItems} ticked={ticked} disabled={disabled} />
    </details>
  );
}
