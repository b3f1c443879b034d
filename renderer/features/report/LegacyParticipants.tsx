import { useTranslation } from 'react-i18next';

/**
 * The retired free-text "Deltagere i dialogen" of a visit recorded before the dialogue record
 * (issue 12): a line of its own where an older report has it, nothing otherwise.
 */
export function LegacyParticipants({ participants }: { participants: readonly string[] }) {
  const { t } = useTranslation('besoeg2');
  if (participants.length === 0) return null;
  return (
    <div data-testid="report-legacy-participants">
      <dt>{t('participants.legacy')}</dt>
      <dd>{participants.join(', ')}</dd>
    </div>
  );
}
