import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../shared/framework';
import { newProfileDir, openProfile, screenshot, waitForOfflineShell } from './support/browser';
import { expectProgress, loadDemo, startInspection, waitSaved } from './support/app';
import { startServer, type RunningServer } from './support/server';

const STEPS = [3, 2, 4, 3, 3, 2, 1];
const ANERKENDELSE = 'Personalet fordeler sig i rummet, så alle grupper har en voksen tæt på.';
const ANBEFALING = 'Læg en fælles plan for overgangen fra frokost til hvil, og del den med alle på stuen.';
const NOTE = 'Observeret 9–12 på to stuer; dagens plan var synlig for personalet.';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('a consultant with no network', () => {
  it('scores all seven themes, writes an anerkendelse and an anbefaling, and finds everything after a reload and a browser restart', async () => {
    const profile = newProfileDir();
    let ctx = await openProfile(profile);
    let page = await ctx.newPage();
    await page.goto(server.url);
    await waitForOfflineShell(page);
    await loadDemo(page);
    await screenshot(page, '1-institutioner');

    await ctx.setOffline(true);
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await page.getByRole('heading', { name: 'Tilsyn over tid' }).waitFor();
    await screenshot(page, '2-institution');
    await page.goto(`${server.url}/#/`);
    const inspectionUrl = await startInspection(page);

    for (const [i, theme] of THEME_IDS.entries()) {
      await page.getByTestId(`${theme}-step-${STEPS[i]}`).check();
    }
    const theme1 = page.locator('#tema-paedagogisk-organisering');
    await theme1.getByRole('button', { name: '+ Tilføj anerkendelse' }).click();
    await theme1.getByLabel('Anerkendelse 1', { exact: true }).fill(ANERKENDELSE);
    await theme1.getByRole('button', { name: '+ Tilføj anbefaling' }).click();
    await theme1.getByLabel('Anbefaling 1', { exact: true }).fill(ANBEFALING);
    await page.getByLabel('Noter om pædagogisk organisering').fill(NOTE);
    await waitSaved(page);
    await expectProgress(page, 7);
    await screenshot(page, '3-tilsyn');

    const check = async () => {
      await expectProgress(page, 7);
      for (const [i, theme] of THEME_IDS.entries()) expect(await page.getByTestId(`${theme}-step-${STEPS[i]}`).isChecked()).toBe(true);
      const theme1 = page.locator('#tema-paedagogisk-organisering');
      expect(await theme1.getByLabel('Anerkendelse 1', { exact: true }).inputValue()).toBe(ANERKENDELSE);
      expect(await theme1.getByLabel('Anbefaling 1', { exact: true }).inputValue()).toBe(ANBEFALING);
      expect(await page.getByLabel('Noter om pædagogisk organisering').inputValue()).toBe(NOTE);
    };

    await page.reload();
    await check();

    await ctx.close();
    ctx = await openProfile(profile);
    await ctx.setOffline(true);
    page = await ctx.newPage();
    await page.goto(inspectionUrl);
    await check();

    await page.getByRole('link', { name: 'Se rapport' }).click();
    await page.locator('table.report-table.theme-table').waitFor();
    // chart.js is a lazy chunk: it must come from the offline cache too.
    await page.waitForFunction(() => !!(document.querySelector('.chart-box canvas') as HTMLCanvasElement | null)?.style.width);
    const report = await page.locator('article.report').innerText();
    expect(report).toContain('Agerhønen');
    expect(report).toContain(ANERKENDELSE);
    expect(report).toContain(ANBEFALING);
    expect(report).toContain('Meget tilfredsstillende');
    await screenshot(page, '4-rapport');
    await page.locator('.comparison').scrollIntoViewIfNeeded();
    await screenshot(page, '4b-rapport-sammenligning');
    await ctx.close();
  });
});
