import { useTranslation } from 'react-i18next';
import { dismiss, shownText, useNotices } from '../state/notices';

/** The notices, worded as they are drawn: useTranslation re-renders them when the language changes. */
export function NoticeList() {
  const { t } = useTranslation();
  const notices = useNotices();
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <p key={n.id} className={`notice-item notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : undefined}>
          <span>{shownText(n.text)}</span>
          {n.action && (
            <button
              type="button"
              className="secondary notice-action"
              onClick={() => {
                dismiss(n.id);
                void n.action!.run();
              }}
            >
              {shownText(n.action.label)}
            </button>
          )}
          <button type="button" className="link" onClick={() => dismiss(n.id)} aria-label={t('notice.close')}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
