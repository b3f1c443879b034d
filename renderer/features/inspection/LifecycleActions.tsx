import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState } from 'react';
import { CONCERN_LEVELS, CONCERN_LEVEL_LABELS, type ConcernLevel, type Inspection, type InspectionStatus } from '../../../shared/inspection';
import { CORRECTION_REASON_REQUIRED, isCorrecting } from '../../../shared/lifecycle';
import { CONCERN_LEVEL_REQUIRED } from '../../../shared/rules/messages';
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
        setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : 'Kunne ikke ændre status.');
        return false;
      }
    });
  const to = (target: InspectionStatus) => run(() => changeStatus(db, inspection.id, target));
  const finalise = () => {
    if (!concern) {
      setConcernError(CONCERN_LEVEL_REQUIRED);
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
        else setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : 'Kunne ikke ændre status.');
      }
    });
  };
  const reopen = () =>
    guard(async () => {
      setReasonError(undefined);
      setError(null);
      if (reason.trim() === '') {
        setReasonError(CORRECTION_REASON_REQUIRED);
        return;
      }
      try {
        await saveStatus.track(reopenForCorrection(db, inspection.id, reason));
        setCorrecting(false);
        setReason('');
      } catch (e) {
        if (e instanceof ValidationError && e.fieldErrors.correctionReason) setReasonError(e.fieldErrors.correctionReason);
        else setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : 'Kunne ikke genåbne rapporten.');
      }
    });
  const errorId = error ? 'status-error' : undefined;

  const finaliseBlock = (label: string) =>
    confirmFinal ? (
      <div className="confirm" role="group" aria-label="Bekræft endelig rapport">
        <p>
          Rapporten låses som version {latestVersion + 1}
          {hoering.total > 0 ? ` med lederens svar (${hoering.answered} af ${hoering.total} besvaret)` : ''}. Hver anbefaling og hvert påbud bliver et opfølgningspunkt.
        </p>
        <fieldset className="concern-level" aria-describedby={`${concernName}-hint ${concernName}-error`}>
          <legend>Giver tilsynet anledning til bekymring?</legend>
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
            Bekymring åbner et skærpet tilsyn. Alvorlig bekymring åbner et skærpet tilsyn og en handleplan, som skal i gang straks (dagtilbudsloven § 5 b).
          </p>
          <FieldError id={`${concernName}-error`} message={concernError} />
        </fieldset>
        {gaps.length > 0 && (
          <div className="field">
            <p className="notice" id={`${reasonId}-gaps`}>
              Besøget mangler {gaps.map((g) => EVIDENCE_GAP_LABELS[g]).join(', ')}. Registrér det, eller skriv hvorfor det mangler.
            </p>
            <label htmlFor={`${reasonId}-evidence`}>Begrundelse for manglende observation eller dialog</label>
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
            Ja, gør endelig
          </button>
          <button type="button" className="secondary" onClick={() => setConfirmFinal(false)}>
            Annuller
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
          Afslut udkast
        </button>
      )}
      {status === 'udkast' && (
        <>
          {correction ? (
            <p className="notice correction-note">
              Rettelse af den endelige rapport: «{inspection.correctionReason}». Gør den endelig igen som version {latestVersion + 1}, eller send den i høring først.
            </p>
          ) : (
            <p className="ok-note">Udkastet er afsluttet. Du kan stadig rette i det.</p>
          )}
          <button type="button" className={correction ? 'secondary' : 'primary'} disabled={!complete || busy} onClick={click(() => to('i_hoering'))} aria-describedby={errorId}>
            Send til høring
          </button>
          {correction && finaliseBlock(`Gør endelig (version ${latestVersion + 1})`)}
        </>
      )}
      {status === 'i_hoering' && (
        <>
          <p className="ok-note" data-testid="hoering-status">
            I høring hos lederen: {hoering.answered} af {hoering.total} anbefalinger besvaret.
          </p>
          {finaliseBlock('Gør endelig')}
          <button type="button" className="link" disabled={busy} onClick={click(() => to('udkast'))}>
            Træk tilbage til udkast
          </button>
        </>
      )}
      {status === 'endelig' && (
        <>
          <p className="ok-note">
            Endelig{latestVersion > 0 ? ` (version ${latestVersion})` : ''}.{inspection.concernLevel ? ` ${CONCERN_LEVEL_LABELS[inspection.concernLevel]}.` : ''}
          </p>
          {openedCase && (
            <a className="button primary" href={href({ name: 'skaerpetTilsyn', id: openedCase.id })}>
              {openedCase.level === 'alvorlig' ? 'Skærpet tilsyn og handleplan' : 'Skærpet tilsyn'}
            </a>
          )}
          {correcting ? (
            <div className="confirm">
              <div className="field">
                <label htmlFor={reasonId}>Hvorfor skal rapporten rettes?</label>
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
                  Begrundelsen står i den nye version. Den gældende version kan stadig læses.
                </p>
                <FieldError id={`${reasonId}-error`} message={reasonError} />
                <PersonalDataWarning id={reasonId} text={reason} />
              </div>
              <div className="button-row">
                <button type="button" className="primary" disabled={busy} onClick={click(reopen)}>
                  Genåbn til rettelse
                </button>
                <button type="button" className="secondary" onClick={() => setCorrecting(false)}>
                  Annuller
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="secondary" onClick={() => setCorrecting(true)}>
              Ret endelig rapport
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
        Se rapport
      </a>
    </div>
  );
}
