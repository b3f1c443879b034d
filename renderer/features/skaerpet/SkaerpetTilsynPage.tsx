import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLongDate, todayIso } from '../../../shared/dates';
import { translate } from '../../../shared/i18n/i18n';
import { CONCERN_LEVEL_LABELS } from '../../../shared/inspection';
import {
  CASE_STATUS_LABELS,
  CHECKPOINT_KINDS,
  CHECKPOINT_KIND_LABELS,
  HANDLEPLAN_STATUS_LABELS,
  START_STATE_LABELS,
  caseStartedOn,
  isLateStart,
  startLimit,
  startState,
  type CheckpointKind,
  type Handleplan,
  type SkaerpetTilsyn,
} from '../../../shared/skaerpetTilsyn';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { saveStatus } from '../../state/saveStatus';
import { submitClearing } from '../../ui/submitClearing';
import { useActor } from '../../state/useActor';
import {
  activatePlan,
  addAction,
  addCheckpoint,
  closePlan,
  removeAction,
  removeCheckpoint,
  setCheckpointDone,
  updateCase,
  updatePlan,
} from '../../db/skaerpetRepository';
import { ValidationError } from '../../db/validation';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';
import { DateInput } from '../../ui/DateInput';
import { FieldError } from '../../ui/FieldError';
import './skaerpet.css';

/** The handleplan field the write judge names when it refuses the board's comments. */
const BOARD_COMMENTS = 'boardComments';

const messageOf = (e: unknown) => (e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : translate('skaerpet:page.saveFailed'));

/**
 * One skærpet-tilsyn case and its handleplan (§ 5 b stk. 3–5): the consultant and forvaltning keep
 * them; the institution's leder reads them, with every checkpoint.
 */
export function SkaerpetTilsynPage({ id }: { id: string }) {
  const { t } = useTranslation('skaerpet');
  const db = useDatabase();
  const actor = useActor();
  const data = useLiveQuery(async () => {
    const c = await db.skaerpedeTilsyn.get(id);
    if (!c) return null;
    const [plan, institution, inspections, rammer] = await Promise.all([
      db.handleplaner.get(id),
      db.institutions.get(c.institutionId),
      db.inspections.where('institutionId').equals(c.institutionId).toArray(),
      db.tilsynsrammer.toArray(),
    ]);
    return { c, plan: plan ?? null, institution, inspections, rammer };
  }, [db, id]);

  if (data === undefined) return <p>{t('page.loading')}</p>;
  if (data === null)
    return (
      <section>
        <h1>{t('page.notFound')}</h1>
        <p>
          <a href="#/">{t('page.back')}</a>
        </p>
      </section>
    );
  const { c, plan, institution, inspections, rammer } = data;
  const editable = actor !== undefined && actor.role !== 'leder';
  const today = todayIso();
  const limit = startLimit(rammer, c.establishedOn);
  const startedOn = caseStartedOn(c, inspections);
  const start = startState(c.establishedOn, startedOn, today, limit);
  const name = institution?.name ?? c.institutionId;

  return (
    <section className="skaerpet-page">
      <p className="breadcrumb">
        <a href="#/">{t('page.institutions')}</a> › <a href={href({ name: 'institution', id: c.institutionId })}>{name}</a> › {t('page.here')}
      </p>
      <h1>{t('page.title', { name })}</h1>
      <dl className="facts" data-testid="case-facts">
        <div>
          <dt>{t('page.concern')}</dt>
          <dd>{CONCERN_LEVEL_LABELS[c.level]}</dd>
        </div>
        <div>
          <dt>{t('page.established')}</dt>
          <dd>
            {formatLongDate(c.establishedOn)} (<a href={href({ name: 'report', id: c.inspectionId })}>{t('page.report')}</a>)
          </dd>
        </div>
        <div>
          <dt>{t('page.decidedBy')}</dt>
          <dd>{t('page.decidedByValue', { by: c.decidedBy, date: formatLongDate(todayIso(new Date(c.decidedAt))) })}</dd>
        </div>
        <div>
          <dt>{t('page.status')}</dt>
          <dd>{CASE_STATUS_LABELS[c.status]}</dd>
        </div>
        <div>
          <dt>{t('page.start')}</dt>
          <dd data-testid="case-start">
            {startedOn ? t('page.started', { date: formatLongDate(startedOn) }) : t('page.notStarted')} · {t('page.deadline', { date: formatLongDate(start.deadline), limit: t(`limit.${limit.unit}`, { count: limit.days }) })} ·{' '}
            <span className={isLateStart(start.state) ? 'badge badge-due' : 'badge'}>{START_STATE_LABELS[start.state]}</span>
          </dd>
        </div>
      </dl>
      {editable && <CaseActions c={c} />}
      {plan ? <PlanSection plan={plan} editable={editable} today={today} /> : c.level === 'alvorlig' && <p className="notice">{t('page.planNotHere')}</p>}
      {c.status === 'lukket' && (
        <section aria-labelledby="case-closed-heading">
          <h2 id="case-closed-heading">{t('page.closedTitle')}</h2>
          <p>
            {t('page.closed', { date: c.closedOn ? formatLongDate(c.closedOn) : '' })} {c.closedBy && t('page.closedBy', { by: c.closedBy })}
          </p>
          <p className="prewrap">{c.closingAssessment}</p>
        </section>
      )}
    </section>
  );
}

function CaseActions({ c }: { c: SkaerpetTilsyn }) {
  const { t } = useTranslation('skaerpet');
  const db = useDatabase();
  const ids = { started: useId(), closedOn: useId(), assessment: useId() };
  const [error, setError] = useState<string | undefined>(undefined);
  const [closedOn, setClosedOn] = useState(todayIso());
  const [assessment, setAssessment] = useState('');
  const save = async (work: Promise<unknown>) => {
    try {
      await saveStatus.track(work);
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="case-actions">
      <div className="field">
        <label htmlFor={ids.started}>{t('actions.startedOn')}</label>
        <DateInput id={ids.started} value={c.startedOn} onChange={(iso) => void save(updateCase(db, c.id, { startedOn: iso }))} />
      </div>
      {c.status === 'aaben' && (
        <details className="close-box">
          <summary>{t('actions.closeSummary')}</summary>
          <div className="field">
            <label htmlFor={ids.closedOn}>{t('actions.closedOn')}</label>
            <DateInput id={ids.closedOn} value={closedOn} onChange={(iso) => setClosedOn(iso ?? '')} />
          </div>
          <div className="field">
            <label htmlFor={ids.assessment}>{t('actions.assessment')}</label>
            <textarea id={ids.assessment} rows={3} maxLength={4000} value={assessment} onChange={(e) => setAssessment(e.target.value)} />
          </div>
          <button type="button" className="secondary" onClick={() => void save(updateCase(db, c.id, { status: 'lukket', closedOn: closedOn || null, closingAssessment: assessment }))}>
            {t('actions.close')}
          </button>
        </details>
      )}
      <FieldError id="case-error" message={error} />
    </div>
  );
}

function PlanSection({ plan, editable, today }: { plan: Handleplan; editable: boolean; today: string }) {
  const { t } = useTranslation('skaerpet');
  const db = useDatabase();
  const ids = { dialogue: useId(), board: useId(), action: useId(), cpDate: useId(), cpKind: useId(), closedOn: useId(), assessment: useId() };
  const [error, setError] = useState<string | undefined>(undefined);
  const [actionText, setActionText] = useState('');
  const [cpDate, setCpDate] = useState('');
  const [cpKind, setCpKind] = useState<CheckpointKind>('uanmeldt_besoeg');
  const [closedOn, setClosedOn] = useState(today);
  const [assessment, setAssessment] = useState('');
  const open = plan.status !== 'lukket';
  const canEdit = editable && open;
  const save = async (work: Promise<unknown>): Promise<boolean> => {
    try {
      await saveStatus.track(work);
      setError(undefined);
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  };
  const checkpoints = [...plan.checkpoints].sort((a, b) => a.date.localeCompare(b.date));

  return (
    <section className="handleplan" aria-labelledby="handleplan-heading" data-testid="handleplan">
      <h2 id="handleplan-heading">
        {t('plan.title')} <span className="badge" data-testid="handleplan-status">{HANDLEPLAN_STATUS_LABELS[plan.status]}</span>
      </h2>
      {plan.activatedOn && (
        <p className="muted">
          {plan.activatedBy
            ? t('plan.activatedBy', { date: formatLongDate(plan.activatedOn), by: plan.activatedBy })
            : t('plan.activated', { date: formatLongDate(plan.activatedOn) })}
        </p>
      )}

      <h3>{t('plan.actions')}</h3>
      {plan.actions.length === 0 ? (
        <p className="muted">{t('plan.noActions')}</p>
      ) : (
        <ol className="plan-actions" data-testid="plan-actions">
          {plan.actions.map((a, i) => (
            <li key={a.id}>
              <span className="prewrap">{a.text}</span>
              {canEdit && (
                <button type="button" className="link danger" aria-label={t('plan.removeAction', { n: i + 1 })} onClick={() => void save(removeAction(db, plan.id, a.id))}>
                  {t('plan.remove')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {canEdit && (
        <div className="add-row">
          <div className="field">
            <label htmlFor={ids.action}>{t('plan.newAction')}</label>
            <textarea id={ids.action} rows={2} maxLength={2000} value={actionText} onChange={(e) => setActionText(e.target.value)} />
          </div>
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              await submitClearing(actionText, '', setActionText, (text) => save(addAction(db, plan.id, text)));
            }}
          >
            {t('plan.addAction')}
          </button>
        </div>
      )}

      <h3>{t('plan.checkpoints')}</h3>
      {checkpoints.length === 0 ? (
        <p className="muted">{t('plan.noCheckpoints')}</p>
      ) : (
        <table className="report-table checkpoints" data-testid="plan-checkpoints">
          <caption>{t('plan.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('plan.columns.date')}</th>
              <th scope="col">{t('plan.columns.kind')}</th>
              <th scope="col">{t('plan.columns.done')}</th>
              {canEdit && <th scope="col">{t('plan.columns.remove')}</th>}
            </tr>
          </thead>
          <tbody>
            {checkpoints.map((cp) => (
              <tr key={cp.id} className={cp.doneOn === null && cp.date < today ? 'overdue' : undefined}>
                <th scope="row">{formatLongDate(cp.date)}</th>
                <td>{CHECKPOINT_KIND_LABELS[cp.kind]}</td>
                <td>
                  {editable ? (
                    <DateInput
                      id={`done-${cp.id}`}
                      aria-label={t('plan.doneOn', { kind: CHECKPOINT_KIND_LABELS[cp.kind].toLowerCase(), date: formatLongDate(cp.date) })}
                      value={cp.doneOn}
                      onChange={(iso) => void save(setCheckpointDone(db, plan.id, cp.id, iso))}
                    />
                  ) : cp.doneOn ? (
                    formatLongDate(cp.doneOn)
                  ) : cp.date < today ? (
                    <span className="badge badge-due">{t('plan.notHeld')}</span>
                  ) : (
                    <span className="muted">{t('plan.coming')}</span>
                  )}
                </td>
                {canEdit && (
                  <td>
                    <button type="button" className="link danger" aria-label={t('plan.removeCheckpoint', { date: formatLongDate(cp.date) })} onClick={() => void save(removeCheckpoint(db, plan.id, cp.id))}>
                      {t('plan.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <div className="add-row">
          <div className="field">
            <label htmlFor={ids.cpDate}>{t('plan.checkpointDate')}</label>
            <DateInput id={ids.cpDate} value={cpDate} onChange={(iso) => setCpDate(iso ?? '')} />
          </div>
          <div className="field">
            <label htmlFor={ids.cpKind}>{t('plan.checkpointKind')}</label>
            <select id={ids.cpKind} value={cpKind} onChange={(e) => setCpKind(e.target.value as CheckpointKind)}>
              {CHECKPOINT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CHECKPOINT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              await submitClearing(cpDate, '', setCpDate, (date) => save(addCheckpoint(db, plan.id, { date, kind: cpKind })));
            }}
          >
            {t('plan.addCheckpoint')}
          </button>
        </div>
      )}

      <h3>{t('plan.dialogueTitle')}</h3>
      {editable ? (
        <div className="plan-dates">
          <div className="field">
            <label htmlFor={ids.dialogue}>{t('plan.dialogueOn')}</label>
            <DateInput id={ids.dialogue} value={plan.lederDialogueOn} disabled={!open} onChange={(iso) => void save(updatePlan(db, plan.id, { lederDialogueOn: iso }))} />
          </div>
          <div className="field">
            <label htmlFor={ids.board}>{t('plan.boardOn')}</label>
            <DateInput id={ids.board} value={plan.boardInformedOn} disabled={!open} onChange={(iso) => void save(updatePlan(db, plan.id, { boardInformedOn: iso }))} />
          </div>
          <AutosaveTextarea
            id={`board-comments-${plan.id}`}
            label={t('plan.boardComments')}
            value={plan.boardComments}
            disabled={!open}
            rows={3}
            maxLength={4000}
            onSave={(boardComments) => updatePlan(db, plan.id, { boardComments })}
            errorField={BOARD_COMMENTS}
          />
        </div>
      ) : (
        <dl className="facts" data-testid="plan-dates">
          <div>
            <dt>{t('plan.dialogue')}</dt>
            <dd>{plan.lederDialogueOn ? formatLongDate(plan.lederDialogueOn) : '–'}</dd>
          </div>
          <div>
            <dt>{t('plan.board')}</dt>
            <dd>{plan.boardInformedOn ? formatLongDate(plan.boardInformedOn) : '–'}</dd>
          </div>
          <div>
            <dt>{t('plan.comments')}</dt>
            <dd className="prewrap">{plan.boardComments || '–'}</dd>
          </div>
        </dl>
      )}

      {editable && plan.status === 'udkast' && (
        <p className="button-row">
          <button type="button" className="primary" aria-describedby="plan-error" onClick={() => void save(activatePlan(db, plan.id, today))}>
            {t('plan.activate')}
          </button>
        </p>
      )}
      {editable && plan.status === 'aktiv' && (
        <details className="close-box">
          <summary>{t('plan.close')}</summary>
          <div className="field">
            <label htmlFor={ids.closedOn}>{t('plan.closedOn')}</label>
            <DateInput id={ids.closedOn} value={closedOn} onChange={(iso) => setClosedOn(iso ?? '')} />
          </div>
          <div className="field">
            <label htmlFor={ids.assessment}>{t('plan.assessment')}</label>
            <textarea id={ids.assessment} rows={3} maxLength={4000} value={assessment} onChange={(e) => setAssessment(e.target.value)} />
          </div>
          <button type="button" className="secondary" onClick={() => void save(closePlan(db, plan.id, closedOn, assessment))}>
            {t('plan.close')}
          </button>
        </details>
      )}
      {plan.status === 'lukket' && (
        <div data-testid="plan-closed">
          <h3>{t('page.closedTitle')}</h3>
          <p>
            {t('page.closed', { date: plan.closedOn ? formatLongDate(plan.closedOn) : '' })} {plan.closedBy && t('page.closedBy', { by: plan.closedBy })}
          </p>
          <p className="prewrap">{plan.closingAssessment}</p>
        </div>
      )}
      <FieldError id="plan-error" message={error} />
    </section>
  );
}
