import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newProfileDir, openProfile, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const COUNT = 500;
const pad = (k: number) => String(k).padStart(4, '0');
const name = (k: number) => `Institution ${pad(k)}`;

let server: RunningServer;
let ctx: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  ctx = await openProfile(newProfileDir());
  page = await ctx.newPage();
  await page.goto(`${server.url}/#/import`);
  const lines = ['id,navn,type,ejerform,born_0_2,born_3_5,enheder,kompetencecenter_pladser,paed_social_inklusion,T1_org,T2_fys,T3_int,T4_leg,T5_rut,T6_komp,T7_ovg'];
  for (let k = 1; k <= COUNT; k++) lines.push(`L-${pad(k)},${name(k)},${k % 2 ? 'børnehave' : 'integreret'},kommunal,10,30,80,0,0,3,3,3,3,3,3,3`);
  await page.getByLabel('Vælg en CSV-fil').setInputFiles({ name: 'mange.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByTestId('import-summary').waitFor();
  await page.getByRole('button', { name: 'Importér', exact: true }).click();
  await page.getByText(`${COUNT} nye og 0 opdaterede institutioner er importeret`).waitFor();
  await page.goto(`${server.url}/#/`);
  await page.getByRole('link', { name: name(1), exact: true }).waitFor();
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');

describe(`the institution list with ${COUNT} institutions`, () => {
  it('renders only the rows near the window, and tells a screen reader how many there are', async () => {
    const table = page.locator('table.institution-table');
    expect(await table.getAttribute('aria-rowcount')).toBe(String(COUNT + 1));
    const rendered = await table.locator('tbody tr:not(.spacer)').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    expect(await table.locator('tbody tr:not(.spacer)').first().getAttribute('aria-rowindex')).toBe('2');
    await screenshot(page, '12-lang-liste');
  });

  it('is walked with the arrow keys past the rendered rows, and Ctrl+End / Ctrl+Home jump to the ends', async () => {
    await page.getByRole('link', { name: name(1), exact: true }).focus();
    for (let k = 0; k < 80; k++) await page.keyboard.press('ArrowDown');
    await expect.poll(focusedText).toBe(name(81));
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedText).toBe(name(80));
    await page.keyboard.press('Control+End');
    await expect.poll(focusedText).toBe(name(COUNT));
    expect(await page.locator(`tr[aria-rowindex="${COUNT + 1}"]`).count()).toBe(1);
    await page.keyboard.press('Control+Home');
    await expect.poll(focusedText).toBe(name(1));
  });

  it('finds one institution by a search, and axe finds no serious or critical violation', async () => {
    await page.getByLabel('Søg').fill('institution 0450');
    await expect.poll(() => page.locator('.result-count').innerText()).toBe(`Viser 1 af ${COUNT}`);
    expect(await page.getByRole('link', { name: name(450), exact: true }).count()).toBe(1);
    await page.getByLabel('Søg').fill('');
    await expect.poll(() => page.locator('.result-count').innerText()).toBe(`Viser ${COUNT} af ${COUNT}`);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(serious).toEqual([]);
  });
});
