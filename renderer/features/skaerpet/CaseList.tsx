import { useTranslation } from 'react-i18next';
import { formatLongDate } from '../../../shared/dates';
import { CONCERN_LEVEL_LABELS } from '../../../shared/inspection';
import { CASE_STATUS_LABELS, CHECKPOINT_KIND_LABELS, HANDLEPLAN_STATUS_LABELS, START_STATE_LABELS, isLateStart, type CaseOverview } from '../../../shared/skaerpetTilsyn';
import { href } from '../../state/router';

/**
 * Skærpet-tilsyn cases as a table: the concern, its start against the ramme's limit, the
 * handleplan and its next checkpoint. Used on the dashboard (every institution) and on an
 * institution's page.
 */
export function CaseList({ rows, institutionName, caption }: { rows: readonly CaseOverview[]; institutionName?: (id: string) => string; caption: string }) {
  const { t } = useTranslation('skaerpet');
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table case-list" data-testid="case-list">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {institutionName && <th scope="col">{t('list.columns.institution')}</th>}
            <th scope="col">{t('list.columns.concern')}</th>
            <th scope="col">{t('list.columns.start')}</th>
            <th scope="col">{t('list.columns.plan')}</th>
            <th scope="col">{t('list.columns.next')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('list.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.case.id} data-testid="case-row">
              {institutionName && <th scope="row">{institutionName(r.case.institutionId)}</th>}
              <td>
                {CONCERN_LEVEL_LABELS[r.case.level]}
                <span className="muted"> · {formatLongDate(r.case.establishedOn)}</span>
                {r.case.status === 'lukket' && <span className="muted"> · {CASE_STATUS_LABELS.lukket}</span>}
              </td>
              <td>
                <span className={isLateStart(r.start.state) ? 'badge badge-due' : 'badge'}>{START_STATE_LABELS[r.start.state]}</span>
                <span className="muted">{t('list.deadline', { date: formatLongDate(r.start.deadline) })}</span>
              </td>
              <td>
                {r.plan ? HANDLEPLAN_STATUS_LABELS[r.plan.status] : r.case.level === 'alvorlig' ? t('list.missing') : '–'}
                {r.planStart && isLateStart(r.planStart.state) && <span className="badge badge-due"> {t('list.notStartedInTime')}</span>}
              </td>
              <td>
                {r.next ? (
                  <>
                    {formatLongDate(r.next.date)} · {CHECKPOINT_KIND_LABELS[r.next.kind]}
                    {r.checkpointOverdue && <span className="badge badge-due"> {t('list.overdue')}</span>}
                  </>
                ) : (
                  <span className="muted">–</span>
                )}
              </td>
              <td className="actions">
                <a href={href({ name: 'skaerpetTilsyn', id: r.case.id })} aria-label={
                    institutionName
                      ? t('list.openNamedFor', { name: institutionName(r.case.institutionId), date: formatLongDate(r.case.establishedOn) })
                      : t('list.openNamed', { date: formatLongDate(r.case.establishedOn) })
                  }
                >
                  {t('list.open')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
