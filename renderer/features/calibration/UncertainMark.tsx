import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/dates';
import type { UncertainMarks } from './uncertainMark';

/** "usikker" beside a theme whose agreement is flagged: a word, not a colour only; the note under the figure explains it. */
export function UncertainMark({ marks, themeId }: { marks: UncertainMarks | null; themeId: string }) {
  const { t } = useTranslation('kalibrering');
  if (!marks?.themeIds.has(themeId)) return null;
  return (
    <>
      {' '}
      <span className="badge badge-due uncertain-mark" data-testid={`uncertain-${themeId}`}>
        {t('uncertain.mark')}
      </span>
    </>
  );
}

/** The explanation under the figure: which themes, why, and where the flag comes from. */
export function UncertainNote({ marks, id, themeName }: { marks: UncertainMarks | null; id: string; themeName: (themeId: string) => string }) {
  const { t } = useTranslation('kalibrering');
  if (!marks) return <span id={id} hidden />;
  return (
    <p className="hint uncertain-note" id={id} data-testid="uncertain-note">
      {t('uncertain.explanation', {
        themes: [...marks.themeIds].map(themeName).join(', '),
        months: marks.windowMonths,
        date: formatDateTime(marks.fetchedAt, { dateStyle: 'long' }),
      })}
    </p>
  );
}
