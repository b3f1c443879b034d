import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumericDate, todayIso } from '../../shared/dates';
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

describe('dates in an English Chromium (--lang=en-US)', () => {
  it('are shown and typed as dd.mm.åååå, and a US-style date gets a Danish message', async () => {
    const ctx = await openProfile(newProfileDir(), undefined, 'en-US');
    const page = await ctx.newPage();
    await page.goto(server.url);
    await waitForOfflineShell(page);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await loadDemo(page);
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await page.getByRole('link', { name: 'Nyt tilsyn' }).click();

    const date = page.getByLabel('Dato for besøget');
    expect(await date.inputValue()).toBe(formatNumericDate(todayIso()));
    expect(await date.inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);

    await page.getByLabel('Konsulenter').fill('Mette Kjær');
    await date.fill('03/05/2025');
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    expect(await page.locator('#date-error').innerText()).toBe('Skriv datoen som dd.mm.åååå, fx 30.06.2021');

    await date.fill('5.3.2025');
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    await page.getByTestId('progress').waitFor();
    expect(await page.locator('.inspection-header h1').innerText()).toContain('5. marts 2025');
    await ctx.close();
  }, 120_000);
});
