import { useSaveStatus } from '../state/saveStatus';

export function SaveIndicator() {
  const s = useSaveStatus();
  const text =
    s.kind === 'saving'
      ? 'Gemmer…'
      : s.kind === 'saved'
        ? `Gemt ${s.at.toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`
        : s.kind === 'error'
          ? `Ikke gemt: ${s.message}`
          : 'Alt er gemt';
  return (
    <span className={`save-indicator save-${s.kind}`} role="status" aria-live="polite" data-testid="save-status">
      {text}
    </span>
  );
}
