import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DATE_FIELD_PROPS } from '../../ui/DateInput';

/**
 * The institutions file's option to import its T1–T7 steps (round 2020–21) as final inspections,
 * with the date they get. The same on the server import and the local one.
 */
export function StepsOption({
  withSteps,
  onWithSteps,
  stepsDate,
  onStepsDate,
  dateError,
}: {
  withSteps: boolean;
  onWithSteps: (on: boolean) => void;
  /** The date as typed (dd.mm.åååå). */
  stepsDate: string;
  onStepsDate: (date: string) => void;
  dateError: string | null | undefined;
}) {
  const { t } = useTranslation('import');
  const ids = { steps: useId(), date: useId(), dateError: useId() };
  return (
    <>
      <div className="field checkbox">
        <input id={ids.steps} type="checkbox" checked={withSteps} onChange={(e) => onWithSteps(e.target.checked)} />
        <label htmlFor={ids.steps}>{t('steps.also')}</label>
      </div>
      {withSteps && (
        <div className="field">
          <label htmlFor={ids.date}>{t('steps.date')}</label>
          <input
            id={ids.date}
            {...DATE_FIELD_PROPS}
            value={stepsDate}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? ids.dateError : undefined}
            onChange={(e) => onStepsDate(e.target.value)}
          />
          {dateError && (
            <p className="field-error" id={ids.dateError}>
              {dateError}
            </p>
          )}
        </div>
      )}
    </>
  );
}
