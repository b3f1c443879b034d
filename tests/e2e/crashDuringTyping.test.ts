import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { killProfile, newProfileDir, openProfile, waitForOfflineShell } from './support/browser';
import { loadDemo, startInspection } from './support/app';
import { startServer, type RunningServer } from './support/server';

const TYPED = 'Personalet guider børnene gennem garderoben og sætter ord på, hvad der sker undervejs hele vejen.';
const KEY_DELAY_MS = 40;
// "At most the keystrokes of the last second": at one key per 40 ms that is 25 characters.
const MAX_LOST = Math.ceil(1000 / KEY_DELAY_MS);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function prepare(): Promise<{ profile: string; ctx: BrowserContext; page: Page; url: string }> {
  const profile = newProfileDir();
  const ctx = await openProfile(profile);
  const page = await ctx.newPage();
  await page.goto(server.url);
  await waitForOfflineShell(page);
  await loadDemo(page);
  await ctx.setOffline(true);
  const url = await startInspection(page, 'Birkely');
  return { profile, ctx, page, url };
}

function expectAtMostOneSecondLost(saved: string) {
  console.log(`skrevet ${TYPED.length} tegn, gemt ${saved.length}, tabt ${TYPED.length - saved.length} (højst ${MAX_LOST})`);
  expect(TYPED.startsWith(saved), `gemt tekst «${saved}» er ikke begyndelsen af det skrevne`).toBe(true);
  expect(TYPED.length - saved.length).toBeLessThanOrEqual(MAX_LOST);
}

describe('a crash while the consultant types', () => {
  it('a renderer crash loses at most the last second of keystrokes', async () => {
    const { ctx, page, url } = await prepare();
    const field = page.getByLabel('Noter om leg');
    await field.click();
    await page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
    const cdp = await ctx.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    void cdp.send('Page.crash').catch(() => undefined); // the renderer dies; this call never answers
    await crashed;
    const fresh = await ctx.newPage();
    await fresh.goto(url);
    const saved = await fresh.getByLabel('Noter om leg').inputValue();
    expectAtMostOneSecondLost(saved);
    await ctx.close();
  });

  it('killing the whole browser (a flat battery) loses at most the last second of keystrokes', async () => {
    const { profile, page, url } = await prepare();
    const field = page.getByLabel('Noter om interaktion');
    await field.click();
    await page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
    killProfile(profile);
    await new Promise((r) => setTimeout(r, 500));
    const ctx = await openProfile(profile);
    await ctx.setOffline(true);
    const fresh = await ctx.newPage();
    await fresh.goto(url);
    const saved = await fresh.getByLabel('Noter om interaktion').inputValue();
    expectAtMostOneSecondLost(saved);
    await ctx.close();
  });
});
