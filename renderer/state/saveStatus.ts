import { useSyncExternalStore } from 'react';

/**
 * Counts edits that are typed but not yet durable (waiting for the debounce or the transaction), so
 * the header can say "Gemmer…" until every one of them is on disk, and only then "Gemt".
 */
export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

let pending = 0;
let state: SaveState = { kind: 'idle' };
const listeners = new Set<() => void>();

function emit(next: SaveState) {
  state = next;
  for (const l of listeners) l();
}

export const saveStatus = {
  /** An edit exists that is not saved yet; call the returned function once it has been handled. */
  begin(): (error?: unknown) => void {
    pending++;
    emit({ kind: 'saving' });
    let done = false;
    return (error?: unknown) => {
      if (done) return;
      done = true;
      pending--;
      if (error) emit({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      else if (pending === 0) emit({ kind: 'saved', at: new Date() });
    };
  },
  async track<T>(work: Promise<T>): Promise<T> {
    const end = this.begin();
    try {
      const result = await work;
      end();
      return result;
    } catch (e) {
      end(e);
      throw e;
    }
  },
  get: () => state,
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useSaveStatus(): SaveState {
  return useSyncExternalStore(saveStatus.subscribe, saveStatus.get);
}
