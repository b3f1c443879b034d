import { useSyncExternalStore } from 'react';

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
  const why =
    s === 'unsupported'
      ? 'Denne browser kan ikke love at gemme Tilsyns data varigt (det kræver en nyere browser og en https-adresse).'
      : 'Browseren har ikke lovet at gemme Tilsyns data varigt.';
  return `${why} Ved pladsmangel eller oprydning kan den slette dem, også ændringer, der endnu ikke er sendt til serveren. Synkroniser ofte, og installer Tilsyn som app eller gem siden som bogmærke, så browseren oftere giver lov.`;
}
