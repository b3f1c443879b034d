import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newProfileDir, openProfile, screenshot } from './support/browser';
import { loadDemo } from './support/app';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';
import { danishLeft } from './support/danishLeft';

/*
 * Issue 14: the text shared/ builds for the screen follows the UI language. The dashboard (Overview)
 * and a report of the demo data in English at 1366×768, in a Chromium whose own locale is Danish:
 * the report's title, visit type, status and dates in English, dates written out as en-GB writes them,
 * and no Danish UI words left (the municipality's and the consultants' own text aside).
 */

let server: RunningServer;
let ctx: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  ctx = await openProfile(newProfileDir());
  page = await ctx.newPage();
  await page.goto(server.url);
  await loadDemo(page);
  await page.getByRole('combobox', { name: 'Sprog' }).selectOption('en');
  await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

const LONG_EN_DATE = /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/;
/** Parts another helper converts (the header's sync indicator; h6: shared label tables). */
const SKIP = { selectors: ['[data-testid="sync-indicator"]'] };

describe('the report and the dashboard in English', () => {
  it('the dashboard writes its dates in English', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('heatmap').waitFor();
    const dates = await page.getByTestId('heatmap').locator('tbody a[href^="#/rapport/"]').allInnerTexts();
    expect(dates.length).toBeGreaterThan(10);
    for (const d of dates) expect(d).toMatch(LONG_EN_DATE);
    expect(await danishLeft(page, [], SKIP)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'english-dashboard');
  }, 120_000);

  it('a final report of the demo: title, visit type, status and dates in English', async () => {
    await page.getByTestId('heatmap').locator('tbody a[href^="#/rapport/"]').first().click();
    await page.waitForURL(/#\/rapport\//);
    await page.locator('.report-kicker').waitFor();
    expect(await page.locator('.report-kicker').textContent()).toBe('Inspection report');
    const fact = (name: string) => page.locator('.facts div', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd').innerText();
    expect(await fact('Date')).toMatch(LONG_EN_DATE);
    expect(await fact('Form of inspection')).toMatch(/^(Announced|Unannounced)(, intensified)? inspection$/);
    expect(await page.locator('main').innerText()).not.toMatch(/Tilsynsrapport|Anmeldt|Uanmeldt|minutter|Ikke besvaret/);
    expect(await danishLeft(page, [], SKIP)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'english-report-1366');

    // Back in Danish the same report speaks Danish again, without a reload.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('da');
    await expect.poll(() => page.locator('.report-kicker').textContent()).toBe('Tilsynsrapport');
    expect(await fact('Dato')).toMatch(/^\d{1,2}\. [a-z]+ \d{4}$/);
  }, 120_000);
});
