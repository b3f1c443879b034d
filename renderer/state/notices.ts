import { useSyncExternalStore } from 'react';

/** Short messages about something the user asked for (a file saved, an import done), read aloud politely. */
export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

let notices: Notice[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function notify(text: string, kind: Notice['kind'] = 'info') {
  const id = next++;
  notices = [...notices.slice(-2), { id, kind, text }];
  emit();
  // Information fades after a while; errors stay until the user closes them.
  if (kind === 'info') setTimeout(() => dismiss(id), 8000);
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
