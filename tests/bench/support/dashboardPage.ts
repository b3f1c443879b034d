/*
 * Page scripts shared by the dashboard benches (appDashboard.ts, profileAppDashboard.ts). Strings, not
 * functions: tsx would add helpers (__name) that do not exist in the page.
 */

/** Marks (`tilsyn:painted`, window.__dashboardPainted) the frame after the averages and the heat map's first row are drawn. */
export const PAINTED = `(() => {
  const ready = () => document.querySelector('[data-testid^="avg-"]') && document.querySelector('[data-testid="heatmap"] tbody tr');
  const check = () => {
    if (ready()) requestAnimationFrame(() => setTimeout(() => { performance.mark('tilsyn:painted'); window.__dashboardPainted = performance.now(); }, 0));
    else requestAnimationFrame(check);
  };
  if (location.hash === '#/overblik') requestAnimationFrame(check);
})()`;

/** Deletes the stored result (from a page on the app's origin), as any write would make it stale. */
export const FORGET_STORED = `new Promise((resolve, reject) => {
  const r = indexedDB.open('tilsyn');
  r.onerror = () => reject(r.error);
  r.onsuccess = () => {
    const db = r.result;
    if (!db.objectStoreNames.contains('dashboardResults')) { db.close(); return resolve(false); }
    const tx = db.transaction('dashboardResults', 'readwrite');
    tx.objectStore('dashboardResults').clear();
    tx.oncomplete = () => { db.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
})`;
