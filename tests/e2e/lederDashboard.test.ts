import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatMean } from '../../shared/format';
import { buildDemoData } from '../../shared/demo/demoData';
import { THEME_IDS } from '../../shared/framework';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { computeThemeAverages } from '../../shared/municipalAverages';
import { createUsers, loginInApp, syncNow } from './support/accounts';
import { newProfileDir, openProfile, screenshot, waitForOfflineShell } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const PW = 'lederens-kode-2026';
const OWN = 'DI-01';
let server: RunningServer;
let ctx: BrowserContext;
let page: Page;

const demo = buildDemoData();
const ownName = demo.institutions.find((i) => i.id === OWN)!.name;
const otherNames = demo.institutions.filter((i) => i.id !== OWN).map((i) => i.name);
// The municipal figures, computed here with the same shared function the server uses.
const municipal = computeThemeAverages({ ...demo, frameworks: [FRAMEWORK_V1] }, { today: '2026-11-23', generatedAt: '' });
const own2025 = demo.inspections.find((i) => i.institutionId === OWN && i.date.startsWith('2025') && i.status === 'endelig')!;

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [{ username: 'lone', displayName: 'Lone Leder', role: 'leder', password: PW, institutionIds: [OWN] }]);
  ctx = await openProfile(newProfileDir());
  page = await ctx.newPage();
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

const text = async (testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

async function expectOwnAgainstMunicipal() {
  await page.getByRole('heading', { name: 'Overblik', level: 1 }).waitFor();
  expect(await text('leder-institutions')).toBe(ownName);
  await page.getByTestId('leder-comparison').getByRole('heading', { name: 'Jeres tilsyn i 2025 og kommunens gennemsnit' }).waitFor();
  const m2025 = municipal.periods.find((p) => p.key === '2025')!;
  for (const t of THEME_IDS) {
    const step = demo.themeScores.find((s) => s.inspectionId === own2025.id && s.themeId === t)!.step!;
    expect(await text(`leder-own-${t}`)).toBe(`${step} ${FRAMEWORK_V1.scale.labels[step - 1]}`);
    expect(await text(`leder-municipal-${t}`)).toBe(`${formatMean(m2025.themes[t].mean, m2025.themes[t].n)} n = ${m2025.themes[t].n}`);
  }
  // The goal themes' municipal averages from the fixture, year by year.
  expect(await text('year-municipal-paedagogisk-organisering-2021')).toBe('Kommunen: 2,40 (n = 40)');
  expect(await text('year-municipal-boernenes-kompetencer-2021')).toBe('Kommunen: 2,60 (n = 40)');
  expect(await text('leder-municipal-paedagogisk-organisering')).toBe('3,00 n = 35');
}

async function expectNoOtherInstitution() {
  const visible = await page.locator('body').innerText();
  const html = await page.content();
  for (const name of otherNames) {
    expect(visible, name).not.toContain(name);
    expect(html, name).not.toContain(name);
  }
  for (const i of demo.institutions.filter((x) => x.id !== OWN)) expect(html).not.toMatch(new RegExp(`\\b${i.id}\\b`));
}

describe('a leder’s Overblik: their institution against the municipal average', () => {
  it('shows their own institution beside the municipal average, and no other institution anywhere on the page', async () => {
    await page.goto(server.url);
    await waitForOfflineShell(page);
    await loginInApp(page, server.url, 'lone', PW);
    await syncNow(page);
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Overblik' }).click();
    await expectOwnAgainstMunicipal();
    await expectNoOtherInstitution();
    // The chart was drawn.
    await page.waitForFunction(() => [...document.querySelectorAll('.dash-chart canvas')].some((c) => (c as HTMLCanvasElement).width > 0));
    await screenshot(page, '38-leder-overblik');
    if (process.env.TILSYN_FULLPAGE_DIR) await page.screenshot({ path: `${process.env.TILSYN_FULLPAGE_DIR}/leder-overblik-hel.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    expect(serious).toEqual([]);
    // Administration is forvaltning's: no link, and the page says why.
    expect(await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await page.goto(`${server.url}/#/administration`);
    await page.getByText('Kun forvaltningen kan administrere brugere, institutioner og rammeversioner. Du er logget ind som Lone Leder (leder).').waitFor();
    await page.goto(`${server.url}/#/overblik`);
  });

  it('still shows the municipal average offline after one sync (cached), still without other institutions', async () => {
    await ctx.setOffline(true);
    await page.reload();
    await expectOwnAgainstMunicipal();
    await expectNoOtherInstitution();
    await page.getByTestId('leder-comparison').scrollIntoViewIfNeeded();
    await screenshot(page, '39-leder-overblik-offline');
    await ctx.setOffline(false);
  });
});
