import { useTranslation } from 'react-i18next';
import { DEFAULT_SCALE_LABELS, STEPS } from '../../../shared/framework';
import { FieldError } from '../../ui/FieldError';

/** A labelled choice of step 1–4 for one theme (vignette scores, master scores). */
export function StepSelect({ id, label, value, onChange, error }: { id: string; label: string; value: number | null; onChange: (step: number | null) => void; error?: string | undefined }) {
  const { t } = useTranslation('kalibrering');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} aria-invalid={!!error} aria-describedby={`${id}-error`} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{t('vignettes.choose')}</option>
        {STEPS.map((s) => (
          <option key={s} value={s}>
            {`${s} – ${DEFAULT_SCALE_LABELS[s - 1]}`}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
