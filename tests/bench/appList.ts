import { rmSync } from 'node:fs';
import { openProfile } from '../e2e/support/browser';
import { report, sample } from './support/report';
import { seededProfile, startBenchServer, type BenchServer } from './support/appProfile';

/*
 * The institution list (the first screen) in the built app in Chromium, from IndexedDB:
 *   - shown after start: from navigation until the list and its search field are painted;
 *   - a search keystroke: from the key press until the next frame is painted, over typing a query
 *     character by character and deleting it again (every keystroke re-filters all institutions).
 */

// Strings, not functions: tsx would add helpers (__name) that do not exist in the page.
const LIST_SHOWN = `(() => {
  const check = () => {
    if (document.querySelector('.result-count') && document.querySelector('main a[href^="#/institution/"]'))
      requestAnimationFrame(() => setTimeout(() => { window.__listShown = performance.now(); }, 0));
    else requestAnimationFrame(check);
  };
  if (location.hash === '#/' || location.hash === '') requestAnimationFrame(check);
  window.__keystrokes = [];
  addEventListener('keydown', (e) => {
    if (!(e.target instanceof HTMLInputElement)) return;
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__keystrokes.push(performance.now() - t0), 0));
  }, true);
})()`;

async function listAt(server: BenchServer, profile: string, runs: number) {
  const ctx = await openProfile(profile);
  try {
    await ctx.addInitScript(LIST_SHOWN);
    const page = await ctx.newPage();
    const shown: number[] = [];
    for (let i = 0; i <= runs; i++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/#/`);
      await page.waitForFunction(() => (window as unknown as { __listShown?: number }).__listShown, null, { timeout: 600_000, polling: 50 });
      if (i > 0) shown.push((await page.evaluate('window.__listShown')) as number);
    }
    const search = page.getByLabel('Søg');
    await search.focus();
    const query = 'institution 012';
    // Wait for each frame before the next key, as a person types (about 6 keys a second).
    await page.keyboard.type(query, { delay: 160 });
    for (let k = 0; k < query.length; k++) await page.keyboard.press('Backspace', { delay: 20 }).then(() => page.waitForTimeout(140));
    await page.waitForTimeout(300);
    const keystrokes = (await page.evaluate('window.__keystrokes')) as number[];
    if (keystrokes.length !== 2 * query.length) throw new Error(`forventede ${2 * query.length} tastetryk, målte ${keystrokes.length}`);
    return { shown: sample(shown), keystroke: sample(keystrokes) };
  } finally {
    await ctx.close();
  }
}

export async function runAppListBench(sizes: readonly number[] = [40, 4000]) {
  console.log('\nInstitutionslisten i appen (Chromium, IndexedDB), 10 år, noter på hver temascore');
  const server = await startBenchServer();
  try {
    for (const n of sizes) {
      const profile = await seededProfile(server, n);
      try {
        const r = await listAt(server, profile, n >= 4000 ? 3 : 5);
        report(`institutionsliste vist efter start, ${n} inst.`, r.shown, { kind: 'ms', max: 1000 });
        report(`søgning, ét tastetryk, ${n} inst.`, r.keystroke, { kind: 'ms', max: 50 });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === import.meta.filename) {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  await runAppListBench(sizes.length ? sizes : undefined);
}
