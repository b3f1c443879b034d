import { useTranslation } from 'react-i18next';
import { dismiss, useNotices } from '../state/notices';

export function NoticeList() {
  const { t } = useTranslation();
  const notices = useNotices();
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <p key={n.id} className={`notice-item notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : undefined}>
          <span>{n.text}</span>
          {n.action && (
            <button
              type="button"
              className="secondary notice-action"
              onClick={() => {
                dismiss(n.id);
                void n.action!.run();
              }}
            >
              {n.action.label}
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
