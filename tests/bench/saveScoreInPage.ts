// Bundled by tests/bench/saveScore.ts and run inside Chromium on the app's origin.
import { TilsynDatabase } from '../../renderer/db/database';
import { loadDemoData } from '../../renderer/db/demoRepository';
import { setThemeStep, startInspection } from '../../renderer/db/inspectionRepository';
import { THEME_IDS } from '../../shared/framework';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId, type ThemeScore } from '../../shared/inspection';

function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name); // no version: the app's current schema, same stores and indexes
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/**
 * The honest limit of one save: a bare strict-durability transaction that writes the same record
 * (a full theme score, note included) and an outbox row into the app's own stores, with their indexes.
 */
function bareSave(raw: IDBDatabase, record: ThemeScore): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = raw.transaction(['themeScores', 'outbox'], 'readwrite', { durability: 'strict' });
    tx.objectStore('themeScores').put(record);
    tx.objectStore('outbox').add({ mutationId: uuidv7(), recordType: 'themeScore', recordId: record.id, baseRev: 0, fields: { step: record.step }, createdAt: new Date().toISOString() });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

(window as unknown as { runBench: (n: number) => Promise<unknown> }).runBench = async (n: number) => {
  const name = `bench-save-${Date.now()}`;
  const db = new TilsynDatabase(name);
  await loadDemoData(db);
  const insp = await startInspection(db, { institutionId: 'DI-01', date: '2026-01-05', visitType: 'anmeldt', kind: 'ordinaer', consultants: ['Bench'], participants: [] }, '2026-11-23');
  const raw = await openRaw(name);
  const bareId = themeScoreId('bench-bare', THEME_IDS[0]);
  const note = 'Observeret praksis i samlingen og i legen på legepladsen. '.repeat(5);
  const last = new Map<string, number>();
  const app: number[] = [];
  const bare: number[] = [];
  let notWritten = 0;
  // Interleaved, after a warm-up, so both meet the same disk and the same background work.
  for (let i = -20; i < n; i++) {
    const themeId = THEME_IDS[((i % 7) + 7) % 7]!;
    // Always a different step than the stored one: every timed save writes.
    const step = ((last.get(themeId) ?? 0) % 4) + 1;
    last.set(themeId, step);
    let t0 = performance.now();
    const saved = await setThemeStep(db, insp.id, themeId, step);
    const tApp = performance.now() - t0;
    if (saved.step !== step) notWritten++;
    const record: ThemeScore = { ...saved, id: bareId, inspectionId: 'bench-bare', note, step: step as ThemeScore['step'], updatedAt: new Date().toISOString() };
    t0 = performance.now();
    await bareSave(raw, record);
    const tBare = performance.now() - t0;
    if (i >= 0) {
      app.push(tApp);
      bare.push(tBare);
    }
  }
  raw.close();
  db.close();
  return { app, bare, notWritten };
};
