import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Framework, Step, Theme } from '../../../shared/framework';
import type { Anbefaling, Anerkendelse, FokuspunktNote, ThemeScore } from '../../../shared/inspection';
import { saveStatus } from '../../state/saveStatus';
import { useDatabase } from '../../state/context';
import { clearNotAssessed, setFokuspunkt, setNotAssessed, setThemeNote, setThemeStep } from '../../db/inspectionRepository';
import { ValidationError } from '../../db/validation';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';
import { FindingsList } from './FindingsList';
import { StepPicker } from './StepPicker';
import { useTranslation } from 'react-i18next';

interface Props {
  framework: Framework;
  theme: Theme;
  index: number;
  inspectionId: string;
  score: ThemeScore | undefined;
  fokuspunktNotes: FokuspunktNote[];
  anerkendelser: Anerkendelse[];
  anbefalinger: Anbefaling[];
  disabled: boolean;
  /** Compact mode: descriptions and fokuspunkter folded, opened with "d" or their buttons. */
  compact: boolean;
  /**
   * A double-scored inspection (DoubleScoringPanel): the step shown and picked is the rater's own
   * blind set (`onPick`), or, once sealed or for anyone else, fixed (the official step is the consensus).
   */
  doubleScored?: { value: number | null; onPick?: (step: Step) => Promise<unknown>; blind: boolean };
}

function isTextEntry(el: EventTarget | null): boolean {
  return el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el instanceof HTMLInputElement && !['radio', 'checkbox'].includes(el.type));
}

/** Moves to a theme's step group (its chosen step, else the first), as Tab would land there. */
export function focusTheme(themeId: string) {
  const section = document.getElementById(`tema-${themeId}`);
  if (!section) return;
  const radio = section.querySelector<HTMLInputElement>('.step-picker input[type=radio]:checked') ?? section.querySelector<HTMLInputElement>('.step-picker input[type=radio]');
  section.scrollIntoView({ block: 'start' });
  (radio && !radio.disabled ? radio : section).focus({ preventScroll: true });
}

export function ThemeSection(props: Props) {
  const { t } = useTranslation('inspection');
  const { framework, theme, index, inspectionId, score, disabled, compact, doubleScored } = props;
  const noteHint = t('theme.noteHint');
  const stepDisabled = disabled || (doubleScored !== undefined && !doubleScored.onPick);
  const [showDetails, setShowDetails] = useState(false);
  const details = !compact || showDetails;
  const neighbour = (offset: number) => framework.themes[index + offset]?.id;
  const db = useDatabase();
  const [stepError, setStepError] = useState<string | null>(null);
  const [naChecked, setNaChecked] = useState(false);
  // Show the picked step at once; the saved record takes over when the write completes.
  const [optimisticStep, setOptimisticStep] = useState<number | null>(null);
  const savedStep = doubleScored ? doubleScored.value : score?.notAssessed ? null : (score?.step ?? null);
  useEffect(() => {
    if (optimisticStep !== null && savedStep === optimisticStep) setOptimisticStep(null);
  }, [savedStep, optimisticStep]);
  const notAssessed = score?.notAssessed || naChecked;

  const pick = async (step: number) => {
    try {
      setNaChecked(false);
      setOptimisticStep(step);
      await saveStatus.track(doubleScored?.onPick ? doubleScored.onPick(step as Step) : setThemeStep(db, inspectionId, theme.id, step));
      setStepError(null);
    } catch (e) {
      if (e instanceof ValidationError) setStepError(e.fieldErrors.step ?? Object.values(e.fieldErrors)[0]!);
      else setStepError(t('theme.stepNotSaved'));
      setOptimisticStep(null);
    }
  };

  // Keys 1–4 pick a step anywhere in the theme, except while typing text; the other keys are on the ? overlay.
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      const next = neighbour(1);
      if (next) {
        e.preventDefault();
        focusTheme(next);
      }
      return;
    }
    if (isTextEntry(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const move = e.key === 'j' ? neighbour(1) : e.key === 'k' ? neighbour(-1) : undefined;
    if (move) {
      e.preventDefault();
      focusTheme(move);
      return;
    }
    if (e.key === 'd') {
      e.preventDefault();
      setShowDetails((v) => !v);
      return;
    }
    if (e.key === 'n' && !disabled) {
      e.preventDefault();
      document.getElementById(`note-${theme.id}`)?.focus();
      return;
    }
    if (stepDisabled) return;
    if (/^[1-4]$/.test(e.key)) {
      e.preventDefault();
      void pick(Number(e.key));
    } else if (/^[05-9]$/.test(e.key)) {
      e.preventDefault();
      setStepError(t('theme.noSuchStep', { step: e.key }));
    }
  };

  const shown = doubleScored ? { notAssessed: false, step: doubleScored.value } : score;
  const status = shown?.notAssessed ? t('theme.notAssessed') : shown?.step ? t('theme.stepStatus', { step: shown.step, label: framework.scale.labels[shown.step - 1] }) : t('theme.notScored');

  return (
    <section className="theme-section" id={`tema-${theme.id}`} aria-labelledby={`tema-${theme.id}-title`} onKeyDown={onKeyDown} tabIndex={-1}>
      <header className="theme-header">
        <h2 id={`tema-${theme.id}-title`}>
          <span className="theme-number">{index + 1}.</span> {theme.name}
        </h2>
        <span className={`theme-status${shown?.step || shown?.notAssessed ? ' done' : ''}`}>{status}</span>
      </header>
      {details && <p className="theme-description">{theme.description}</p>}

      <StepPicker theme={theme} labels={framework.scale.labels} value={optimisticStep ?? savedStep} disabled={stepDisabled} onPick={(s: Step) => void pick(s)} error={stepError} descriptors={details} />
      {compact && (
        <button type="button" className="link details-toggle" aria-expanded={showDetails} onClick={() => setShowDetails((v) => !v)}>
          {showDetails ? t('theme.hideDetails') : t('theme.showDetails')} <span className="hint">{t('theme.detailsKey')}</span>
        </button>
      )}

      {!doubleScored && <div className="not-assessed">
        <label className="inline">
          <input
            type="checkbox"
            checked={notAssessed}
            disabled={disabled}
            onChange={(e) => {
              setNaChecked(e.target.checked);
              if (!e.target.checked && score?.notAssessed) void saveStatus.track(clearNotAssessed(db, inspectionId, theme.id));
              if (e.target.checked && score?.notAssessedReason?.trim()) void saveStatus.track(setNotAssessed(db, inspectionId, theme.id, score.notAssessedReason));
            }}
          />{' '}
          {t('theme.notAssessed')}
        </label>
        {notAssessed && (
          <AutosaveTextarea
            id={`na-reason-${theme.id}`}
            label={t('theme.whyNotAssessed')}
            value={score?.notAssessedReason ?? ''}
            disabled={disabled}
            rows={2}
            errorField="notAssessedReason"
            externalError={!score?.notAssessed && !(score?.notAssessedReason ?? '').trim() ? t('validation:inspection.notAssessedReason') : undefined}
            onSave={(reason) => setNotAssessed(db, inspectionId, theme.id, reason)}
          />
        )}
      </div>}

      <AutosaveTextarea
        id={`note-${theme.id}`}
        label={t('theme.noteLabel', { theme: theme.name.toLowerCase() })}
        value={score?.note ?? ''}
        disabled={disabled}
        // Compact: the privacy hint moves into the field's placeholder (the personal-data warning still shows).
        {...(compact ? { placeholder: noteHint, rows: 2 } : { hint: noteHint })}
        onSave={(note) => setThemeNote(db, inspectionId, theme.id, note)}
      />

      <Fold open={details} heading={t('theme.fokuspunkter')} title={t('theme.fokuspunkterCount', { count: theme.fokuspunkter.length })}>
        {theme.fokuspunkter.map((fp) => {
          const note = props.fokuspunktNotes.find((n) => n.fokuspunktId === fp.id);
          return (
            <div className="fokuspunkt" key={fp.id}>
              <h4>{fp.name}</h4>
              <details>
                <summary>{t('theme.descriptors')}</summary>
                <ol className="descriptor-list">
                  {fp.descriptors.map((d, i) => (
                    <li key={i}>
                      <strong>
                        {i + 1} {framework.scale.labels[i]}:
                      </strong>{' '}
                      {d}
                    </li>
                  ))}
                </ol>
              </details>
              <div className="field inline-field">
                <label htmlFor={`fp-step-${fp.id}`}>{t('theme.supportStep')}</label>
                <select
                  id={`fp-step-${fp.id}`}
                  value={note?.step ?? ''}
                  disabled={disabled || doubleScored?.blind}
                  aria-describedby={doubleScored?.blind ? `fp-step-${fp.id}-blind` : undefined}
                  onChange={(e) => void saveStatus.track(setFokuspunkt(db, inspectionId, theme.id, fp.id, { step: e.target.value ? Number(e.target.value) : null }))}
                >
                  <option value="">–</option>
                  {[1, 2, 3, 4].map((s) => (
                    <option key={s} value={s}>
                      {s} {framework.scale.labels[s - 1]}
                    </option>
                  ))}
                </select>
                {doubleScored?.blind && (
                  <p className="hint" id={`fp-step-${fp.id}-blind`}>
                    {t('theme.supportStepBlind')}
                  </p>
                )}
              </div>
              <AutosaveTextarea
                id={`fp-note-${fp.id}`}
                label={t('theme.fokuspunktNote', { name: fp.name })}
                value={note?.note ?? ''}
                disabled={disabled}
                rows={2}
                onSave={(text) => setFokuspunkt(db, inspectionId, theme.id, fp.id, { note: text })}
              />
            </div>
          );
        })}
      </Fold>

      <div className="findings-grid">
        <FindingsList kind="anerkendelse" inspectionId={inspectionId} themeId={theme.id} items={props.anerkendelser} disabled={disabled} />
        <FindingsList kind="anbefaling" inspectionId={inspectionId} themeId={theme.id} items={props.anbefalinger.filter((a) => a.type !== 'paabud')} disabled={disabled} />
        <FindingsList kind="paabud" inspectionId={inspectionId} themeId={theme.id} items={props.anbefalinger.filter((a) => a.type === 'paabud')} disabled={disabled} />
      </div>
    </section>
  );
}

/** The fokuspunkter: a section as before, or folded behind one summary in compact mode. */
function Fold({ open, heading, title, children }: { open: boolean; heading: string; title: string; children: ReactNode }) {
  if (open)
    return (
      <div className="fokuspunkter">
        <h3>{heading}</h3>
        {children}
      </div>
    );
  return (
    <details className="fokuspunkter folded">
      <summary>{title}</summary>
      {children}
    </details>
  );
}
