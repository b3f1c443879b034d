// Bundled by tests/bench/saveScore.ts and run inside Chromium on the app's origin.
import { TilsynDatabase } from '../../renderer/db/database';
import { loadDemoData } from '../../renderer/db/demoRepository';
import { setThemeStep, startInspection } from '../../renderer/db/inspectionRepository';
import { THEME_IDS } from '../../shared/framework';

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function summary(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), n: s.length };
}

async function bareIndexedDbPuts(n: number): Promise<number[]> {
  const open = indexedDB.open(`bench-bare-${Date.now()}`, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('scores', { keyPath: 'id' });
  const db: IDBDatabase = await new Promise((res, rej) => {
    open.onsuccess = () => res(open.result);
    open.onerror = () => rej(open.error);
  });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((res, rej) => {
      const tx = db.transaction('scores', 'readwrite', { durability: 'strict' });
      tx.objectStore('scores').put({ id: 'x', step: (i % 4) + 1, note: '', updatedAt: new Date().toISOString() });
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    times.push(performance.now() - t0);
  }
  db.close();
  return times;
}

async function repositorySaves(n: number): Promise<number[]> {
  const db = new TilsynDatabase(`bench-app-${Date.now()}`);
  await loadDemoData(db);
  const insp = await startInspection(db, { institutionId: 'DI-01', date: '2026-01-05', visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Bench'], participants: [] }, '2026-11-23');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await setThemeStep(db, insp.id, THEME_IDS[i % 7]!, ((i >> 3) % 4) + 1);
    times.push(performance.now() - t0);
  }
  db.close();
  return times;
}

(window as unknown as { runBench: (n: number) => Promise<unknown> }).runBench = async (n: number) => {
  await repositorySaves(20); // warm-up
  await bareIndexedDbPuts(20);
  const bare = summary(await bareIndexedDbPuts(n));
  const app = summary(await repositorySaves(n));
  return { bare, app };
};
