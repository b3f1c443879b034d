import { useSyncExternalStore } from 'react';
import { worded, type MessageRef } from '../../shared/i18n/i18n';

/**
 * Text of a notice: a resource key with its params, worded when the notice is drawn, so a notice
 * shown before a language switch reads the new language after it. A param may itself be words
 * (a label, a count phrase). A plain string is text that has no key (a server's message, an
 * exception's); an array is its parts in a row.
 */
export type Shown = string | Words | readonly Shown[];
export type Words = MessageRef;

/** `words('common:undo')`, `words('inspection:findings.deleted', { what: words('inspection:findings.anbefaling.one') })`. */
export function words(key: string, params?: Words['params']): Words {
  return params ? { key, params } : { key };
}

/** The text of `s` in the language in use. */
export function shownText(s: Shown): string {
  if (typeof s === 'string') return s;
  if (Array.isArray(s)) return (s as readonly Shown[]).map(shownText).join('');
  return worded(s as Words);
}

/** Short messages about something the user asked for (a file saved, an import done), read aloud politely. */
export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: Shown;
  /** One button beside the text, e.g. "Fortryd"; pressing it runs `run` and closes the notice. */
  action?: { label: Shown; run: () => void | Promise<void> };
}

let notices: Notice[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** How long a notice with an action stays: time to read it and reach the button (WCAG 2.2.1). */
export const ACTION_NOTICE_MS = 15_000;

export function notify(text: Shown, kind: Notice['kind'] = 'info', action?: Notice['action']) {
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
