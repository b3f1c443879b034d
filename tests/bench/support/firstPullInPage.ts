// Bundled by tests/bench/appFirstPull.ts and run on the app's origin: the app's own first pull (the
// sync engine's options, its Dexie storage, its server client) into a fresh IndexedDB database.
import { TilsynDatabase } from '../../../renderer/db/database';
import { dexieSyncStorage } from '../../../renderer/sync/dexieSyncStorage';
import { serverClient } from '../../../renderer/sync/serverClient';
import { SYNC_OPTIONS, pullProgressText } from '../../../renderer/sync/syncEngine';
import { uuidv7 } from '../../../shared/ids';
import { syncOnce, type PullProgress } from '../../../shared/sync/clientCore';

// `uncompressed`: every request carries x-no-compression, so the server sends its answers as they are
// (the figure to compare with over a throttled link).
(window as unknown as { firstPull: (baseUrl: string, token: string, name: string, uncompressed?: boolean) => Promise<unknown> }).firstPull = async (baseUrl, token, name, uncompressed = false) => {
  const realFetch = window.fetch;
  if (uncompressed) window.fetch = (input, init) => realFetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-no-compression': '1' } });
  try {
    return await firstPull(baseUrl, token, name);
  } finally {
    window.fetch = realFetch;
  }
};

async function firstPull(baseUrl: string, token: string, name: string) {
  const db = new TilsynDatabase(name);
  await db.open();
  const progress: PullProgress[] = [];
  const transport = serverClient({ baseUrl, token }).transport;
  // Where the time goes: the server's pages (request, answer, JSON) and applying them.
  let server = 0;
  const timed: typeof transport = async (path, init) => {
    const t = performance.now();
    const res = await transport(path, init);
    const json = await res.json();
    server += performance.now() - t;
    return { status: res.status, json: async () => json };
  };
  // And writing the pages: the next page is asked for while one is written, so the two overlap.
  let writing = 0;
  const storage = dexieSyncStorage(db);
  const timedStorage: typeof storage = {
    ...storage,
    transaction: (fn, options) => {
      const t = performance.now();
      return storage.transaction(fn, options).finally(() => (writing += performance.now() - t));
    },
  };
  const t0 = performance.now();
  const report = await syncOnce(timedStorage, timed, uuidv7(), { ...SYNC_OPTIONS, onProgress: (p) => progress.push(p) });
  const ms = performance.now() - t0;
  const stored = await db.themeScores.count();
  const summaries = await db.institutionSummaries.count();
  db.close();
  await new Promise((resolve) => {
    const del = indexedDB.deleteDatabase(name);
    del.onsuccess = del.onerror = del.onblocked = resolve;
  });
  return { ms, server, writing, ok: report.ok, error: report.error?.message, pulled: report.pulled, stored, summaries, pages: progress.length, first: progress[0] && pullProgressText(progress[0]), last: progress.at(-1) && pullProgressText(progress.at(-1)!) };
}
