import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { translate } from '../../../shared/i18n/i18n';
import { THEME_SHORT_NAMES } from '../../../shared/framework';
import { FOLLOW_UP_STATUSES, daysBetween, formatOpenedAgo, isOpenFollowUp, type FollowUpStatus, type Opfoelgning } from '../../../shared/followUp';
import { INSTITUTION_ROLES, INSTITUTION_ROLE_LABELS } from '../../../shared/inspection';
import { isOverduePaabud } from '../../../shared/paabud';
import { useActor } from '../../state/useActor';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { saveStatus } from '../../state/saveStatus';
import { updateFollowUp, verifyPaabud, type FollowUpPatch } from '../../db/followUpRepository';
import { ValidationError } from '../../db/validation';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';
import { DateInput } from '../../ui/DateInput';
import { formatLongDate } from '../../../shared/dates';

/** The owners a leder can choose: the roles, and the item's current owner when it is something else. */
const ROLE_NAMES = Object.values(INSTITUTION_ROLE_LABELS);

/** An owner is stored as the role's Danish name (data); it is shown in the UI language when it is a role. */
function ownerLabel(owner: string): string {
  const role = INSTITUTION_ROLES.find((r) => INSTITUTION_ROLE_LABELS[r] === owner);
  return role ? translate(`followUp:role.${role}`) : owner;
}

/**
 * Follow-up items as cards: the anbefaling, its age and status. The institution's leder edits
 * status, owner, due date and notes in place (each change saved at once, with its outbox row);
 * everyone else reads them.
 */
export function FollowUpList({ items, editable, today, headingLevel = 3 }: { items: Opfoelgning[]; editable: boolean; today: string; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation('followUp');
  if (items.length === 0) return <p className="muted">{t('none')}</p>;
  return (
    <ol className="followup-list">
      {items.map((item, i) => (
        <FollowUpItem key={item.id} item={item} n={i + 1} editable={editable} today={today} headingLevel={headingLevel} />
      ))}
    </ol>
  );
}

function FollowUpItem({ item, n, editable, today, headingLevel }: { item: Opfoelgning; n: number; editable: boolean; today: string; headingLevel: 3 | 4 }) {
  const { t } = useTranslation('followUp');
  const db = useDatabase();
  const ids = { status: useId(), owner: useId(), due: useId(), verified: useId() };
  const actor = useActor();
  const [error, setError] = useState<string | null>(null);
  // The chosen status and due date show at once; the saved record takes over when it arrives.
  const [status, setStatus] = useState<FollowUpStatus | null>(null);
  const [due, setDue] = useState<string | null>(null);
  useEffect(() => {
    if (status !== null && item.status === status) setStatus(null);
  }, [item.status, status]);
  useEffect(() => {
    if (due !== null && (item.dueDate ?? '') === due) setDue(null);
  }, [item.dueDate, due]);
  const open = isOpenFollowUp(item);
  const age = daysBetween(item.createdAt, today);
  const overdue = open && item.dueDate !== null && item.dueDate < today;
  const paabudOverdue = isOverduePaabud(item, today);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const typeLabel = t(`findingType.${item.type}`);
  const owners = item.owner && !ROLE_NAMES.includes(item.owner) ? [item.owner, ...ROLE_NAMES] : ROLE_NAMES;
  // The consultant (or forvaltning) verifies a påbud; the leder cannot.
  const canVerify = item.type === 'paabud' && actor !== undefined && actor?.role !== 'leder';

  const save = async (patch: FollowUpPatch) => {
    try {
      await saveStatus.track(updateFollowUp(db, item.id, patch));
      setError(null);
    } catch (e) {
      setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : t('saveFailed'));
      setStatus(null);
      setDue(null);
    }
  };

  return (
    <li className={`followup-item status-${item.status}`} data-testid="followup-item">
      <div className="followup-head">
        <Heading>
          {t('itemTitle', { type: typeLabel, n, theme: THEME_SHORT_NAMES[item.themeId] ?? item.themeId })}
        </Heading>
        <span className={`badge followup-badge-${item.status}`}>{t(`state.${item.status}`)}</span>
        <span className="muted">
          {open ? formatOpenedAgo(age) : t('closed')} · <a href={href({ name: 'report', id: item.inspectionId })}>{t('fromReport')}</a>
        </span>
        {paabudOverdue ? (
          <span className="badge badge-due" data-testid="paabud-overdue">
            {t('paabudOverdue')}
          </span>
        ) : (
          overdue && <span className="badge badge-due">{t('overdue')}</span>
        )}
        {item.type === 'paabud' && item.verifiedOn && <span className="badge">{t('verified', { date: formatLongDate(item.verifiedOn) })}</span>}
      </div>
      <p className="followup-text">{item.anbefaling}</p>
      {(item.action || item.proposedOwner || item.proposedDueDate) && (
        <p className="followup-instruction" data-testid="followup-instruction">
          <span className="muted">{t('action')}</span>
          {item.action || '–'}
          <span className="muted">
            {t('proposed', { owner: item.proposedOwner ? t(`role.${item.proposedOwner}`) : '–', due: item.proposedDueDate ? formatLongDate(item.proposedDueDate) : '–' })}
            {item.verification ? t('verifiedBy', { how: t(`verification.${item.verification}`).toLowerCase() }) : ''}
          </span>
        </p>
      )}
      <p className="followup-hoering" data-testid="followup-hoering">
        <span className="muted">{t('hoeringAnswer')}</span>
        {item.hoeringAnswer ? <span className={`answer answer-${item.hoeringAnswer}`}>{t(`hoering:answer.${item.hoeringAnswer}`)}</span> : <span className="muted">{t('notAnswered')}</span>}
        {item.hoeringText && <span className="prewrap"> – {item.hoeringText}</span>}
      </p>
      {editable ? (
        <div className="followup-fields">
          <div className="field">
            <label htmlFor={ids.status}>{t('status')}</label>
            <select
              id={ids.status}
              value={status ?? item.status}
              onChange={(e) => {
                setStatus(e.target.value as FollowUpStatus);
                void save({ status: e.target.value as FollowUpStatus });
              }}
            >
              {FOLLOW_UP_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.owner}>{t('owner')}</label>
            <select id={ids.owner} value={item.owner} onChange={(e) => void save({ owner: e.target.value })}>
              {!item.owner && <option value="">{t('chooseRole')}</option>}
              {owners.map((o) => (
                <option key={o} value={o}>
                  {ownerLabel(o)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.due}>{t('due')}</label>
            <DateInput
              id={ids.due}
              value={due ?? item.dueDate ?? ''}
              onChange={(iso) => {
                setDue(iso ?? '');
                void save({ dueDate: iso });
              }}
            />
          </div>
          <AutosaveTextarea
            id={`followup-notes-${item.id}`}
            label={t('notesFor', { item: `${typeLabel.toLowerCase()} ${n}` })}
            value={item.notes}
            onSave={(notes) => updateFollowUp(db, item.id, { notes })}
            errorField="notes"
            rows={2}
          />
        </div>
      ) : (
        <dl className="facts followup-facts">
          <div>
            <dt>{t('owner')}</dt>
            <dd>{item.owner ? ownerLabel(item.owner) : '–'}</dd>
          </div>
          <div>
            <dt>{t('due')}</dt>
            <dd>{item.dueDate ? formatLongDate(item.dueDate) : '–'}</dd>
          </div>
          <div>
            <dt>{t('notes')}</dt>
            <dd className="prewrap">{item.notes || '–'}</dd>
          </div>
        </dl>
      )}
      {canVerify && (
        <div className="field followup-verify">
          <label htmlFor={ids.verified}>{t('verifiedOn')}</label>
          <DateInput
            id={ids.verified}
            value={item.verifiedOn}
            onChange={(iso) => void saveStatus.track(verifyPaabud(db, item.id, iso)).catch(() => setError(t('verifyFailed')))}
          />
        </div>
      )}
      {item.history.length > 0 && (
        <details className="followup-history" data-testid="followup-history">
          <summary>{t('history', { count: item.history.length })}</summary>
          <ol>
            {item.history.map((h, i) => (
              <li key={i}>
                {t(h.field === 'owner' ? 'historyOwner' : 'historyDue', { date: formatLongDate(h.at), by: h.by || t('unknownPerson'), from: show(h.field, h.from), to: show(h.field, h.to) })}
              </li>
            ))}
          </ol>
        </details>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

const show = (field: 'owner' | 'dueDate', v: string | null) => (v === null || v === '' ? '–' : field === 'dueDate' ? formatLongDate(v) : `«${ownerLabel(v)}»`);
