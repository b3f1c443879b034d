import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLongDate, todayIso } from '../../../shared/dates';
import type { Publicering } from '../../../shared/publication';
import { withdrawalId } from '../../../shared/publicationWithdrawal';
import { withdrawPublication } from '../../db/publicationRepository';
import { ValidationError } from '../../db/validation';
import { useDatabase } from '../../state/context';
import { useActor } from '../../state/useActor';
import { DateInput } from '../../ui/DateInput';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';

/**
 * Under a publication: its withdrawal, if forvaltning has withdrawn it (everyone sees it), else for
 * forvaltning the form to withdraw it with a written reason (shared/publicationWithdrawal.ts).
 */
export function WithdrawalSection({ publication }: { publication: Publicering }) {
  const { t } = useTranslation('efterbesoeg');
  const db = useDatabase();
  const actor = useActor();
  const id = useId();
  const withdrawal = useLiveQuery(() => db.tilbagetraekninger.get(withdrawalId(publication.inspectionId, publication.version)), [db, publication.inspectionId, publication.version]);
  const [withdrawnOn, setWithdrawnOn] = useState<string | null>(todayIso());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (withdrawal)
    return (
      <div className="notice" data-testid="withdrawal-status">
        <p>{t('withdraw.done', { date: formatLongDate(withdrawal.withdrawnOn), who: withdrawal.withdrawnBy, reason: withdrawal.reason })}</p>
        <p>{t('withdraw.notPublic')}</p>
      </div>
    );
  if (actor?.role !== 'forvaltning' || actor.local) return null;

  const submit = async () => {
    if (!withdrawnOn) return setErrors({ withdrawnOn: t('withdraw.dateRequired') });
    try {
      await withdrawPublication(db, publication, { withdrawnOn, reason });
      setErrors({});
    } catch (e) {
      setErrors(e instanceof ValidationError ? e.fieldErrors : { _: t('withdraw.failed') });
    }
  };

  return (
    <details className="withdraw-form" data-testid="withdraw-form">
      <summary>{t('withdraw.summary')}</summary>
      <p>{t('withdraw.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-date`}>{t('withdraw.date')}</label>
        <DateInput id={`${id}-date`} value={withdrawnOn} onChange={setWithdrawnOn} optional={false} aria-describedby={`${id}-date-error2`} />
        <FieldError id={`${id}-date-error2`} message={errors.withdrawnOn} />
      </div>
      <TextField id={`${id}-reason`} label={t('withdraw.reason')} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
      <FieldError message={errors._} />
      <button type="button" onClick={() => void submit()}>
        {t('withdraw.button')}
      </button>
    </details>
  );
}
