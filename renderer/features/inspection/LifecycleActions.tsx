import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState } from 'react';
import { CONCERN_LEVELS, CONCERN_LEVEL_LABELS, type ConcernLevel, type Inspection, type InspectionStatus } from '../../../shared/inspection';
import { isCorrecting } from '../../../shared/lifecycle';
import { useTranslation } from 'react-i18next';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { saveStatus } from '../../state/saveStatus';
import { changeStatus } from '../../db/inspectionRepository';
import { finaliseInspection, reopenForCorrection } from '../../db/reportRepository';
import { ValidationError } from '../../db/validation';
import { FieldError } from '../../ui/FieldError';
import { EVIDENCE_GAP_LABELS, evidenceGaps, type PriorKnowledge } from '../../../shared/visitEvidence';
import { PersonalDataWarning, personalDataWarningId } from '../../ui/PersonalDataWarning';

/**
 * The consultant's lifecycle buttons in the inspection's sidebar: Afslut udkast → Send til høring →
 * Gør endelig, pulling a draft back from høring, and "Ret endelig rapport" with its reason.
 */
export function LifecycleActions({
  inspection,
  complete,
  hoering,
  latestVersion,
  observationCount,
  priorKnowledge,
}: {
  inspection: Inspection;
  /** Every theme assessed, no empty texts. */
  complete: boolean;
  /** The leder's answers so far. */
  hoering: { answered: number; total: number };
  /** The newest frozen version, 0 when none. */
  latestVersion: number;
  /** Observation records of the visit (not deleted). */
  observationCount: number;
  /** What the pre-visit brief shows now: recorded on the inspection when it is made final. */
  priorKnowledge: () => PriorKnowledge;
}) {
  const { t } = useTranslation('inspection');
  const [evidenceReason, setEvidenceReason] = useState(inspection.evidenceReason ?? '');
  const [evidenceError, setEvidenceError] = useState<string | undefined>(undefined);
  const gaps = evidenceGaps(inspection, observationCount);
  const db = useDatabase();
  const reasonId = useId();
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [confirmFinal, setConfirmFinal] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [reason, setReason] = useState('');
  // The concern level is chosen when the report is made final (a correction starts from the one on record).
  const [concern, setConcern] = useState<ConcernLevel | null>(inspection.concernLevel ?? null);
  const [concernError, setConcernError] = useState<string | undefined>(undefined);
  const concernName = useId();
  const openedCase = useLiveQuery(() => db.skaerpedeTilsyn.get(inspection.id), [db, inspection.id]);
  const status = inspection.status;
  const correction = isCorrecting(inspection);

  // One status change at a time: the buttons are disabled while it is saved, so the second click of a
  // double click does nothing (and the repository treats a change to the current status as done).
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const guard = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    if (busyRef.current) return undefined;
    busyRef.current = true;
    setBusy(true);
    try {
      return await work();
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };
  const click = (action: () => unknown) => () => void action();
  const run = (work: () => Promise<unknown>) =>
    guard(async () => {
      setError(null);
      try {
        await saveStatus.track(work());
        return true;
      } catch (e) {
        setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : t('lifecycle.statusFailed'));
        return false;
      }
    });
  const to = (target: InspectionStatus) => run(() => changeStatus(db, inspection.id, target));
  const finalise = () => {
    if (!concern) {
      setConcernError(t('rules:concern_level_required'));
      return;
    }
    setConcernError(undefined);
    return guard(async () => {
      setError(null);
      setEvidenceError(undefined);
      const finalFields = { priorKnowledge: priorKnowledge(), ...(gaps.length > 0 ? { evidenceReason: evidenceReason.trim() } : {}) };
      try {
        await saveStatus.track(finaliseInspection(db, inspection.id, undefined, undefined, concern, finalFields));
        setConfirmFinal(false);
      } catch (e) {
        if (e instanceof ValidationError && e.fieldErrors.evidenceReason) setEvidenceError(e.fieldErrors.evidenceReason);
        else setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : t('lifecycle.statusFailed'));
      }
    });
  };
  const reopen = () =>
    guard(async () => {
      setReasonError(undefined);
      setError(null);
      if (reason.trim() === '') {
        setReasonError(t('rules:correction_reason_required'));
        return;
      }
      try {
        await saveStatus.track(reopenForCorrection(db, inspection.id, reason));
        setCorrecting(false);
        setReason('');
      } catch (e) {
        if (e instanceof ValidationError && e.fieldErrors.correctionReason) setReasonError(e.fieldErrors.correctionReason);
        else setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : t('lifecycle.reopenFailed'));
      }
    });
  const errorId = error ? 'status-error' : undefined;

  const finaliseBlock = (label: string) =>
    confirmFinal ? (
      <div className="confirm" role="group" aria-label={t('lifecycle.confirmLabel')}>
        <p>
          {hoering.total > 0
            ? t('lifecycle.locksWithAnswers', { version: latestVersion + 1, answered: hoering.answered, total: hoering.total })
            : t('lifecycle.locks', { version: latestVersion + 1 })}
        </p>
        <fieldset className="concern-level" aria-describedby={`${concernName}-hint ${concernName}-error`}>
          <legend>{t('lifecycle.concernQuestion')}</legend>
          {CONCERN_LEVELS.map((level) => (
            <label key={level} className="radio">
              <input
                type="radio"
                name={concernName}
                value={level}
                checked={concern === level}
                onChange={() => {
                  setConcern(level);
                  setConcernError(undefined);
                }}
              />
              {CONCERN_LEVEL_LABELS[level]}
            </label>
          ))}
          <p className="hint" id={`${concernName}-hint`}>
            {t('lifecycle.concernHint')}
          </p>
          <FieldError id={`${concernName}-error`} message={concernError} />
        </fieldset>
        {gaps.length > 0 && (
          <div className="field">
            <p className="notice" id={`${reasonId}-gaps`}>
              {t('lifecycle.gaps', { gaps: gaps.map((g) => EVIDENCE_GAP_LABELS[g]).join(', ') })}
            </p>
            <label htmlFor={`${reasonId}-evidence`}>{t('lifecycle.evidenceReason')}</label>
            <textarea
              id={`${reasonId}-evidence`}
              rows={3}
              maxLength={2000}
              value={evidenceReason}
              onChange={(e) => setEvidenceReason(e.target.value)}
              aria-invalid={!!evidenceError}
              aria-describedby={[`${reasonId}-gaps`, `${reasonId}-evidence-error`, personalDataWarningId(`${reasonId}-evidence`, evidenceReason)].filter(Boolean).join(' ')}
            />
            <FieldError id={`${reasonId}-evidence-error`} message={evidenceError} />
            <PersonalDataWarning id={`${reasonId}-evidence`} text={evidenceReason} />
          </div>
        )}
        <div className="button-row">
          <button type="button" className="primary" disabled={busy} onClick={click(finalise)}>
            {t('lifecycle.confirmFinal')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirmFinal(false)}>
            {t('common:actions.cancel')}
          </button>
        </div>
      </div>
    ) : (
      <button type="button" className="primary" disabled={!complete || busy} onClick={() => setConfirmFinal(true)} aria-describedby={errorId}>
        {label}
      </button>
    );

  return (
    <div className="sidebar-actions" data-testid="lifecycle-actions">
      {(status === 'planlagt' || status === 'i_gang') && (
        <button type="button" className="primary" disabled={!complete || busy} onClick={click(() => to('udkast'))} aria-describedby={errorId}>
          {t('lifecycle.completeDraft')}
        </button>
      )}
      {status === 'udkast' && (
        <>
          {correction ? (
            <p className="notice correction-note">
              {t('lifecycle.correctionNote', { reason: inspection.correctionReason, version: latestVersion + 1 })}
            </p>
          ) : (
            <p className="ok-note">{t('lifecycle.draftDone')}</p>
          )}
          <button type="button" className={correction ? 'secondary' : 'primary'} disabled={!complete || busy} onClick={click(() => to('i_hoering'))} aria-describedby={errorId}>
            {t('lifecycle.sendToHoering')}
          </button>
          {correction && finaliseBlock(t('lifecycle.finaliseVersion', { version: latestVersion + 1 }))}
        </>
      )}
      {status === 'i_hoering' && (
        <>
          <p className="ok-note" data-testid="hoering-status">
            {t('lifecycle.inHoering', { answered: hoering.answered, count: hoering.total })}
          </p>
          {finaliseBlock(t('lifecycle.finalise'))}
          <button type="button" className="link" disabled={busy} onClick={click(() => to('udkast'))}>
            {t('lifecycle.pullBack')}
          </button>
        </>
      )}
      {status === 'endelig' && (
        <>
          <p className="ok-note">
            {latestVersion > 0 ? t('lifecycle.finalVersion', { version: latestVersion }) : t('lifecycle.final')}
            {inspection.concernLevel ? ` ${CONCERN_LEVEL_LABELS[inspection.concernLevel]}.` : ''}
          </p>
          {openedCase && (
            <a className="button primary" href={href({ name: 'skaerpetTilsyn', id: openedCase.id })}>
              {openedCase.level === 'alvorlig' ? t('lifecycle.caseAndPlan') : t('lifecycle.case')}
            </a>
          )}
          {correcting ? (
            <div className="confirm">
              <div className="field">
                <label htmlFor={reasonId}>{t('lifecycle.whyCorrect')}</label>
                <textarea
                  id={reasonId}
                  value={reason}
                  rows={3}
                  maxLength={2000}
                  onChange={(e) => setReason(e.target.value)}
                  aria-invalid={!!reasonError}
                  aria-describedby={[`${reasonId}-hint`, `${reasonId}-error`, personalDataWarningId(reasonId, reason)].filter(Boolean).join(' ')}
                />
                <p className="hint" id={`${reasonId}-hint`}>
                  {t('lifecycle.correctHint')}
                </p>
                <FieldError id={`${reasonId}-error`} message={reasonError} />
                <PersonalDataWarning id={reasonId} text={reason} />
              </div>
              <div className="button-row">
                <button type="button" className="primary" disabled={busy} onClick={click(reopen)}>
                  {t('lifecycle.reopen')}
                </button>
                <button type="button" className="secondary" onClick={() => setCorrecting(false)}>
                  {t('common:actions.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="secondary" onClick={() => setCorrecting(true)}>
              {t('lifecycle.correct')}
            </button>
          )}
        </>
      )}
      {error && (
        <p className="field-error" role="alert" id="status-error">
          {error}
        </p>
      )}
      <a className="button secondary" href={href({ name: 'report', id: inspection.id })}>
        {t('lifecycle.seeReport')}
      </a>
    </div>
  );
}
