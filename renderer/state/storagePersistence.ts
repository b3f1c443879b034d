import { useSyncExternalStore } from 'react';
import { translate } from '../../shared/i18n/i18n';

/**
 * Whether the browser has promised to keep our IndexedDB (`navigator.storage.persist()`). Without
 * the promise it may delete the data under storage pressure, unsent changes included, so the app
 * says so (renderer/app/StorageWarning.tsx).
 */
export type PersistenceStatus = 'pending' | 'persisted' | 'refused' | 'unsupported';

type StorageLike = Pick<StorageManager, 'persist' | 'persisted'>;

let status: PersistenceStatus = 'pending';
const listeners = new Set<() => void>();

function set(next: PersistenceStatus): PersistenceStatus {
  status = next;
  listeners.forEach((l) => l());
  return next;
}

/** Ask the browser not to evict our data (a cleared cache must not take unsent work); remembers the answer. */
export async function requestPersistentStorage(
  storage: StorageLike | undefined = typeof navigator === 'undefined' ? undefined : navigator.storage,
): Promise<PersistenceStatus> {
  // navigator.storage is missing in old browsers and on plain http:// from another machine (not a secure context).
  if (!storage?.persist || !storage.persisted) return set('unsupported');
  try {
    if (await storage.persisted()) return set('persisted');
    return set((await storage.persist()) ? 'persisted' : 'refused');
  } catch {
    return set('refused');
  }
}

export function usePersistenceStatus(): PersistenceStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => status,
    () => status,
  );
}

/** The warning's text, or null when there is nothing to warn about. Only the browser: the desktop app's data lives in its own folder, with backups. */
export function persistenceWarning(s: PersistenceStatus, platform: 'desktop' | 'browser'): string | null {
  if (platform !== 'browser' || s === 'pending' || s === 'persisted') return null;
  return `${translate(s === 'unsupported' ? 'common:storage.unsupported' : 'common:storage.refused')} ${translate('common:storage.advice')}`;
}
