import { useEffect, useId, useState } from 'react';
import { formatDanishDate } from '../../../shared/dates';
import { THEME_SHORT_NAMES } from '../../../shared/framework';
import { FOLLOW_UP_STATUSES, FOLLOW_UP_STATUS_LABELS, daysBetween, formatAge, isOpenFollowUp, type FollowUpStatus, type Opfoelgning } from '../../../shared/followUp';
import { HOERING_ANSWER_LABELS } from '../../../shared/hoering';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { saveStatus } from '../../state/saveStatus';
import { updateFollowUp, type FollowUpPatch } from '../../db/followUpRepository';
import { ValidationError } from '../../db/validation';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';
import { DateInput } from '../../ui/DateInput';
import { PersonalDataWarning, personalDataWarningId } from '../../ui/PersonalDataWarning';

/**
 * Follow-up items as cards: the anbefaling, its age and status. The institution's leder edits
 * status, owner, due date and notes in place (each change saved at once, with its outbox row);
 * everyone else reads them.
 */
export function FollowUpList({ items, editable, today, headingLevel = 3 }: { items: Opfoelgning[]; editable: boolean; today: string; headingLevel?: 3 | 4 }) {
  if (items.length === 0) return <p className="muted">Ingen opfølgningspunkter.</p>;
  return (
    <ol className="followup-list">
      {items.map((item, i) => (
        <FollowUpItem key={item.id} item={item} n={i + 1} editable={editable} today={today} headingLevel={headingLevel} />
      ))}
    </ol>
  );
}

function FollowUpItem({ item, n, editable, today, headingLevel }: { item: Opfoelgning; n: number; editable: boolean; today: string; headingLevel: 3 | 4 }) {
  const db = useDatabase();
  const ids = { status: useId(), owner: useId(), due: useId() };
  const [owner, setOwner] = useState(item.owner);
  const [error, setError] = useState<string | null>(null);
  // The chosen status and due date show at once; the saved record takes over when it arrives.
  const [status, setStatus] = useState<FollowUpStatus | null>(null);
  const [due, setDue] = useState<string | null>(null);
  useEffect(() => setOwner(item.owner), [item.owner]);
  useEffect(() => {
    if (status !== null && item.status === status) setStatus(null);
  }, [item.status, status]);
  useEffect(() => {
    if (due !== null && (item.dueDate ?? '') === due) setDue(null);
  }, [item.dueDate, due]);
  const open = isOpenFollowUp(item);
  const age = daysBetween(item.createdAt, today);
  const overdue = open && item.dueDate !== null && item.dueDate < today;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';

  const save = async (patch: FollowUpPatch) => {
    try {
      await saveStatus.track(updateFollowUp(db, item.id, patch));
      setError(null);
    } catch (e) {
      setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : 'Kunne ikke gemme ændringen.');
      setStatus(null);
      setDue(null);
    }
  };

  return (
    <li className={`followup-item status-${item.status}`} data-testid="followup-item">
      <div className="followup-head">
        <Heading>
          Anbefaling {n} · {THEME_SHORT_NAMES[item.themeId] ?? item.themeId}
        </Heading>
        <span className={`badge followup-badge-${item.status}`}>{FOLLOW_UP_STATUS_LABELS[item.status]}</span>
        <span className="muted">
          {open ? `Åben i ${formatAge(age)}` : 'Lukket'} · <a href={href({ name: 'report', id: item.inspectionId })}>fra rapporten</a>
        </span>
        {overdue && <span className="badge badge-due">Fristen er overskredet</span>}
      </div>
      <p className="followup-text">{item.anbefaling}</p>
      <p className="followup-hoering" data-testid="followup-hoering">
        <span className="muted">Lederens høringssvar: </span>
        {item.hoeringAnswer ? <span className={`answer answer-${item.hoeringAnswer}`}>{HOERING_ANSWER_LABELS[item.hoeringAnswer]}</span> : <span className="muted">ikke besvaret</span>}
        {item.hoeringText && <span className="prewrap"> – {item.hoeringText}</span>}
      </p>
      {editable ? (
        <div className="followup-fields">
          <div className="field">
            <label htmlFor={ids.status}>Status</label>
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
                  {FOLLOW_UP_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.owner}>Ansvarlig</label>
            <input
              id={ids.owner}
              type="text"
              value={owner}
              aria-describedby={personalDataWarningId(ids.owner, owner)}
              maxLength={120}
              onChange={(e) => {
                setOwner(e.target.value);
                void save({ owner: e.target.value });
              }}
            />
            <PersonalDataWarning id={ids.owner} text={owner} />
          </div>
          <div className="field">
            <label htmlFor={ids.due}>Frist</label>
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
            label={`Noter til anbefaling ${n}`}
            value={item.notes}
            onSave={(notes) => updateFollowUp(db, item.id, { notes })}
            errorField="notes"
            rows={2}
          />
        </div>
      ) : (
        <dl className="facts followup-facts">
          <div>
            <dt>Ansvarlig</dt>
            <dd>{item.owner || '–'}</dd>
          </div>
          <div>
            <dt>Frist</dt>
            <dd>{item.dueDate ? formatDanishDate(item.dueDate) : '–'}</dd>
          </div>
          <div>
            <dt>Noter</dt>
            <dd className="prewrap">{item.notes || '–'}</dd>
          </div>
        </dl>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
