import { readFileSync } from 'node:fs';
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
    } finally {
      await ctx.close();
    }
  });
});
