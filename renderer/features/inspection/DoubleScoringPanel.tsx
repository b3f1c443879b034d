import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bothSealed, consensusThemes, type ConsensusEntry } from '../../../shared/calibration/records';
import { formatDateTime } from '../../../shared/dates';
import type { Framework, Step, ThemeId } from '../../../shared/framework';
import { sealSet, setConsensus, type DoubleScoringView } from '../../db/doubleScoringRepository';
import { ValidationError } from '../../db/validation';
import { useDatabase } from '../../state/context';
import { saveStatus } from '../../state/saveStatus';

interface Props {
  view: DoubleScoringView;
  framework: Framework;
  userId: string;
  /** Display names by user id (the consultant directory). */
  names: ReadonlyMap<string, string>;
  disabled: boolean;
}

const errorText = (e: unknown, fallback: string) => (e instanceof ValidationError ? Object.values(e.fieldErrors)[0]! : fallback);

/**
 * Double scoring on the inspection page (docs/kalibrering.md): who the raters are, the seal with its
 * confirmation, and after both seals the consensus per theme, side by side. The blind steps
 * themselves are picked in the theme sections (ThemeSection's `blind`).
 */
export function DoubleScoringPanel({ view, framework, userId, names, disabled }: Props) {
  const { t } = useTranslation('dobbeltscoring');
  const db = useDatabase();
  const { dobbeltscoring: d, isRater, own, other } = view;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = (id: string) => names.get(id) ?? id;
  const sets = [own, other].filter((s) => s !== undefined);
  const sealed = bothSealed(d.raterIds, sets);
  const scored = framework.themes.filter((th) => typeof own?.scores[th.id] === 'number').length;

  const seal = async () => {
    try {
      await saveStatus.track(sealSet(db, d, userId));
      setConfirming(false);
      setError(null);
    } catch (e) {
      setError(errorText(e, t('saveFailed')));
    }
  };

  return (
    <section className="double-scoring" aria-labelledby="dobbeltscoring-title" data-testid="double-scoring">
      <h2 id="dobbeltscoring-title">{t('title')}</h2>
      <p>{t('intro', { selection: t(`selection.${d.selection}`) })}</p>
      <p className="muted">{t('raters', { first: name(d.raterIds[0]), second: name(d.raterIds[1]) })}</p>
      {!isRater ? (
        <p>{t('notRater')}</p>
      ) : sealed && own && other ? (
        <ConsensusTable view={view} framework={framework} disabled={disabled} />
      ) : own?.sealedAt ? (
        <p data-testid="sealed-waiting">
          {t('seal.done', { at: formatDateTime(own.sealedAt) })} {t('seal.waiting')}
        </p>
      ) : (
        <>
          <p className="notice">{t('blindHint')}</p>
          <p data-testid="blind-progress">{t('progress', { count: scored, total: framework.themes.length })}</p>
          {confirming ? (
            <div className="confirm" role="group" aria-labelledby="seal-confirm-title">
              <p id="seal-confirm-title">
                <strong>{t('seal.confirmTitle')}</strong>
              </p>
              <p>{t('seal.confirmText')}</p>
              {scored < framework.themes.length && <p>{t('seal.missing', { count: framework.themes.length - scored })}</p>}
              <p className="button-row">
                <button type="button" className="primary" onClick={() => void seal()}>
                  {t('seal.confirm')}
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  {t('seal.cancel')}
                </button>
              </p>
            </div>
          ) : (
            <p className="button-row">
              <button type="button" className="primary" disabled={disabled || scored === 0} onClick={() => setConfirming(true)}>
                {t('seal.button')}
              </button>
            </p>
          )}
        </>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** After both seals: per theme the two steps side by side, the agreed step and, where they differ, the reason. */
function ConsensusTable({ view, framework, disabled }: { view: DoubleScoringView; framework: Framework; disabled: boolean }) {
  const { t } = useTranslation('dobbeltscoring');
  const { dobbeltscoring: d, own, other } = view;
  const themes = consensusThemes([own!, other!]);
  const missing = themes.filter((th) => (d.consensus[th.themeId]?.step ?? null) === null).length;
  return (
    <div className="consensus">
      <h3>{t('consensus.title')}</h3>
      <p>{t('consensus.intro')}</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('consensus.title')}>
        <table className="consensus-table">
          <thead>
            <tr>
              <th scope="col">{t('consensus.theme')}</th>
              <th scope="col">{t('consensus.mine')}</th>
              <th scope="col">{t('consensus.theirs')}</th>
              <th scope="col">{t('consensus.agreed')}</th>
              <th scope="col">{t('consensus.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {themes.map((th) => {
              const theme = framework.themes.find((x) => x.id === th.themeId);
              return <ConsensusRow key={th.themeId} themeId={th.themeId} themeName={theme?.name ?? th.themeId} steps={th.steps} differ={th.differ} entry={d.consensus[th.themeId]} inspectionId={d.inspectionId} disabled={disabled} />;
            })}
          </tbody>
        </table>
      </div>
      <p data-testid="consensus-state" role="status">
        {missing === 0 ? t('consensus.complete') : t('consensus.incomplete', { count: missing })}
      </p>
    </div>
  );
}

function ConsensusRow(props: { themeId: ThemeId; themeName: string; steps: (Step | null)[]; differ: boolean; entry: ConsensusEntry | undefined; inspectionId: string; disabled: boolean }) {
  const { t } = useTranslation('dobbeltscoring');
  const db = useDatabase();
  const { themeId, themeName, steps, differ, entry, inspectionId, disabled } = props;
  const [reason, setReason] = useState(entry?.reason ?? '');
  const [error, setError] = useState<string | null>(null);
  // A step picked where the steps differ waits here for its reason, then both are saved together.
  const [pending, setPending] = useState<Step | null>(null);
  const step = pending ?? entry?.step ?? null;
  const needsReason = differ && step !== null && reason.trim() === '';
  const save = async (next: ConsensusEntry) => {
    try {
      await saveStatus.track(setConsensus(db, inspectionId, themeId, next));
      setPending(null);
      setError(null);
    } catch (e) {
      setError(errorText(e, t('saveFailed')));
    }
  };
  const stepText = (s: Step | null) => (s === null ? t('consensus.notScored') : String(s));
  const reasonId = `consensus-reason-${themeId}`;
  const errorId = `consensus-error-${themeId}`;
  return (
    <tr data-testid={`consensus-${themeId}`}>
      <th scope="row">{themeName}</th>
      <td data-testid={`consensus-${themeId}-mine`}>{stepText(steps[0] ?? null)}</td>
      <td data-testid={`consensus-${themeId}-theirs`}>{stepText(steps[1] ?? null)}</td>
      <td>
        <select
          aria-label={t('consensus.stepLabel', { theme: themeName })}
          value={step ?? ''}
          disabled={disabled}
          data-testid={`consensus-${themeId}-step`}
          onChange={(e) => {
            const value = e.target.value ? (Number(e.target.value) as Step) : null;
            // Where the steps differ, the reason goes with the step (the judge refuses one without it).
            if (differ && value !== null && reason.trim() === '') {
              setPending(value);
              setError(t('consensus.reasonNeeded'));
              return;
            }
            void save({ step: value, reason });
          }}
        >
          <option value="">{t('consensus.none')}</option>
          {[1, 2, 3, 4].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </td>
      <td>
        {differ ? (
          <>
            <textarea
              id={reasonId}
              rows={2}
              aria-label={t('consensus.reasonLabel', { theme: themeName })}
              aria-describedby={error || needsReason ? errorId : undefined}
              value={reason}
              disabled={disabled}
              onChange={(e) => setReason(e.target.value)}
              onBlur={() => {
                if (step !== null && reason !== (entry?.reason ?? '')) void save({ step, reason });
              }}
            />
            {(error || needsReason) && (
              <p className="field-error" id={errorId} role="alert">
                {error ?? t('consensus.reasonNeeded')}
              </p>
            )}
          </>
        ) : (
          error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )
        )}
      </td>
    </tr>
  );
}
