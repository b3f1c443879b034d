import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** The scoring page's keys, listed once: the ? overlay shows them (what each does: inspection:shortcuts.<id>). */
const SCORING_SHORTCUTS: readonly { id: string; keys: string }[] = [
  { id: 'pick', keys: '1 – 4' },
  { id: 'move', keys: '← → ↑ ↓' },
  { id: 'note', keys: 'n' },
  { id: 'nextFromNote', keys: 'Ctrl + Enter' },
  { id: 'nextPrevious', keys: 'j / k' },
  { id: 'details', keys: 'd' },
  { id: 'overlay', keys: '?' },
  { id: 'close', keys: 'Esc' },
];

/** A modal `<dialog>`: the browser traps focus in it and closes it on Esc. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('inspection');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.key')}</th>
            <th scope="col">{t('shortcuts.does')}</th>
          </tr>
        </thead>
        <tbody>
          {SCORING_SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{t(`shortcuts.what.${s.id}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('shortcuts.note')}</p>
      <button type="button" className="primary" onClick={onClose} autoFocus>
        {t('common:actions.close')}
      </button>
    </dialog>
  );
}
