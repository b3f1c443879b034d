import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { buildDemoData } from '../../shared/demo/demoData';
import { SCORE_EXPORT_COLUMNS, SCORE_EXPORT_HEADINGS } from '../../shared/exportScores';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProfileDir, openProfile, waitForOfflineShell } from './support/browser';
import { loadDemo } from './support/app';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('the service worker', () => {
  it('installs with the app shell only and fetches the rest, exceljs included, only when the page asks', async () => {
    const ctx = await openProfile(newProfileDir());
    try {
      const page = await ctx.newPage();
      // A page on the app's origin that registers the worker but never tells it the first screen is interactive.
      await page.route(`${server.url}/sw-probe.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>probe</title>' }));
      await page.goto(`${server.url}/sw-probe.html`);
      const cached = () => page.evaluate(async () => (await (await caches.open('tilsyn-shell-v2')).keys()).map((r) => new URL(r.url).pathname));
      await page.evaluate(async () => {
        await navigator.serviceWorker.register('./sw.js');
        await navigator.serviceWorker.ready;
      });
      const shell = await cached();
      const html = await (await fetch(`${server.url}/index.html`)).text();
      const named = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => `/${m[1]}`);
      expect(named.length).toBeGreaterThan(1);
      expect(shell.sort()).toEqual(['/', '/index.html', ...named].sort());
      expect(shell.some((f) => f.includes('exceljs'))).toBe(false);

      await page.evaluate(async () => (await navigator.serviceWorker.ready).active!.postMessage({ type: 'cache-lazy-chunks' }));
      await expect.poll(async () => (await cached()).some((f) => f.includes('exceljs')), { timeout: 20_000 }).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('caches no lazy chunk while the first screen still waits for its own page (a lazy chunk held back), then the rest', async () => {
    const ctx = await openProfile(newProfileDir());
    try {
      const page = await ctx.newPage();
      // The page's own request for the Kalibrering page's chunk is held: the first screen shows only "Indlæser …".
      let releaseChunk!: () => void;
      const chunkHeld = new Promise<void>((r) => (releaseChunk = r));
      let asked = false;
      await page.route(/\/assets\/CalibrationPage-[^/]*\.js$/, async (route) => {
        asked = true;
        await chunkHeld;
        await route.continue();
      });
      const cached = () => page.evaluate(async () => (await (await caches.open('tilsyn-shell-v2')).keys()).map((r) => new URL(r.url).pathname));
      await page.goto(`${server.url}/#/kalibrering`);
      await expect.poll(() => asked).toBe(true);
      // The page has loaded and its main thread is idle; the worker is installed with the shell.
      await page.evaluate(async () => void (await navigator.serviceWorker.ready));
      await page.waitForLoadState('load');
      await page.waitForTimeout(3000);
      expect(await page.locator('#main h1').count()).toBe(0);
      const before = await cached();
      expect(before.length).toBeGreaterThan(1);
      expect(before.some((f) => f.includes('exceljs'))).toBe(false);

      releaseChunk();
      await page.locator('#main h1').first().waitFor();
      await expect.poll(async () => (await cached()).some((f) => f.includes('exceljs')), { timeout: 20_000 }).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('installs with the app shell only, caches the lazy chunks after the first screen, and an XLSX export then works offline', async () => {
    const ctx = await openProfile(newProfileDir());
    try {
      const page = await ctx.newPage();
      await page.goto(server.url);
      await page.getByRole('button', { name: 'Indlæs demodata' }).waitFor();
      const files = (await page.evaluate(async () => (await fetch('./asset-manifest.json')).json())) as string[];
      const excel = files.find((f) => f.includes('exceljs'));
      expect(excel).toBeTruthy();
      await waitForOfflineShell(page);
      await loadDemo(page);

      await ctx.setOffline(true);
      await page.reload();
      await page.getByRole('link', { name: 'Agerhønen', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Overblik' }).click();
      await page.getByRole('heading', { name: 'Overblik', level: 1 }).waitFor();
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent Excel' }).click()]);
      expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
      const zip = readFileSync((await xlsx.path())!);
      expect(zip.subarray(0, 2).toString()).toBe('PK');
      expect(await page.getByRole('alert').count()).toBe(0);

      // The file made offline is the whole export: opened with exceljs, its sheets, headings and rows are the demo's.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(zip as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Temascorer', 'Gennemsnit', 'Om udtrækket']);
      const scores = wb.getWorksheet('Temascorer')!;
      expect((scores.getRow(1).values as unknown[]).slice(1)).toEqual(SCORE_EXPORT_COLUMNS.map((c) => SCORE_EXPORT_HEADINGS[c]));
      const demo = buildDemoData();
      const final = new Set(demo.inspections.filter((i) => i.status === 'endelig').map((i) => i.id));
      const expectedRows = demo.themeScores.filter((t) => final.has(t.inspectionId)).length;
      expect(expectedRows).toBeGreaterThan(0);
      expect(scores.actualRowCount - 1).toBe(expectedRows);
      const column = (key: string) => scores.getColumn(SCORE_EXPORT_COLUMNS.indexOf(key as never) + 1).values.slice(2);
      expect(column('institution')).toContain('Agerhønen');
      expect(column('trin').every((v) => v === null || v === undefined || (typeof v === 'number' && v >= 1 && v <= 4))).toBe(true);
      const about = wb.getWorksheet('Om udtrækket')!;
      expect(about.getRow(4).values).toEqual([undefined, 'Rækker', expectedRows]);
      expect(wb.getWorksheet('Gennemsnit')!.actualRowCount).toBeGreaterThan(1);
    } finally {
      await ctx.close();
    }
  });
});
