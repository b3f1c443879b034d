import { useEffect, useId, useState } from 'react';
import { formatDanishDate, todayIso } from '../../../shared/dates';
import { THEME_SHORT_NAMES } from '../../../shared/framework';
import { FOLLOW_UP_STATUSES, FOLLOW_UP_STATUS_LABELS, daysBetween, formatAge, isOpenFollowUp, type FollowUpStatus, type Opfoelgning } from '../../../shared/followUp';
import { HOERING_ANSWER_LABELS } from '../../../shared/hoering';
import { FINDING_TYPE_LABELS, INSTITUTION_ROLE_LABELS, VERIFICATION_LABELS } from '../../../shared/inspection';
import { isOverduePaabud } from '../../../shared/paabud';
import { useActor } from '../../state/useActor';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { saveStatus } from '../../state/saveStatus';
import { updateFollowUp, verifyPaabud, type FollowUpPatch } from '../../db/followUpRepository';
import { ValidationError } from '../../db/validation';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';
import { DateInput } from '../../ui/DateInput';

/** The owners a leder can choose: the roles, and the item's current owner when it is something else. */
const ROLE_NAMES = Object.values(INSTITUTION_ROLE_LABELS);

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
  const typeLabel = FINDING_TYPE_LABELS[item.type];
  const owners = item.owner && !ROLE_NAMES.includes(item.owner) ? [item.owner, ...ROLE_NAMES] : ROLE_NAMES;
  // The consultant (or forvaltning) verifies a påbud; the leder cannot.
  const canVerify = item.type === 'paabud' && actor !== undefined && actor?.role !== 'leder';

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
          {typeLabel} {n} · {THEME_SHORT_NAMES[item.themeId] ?? item.themeId}
        </Heading>
        <span className={`badge followup-badge-${item.status}`}>{FOLLOW_UP_STATUS_LABELS[item.status]}</span>
        <span className="muted">
          {open ? `Åben i ${formatAge(age)}` : 'Lukket'} · <a href={href({ name: 'report', id: item.inspectionId })}>fra rapporten</a>
        </span>
        {paabudOverdue ? (
          <span className="badge badge-due" data-testid="paabud-overdue">
            Påbud over fristen: tag stilling til skærpet tilsyn
          </span>
        ) : (
          overdue && <span className="badge badge-due">Fristen er overskredet</span>
        )}
        {item.type === 'paabud' && item.verifiedOn && <span className="badge">Efterprøvet {formatDanishDate(item.verifiedOn)}</span>}
      </div>
      <p className="followup-text">{item.anbefaling}</p>
      {(item.action || item.proposedOwner || item.proposedDueDate) && (
        <p className="followup-instruction" data-testid="followup-instruction">
          <span className="muted">Konkret handling: </span>
          {item.action || '–'}
          <span className="muted">
            {' '}
            · Foreslået i rapporten: {item.proposedOwner ? INSTITUTION_ROLE_LABELS[item.proposedOwner] : '–'}, frist {item.proposedDueDate ? formatDanishDate(item.proposedDueDate) : '–'}
            {item.verification ? ` · efterprøves ved ${VERIFICATION_LABELS[item.verification].toLowerCase()}` : ''}
          </span>
        </p>
      )}
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
            <select id={ids.owner} value={item.owner} onChange={(e) => void save({ owner: e.target.value })}>
              {!item.owner && <option value="">Vælg rolle…</option>}
              {owners.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
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
            label={`Noter til ${typeLabel.toLowerCase()} ${n}`}
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
      {canVerify && (
        <div className="field followup-verify">
          <label htmlFor={ids.verified}>Påbuddet er efterprøvet og opfyldt den</label>
          <DateInput
            id={ids.verified}
            value={item.verifiedOn}
            onChange={(iso) => void saveStatus.track(verifyPaabud(db, item.id, iso)).catch(() => setError('Kunne ikke gemme efterprøvningen.'))}
          />
        </div>
      )}
      {item.history.length > 0 && (
        <details className="followup-history" data-testid="followup-history">
          <summary>Ændringer efter rapporten ({item.history.length})</summary>
          <ol>
            {item.history.map((h, i) => (
              <li key={i}>
                {formatDanishDate(todayIso(new Date(h.at)))}, {h.by || 'ukendt'}: {h.field === 'owner' ? 'ansvarlig' : 'frist'} ændret fra {show(h.field, h.from)} til {show(h.field, h.to)}
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

const show = (field: 'owner' | 'dueDate', v: string | null) => (v === null || v === '' ? '–' : field === 'dueDate' ? formatDanishDate(v) : `«${v}»`);
