import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { THEME_IDS } from '../../shared/framework';
import { SCREENSHOT_DIR, screenshot } from './support/browser';
import { createUsers, openAppAs } from './support/accounts';
import { startServer, type RunningServer } from './support/server';

/*
 * WCAG 2.1 1.4.10 reflow: at 320 CSS px wide (what 1280 px at 400 % zoom gives) a screen has no
 * horizontal scroll of the page. Data tables and the heat map may scroll inside their own box.
 */
const PW = 'en-lang-kode-2026';
let server: RunningServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [{ username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01', 'DI-02'] }]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

/** The page's width beyond the viewport, and what sticks out (outside a box that scrolls by itself), for the message. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    const out = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !scrolls(e.parentElement))
      // the first element of its line that sticks out: the cause, not its wrappers' children
      .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 0.5)
      .slice(0, 8)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} «${(e.textContent ?? '').trim().slice(0, 30)}» → ${Math.round(e.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, out };
  });
}

const measured: { name: string; scrollWidth: number; out: string[] }[] = [];
async function measure(page: Page, name: string) {
  await page.waitForTimeout(300);
  const { scrollWidth, out } = await overflow(page);
  await screenshot(page, `reflow-${name}`);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/reflow-${name}-hel.png`, fullPage: true });
  measured.push({ name, scrollWidth, out });
}

describe('reflow at 320 px (WCAG 1.4.10)', () => {
  it('the institutions, scoring, report, dashboard and sync screens have no horizontal scroll of the page', async () => {
    const page = await openAppAs(server.url, 'mette', PW, contexts);
    await page.goto(`${server.url}/#/`);
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await page.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await page.getByRole('checkbox', { name: 'Mette Kjær' }).check();
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    await page.getByTestId('progress').waitFor();
    const inspectionUrl = page.url();
    for (const theme of THEME_IDS) await page.getByTestId(`${theme}-step-3`).check();
    const theme = page.locator('#tema-paedagogisk-organisering');
    await theme.getByRole('button', { name: '+ Tilføj anbefaling' }).click();
    await theme.getByLabel('Anbefaling 1', { exact: true }).fill('Læg en fælles plan for overgangen fra frokost til hvil, og del den med alle på stuen.');

    await page.setViewportSize({ width: 320, height: 640 });
    // The start page: the institutions' table scrolls in its own box.
    await page.goto(`${server.url}/#/`);
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).waitFor();
    await measure(page, '0-institutioner');

    await page.goto(inspectionUrl);
    await page.getByTestId('progress').waitFor();
    await measure(page, '1-bedoemmelse');

    await page.goto(inspectionUrl.replace('#/tilsyn/', '#/rapport/'));
    await page.locator('article.report').waitFor();
    await measure(page, '2-rapport');

    await page.goto(`${server.url}/#/overblik`);
    await page.getByTestId('institution-count').waitFor();
    await measure(page, '3-overblik');

    await page.goto(`${server.url}/#/synkronisering`);
    await page.getByTestId('sync-status').waitFor();
    await measure(page, '4-synkronisering');

    console.log(measured.map((m) => `${m.name}: scrollWidth ${m.scrollWidth} px (budget 320) ${m.scrollWidth <= 320 ? 'OK' : 'OVER'}`).join('\n'));
    expect(measured).toEqual(measured.map((m) => ({ name: m.name, scrollWidth: 320, out: [] })));
  });
});
