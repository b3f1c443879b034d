import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../screenshots');

export function newProfileDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tilsyn-e2e-profile-'));
}

/** A browser on a profile folder that survives closing, like a consultant's own laptop. */
export async function openProfile(profileDir: string, viewport = { width: 1366, height: 768 }, locale = 'da-DK'): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    // --lang as well as the context's locale: the browser's own language, as on an English laptop.
    args: [...CHROMIUM_ARGS, `--lang=${locale}`],
    headless: true,
    viewport,
    locale,
    timezoneId: 'Europe/Copenhagen',
  });
}

/** Kills every Chromium process of a profile at once, like a flat battery. */
export function killProfile(profileDir: string) {
  try {
    execSync(`pkill -9 -f -- '--user-data-dir=${profileDir}'`);
  } catch {
    /* nothing left to kill */
  }
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/**
 * Waits until the service worker controls the page and has cached every built file (it caches the
 * lazy chunks only after the first screen is interactive), so the app opens again with the network cut.
 */
export async function waitForOfflineShell(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
  });
  const files = (await page.evaluate(async () => (await fetch('./asset-manifest.json', { cache: 'no-store' })).json())) as string[];
  await page.waitForFunction(
    async (names) => (await Promise.all(names.map((f) => caches.match(new URL(`./${f}`, location.href).href)))).every(Boolean),
    files.filter((f) => f !== 'index.html'),
    { polling: 100, timeout: 30_000 },
  );
}
