import { useTranslation } from 'react-i18next';
import type { Step, Theme } from '../../../shared/framework';

interface Props {
  theme: Theme;
  labels: readonly string[];
  value: number | null;
  disabled: boolean;
  onPick: (step: Step) => void;
  error?: string | null;
  /** Show each step's descriptor (folded in compact mode). */
  descriptors?: boolean;
}

/** The four steps of one theme as a radio group: arrow keys move, keys 1–4 pick (handled by the section). */
export function StepPicker({ theme, labels, value, disabled, onPick, error, descriptors = true }: Props) {
  const { t } = useTranslation('inspection');
  const name = `step-${theme.id}`;
  return (
    <fieldset className="step-picker" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>
        {t('stepPicker.legend', { theme: theme.name })} <span className="hint">{t('stepPicker.keys')}</span>
      </legend>
      <div className="steps">
        {[1, 2, 3, 4].map((step) => (
          <label key={step} className={`step-option${value === step ? ' selected' : ''}`}>
            <input
              type="radio"
              name={name}
              value={step}
              checked={value === step}
              disabled={disabled}
              onChange={() => onPick(step as Step)}
              data-testid={`${theme.id}-step-${step}`}
            />
            <span className="step-head">
              <span className={`step step-${step}`} aria-hidden="true">
                {step}
              </span>
              <span className="step-label">{labels[step - 1]}</span>
            </span>
            {descriptors && <span className="step-descriptor">{theme.descriptors[step - 1]}</span>}
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`${name}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
