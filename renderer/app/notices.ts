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
  notices = [...notices.slice(-2), { id: next++, kind, text }];
  emit();
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
