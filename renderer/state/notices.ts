import { useSyncExternalStore } from 'react';

/** Short messages about something the user asked for (a file saved, an import done), read aloud politely. */
export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** One button beside the text, e.g. "Fortryd"; pressing it runs `run` and closes the notice. */
  action?: { label: string; run: () => void | Promise<void> };
}

let notices: Notice[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** How long a notice with an action stays: time to read it and reach the button (WCAG 2.2.1). */
export const ACTION_NOTICE_MS = 15_000;

export function notify(text: string, kind: Notice['kind'] = 'info', action?: Notice['action']) {
  const id = next++;
  notices = [...notices.slice(-2), { id, kind, text, ...(action ? { action } : {}) }];
  emit();
  // Information fades after a while; errors stay until the user closes them.
  if (kind === 'info') setTimeout(() => dismiss(id), action ? ACTION_NOTICE_MS : 8000);
  return id;
}

export function dismiss(id: number) {
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function useNotices(): Notice[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => notices,
  );
}
