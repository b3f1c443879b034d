import { useEffect, useRef } from 'react';

/** The scoring page's keys, listed once: the ? overlay shows them, and the tests read the same list. */
export const SCORING_SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '1 – 4', what: 'Vælg trin for temaet' },
  { keys: '← → ↑ ↓', what: 'Flyt mellem trinene i temaet' },
  { keys: 'n', what: 'Skriv en note til temaet' },
  { keys: 'Ctrl + Enter', what: 'Gå til næste tema (også fra en note)' },
  { keys: 'j / k', what: 'Næste / forrige tema' },
  { keys: 'd', what: 'Vis eller skjul beskrivelser og fokuspunkter (kompakt visning)' },
  { keys: '?', what: 'Vis denne oversigt' },
  { keys: 'Esc', what: 'Luk oversigten' },
];

/** A modal `<dialog>`: the browser traps focus in it and closes it on Esc. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Tastaturgenveje</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Tast</th>
            <th scope="col">Gør</th>
          </tr>
        </thead>
        <tbody>
          {SCORING_SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Genvejene virker, når markøren ikke står i et tekstfelt (undtagen Ctrl + Enter).</p>
      <button type="button" className="primary" onClick={onClose} autoFocus>
        Luk
      </button>
    </dialog>
  );
}
