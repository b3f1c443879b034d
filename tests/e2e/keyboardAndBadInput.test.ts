import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { THEME_IDS } from '../../shared/framework';
import { newProfileDir, openProfile, screenshot, waitForOfflineShell } from './support/browser';
import { expectProgress, loadDemo, startInspection, waitSaved } from './support/app';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function freshApp(): Promise<Page> {
  const ctx = await openProfile(newProfileDir());
  const page = await ctx.newPage();
  await page.goto(server.url);
  await waitForOfflineShell(page);
  await loadDemo(page);
  await ctx.setOffline(true);
  return page;
}

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? '',
      id: el?.id ?? '',
      name: (el as HTMLInputElement | null)?.name ?? '',
      text: el?.textContent?.trim() ?? '',
      testid: el?.getAttribute('data-testid') ?? '',
      outline: el ? getComputedStyle(el).outlineStyle : 'none',
    };
  });

/** Presses a key until the focused element matches, like a keyboard user looking for a control. */
async function pressUntil(page: Page, key: string, match: (a: Awaited<ReturnType<typeof active>>) => boolean, max = 250) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const a = await active(page);
    if (match(a)) return a;
  }
  throw new Error(`fandt ikke målet med ${key}`);
}

describe('keyboard only', () => {
  it('scores all seven themes, adds an anerkendelse and completes the draft without a mouse', async () => {
    const page = await freshApp();
    const url = await startInspection(page);
    await page.goto('about:blank');
    await page.goto(url);
    await page.getByTestId('progress').waitFor();

    // From the top: Tab to the first theme in the sidebar, Enter jumps to its step group, 3 picks step 3.
    await pressUntil(page, 'Tab', (a) => a.tag === 'A' && a.text.startsWith('·Pædagogisk organisering'));
    await page.keyboard.press('Enter');
    expect((await active(page)).name).toBe('step-paedagogisk-organisering');
    await page.keyboard.press('3');

    // Every further theme is reached by Tab alone; its radio group takes the digit.
    const steps = [3, 2, 4, 3, 3, 2, 1];
    for (const [i, theme] of THEME_IDS.entries()) {
      if (i > 0) {
        const a = await pressUntil(page, 'Tab', (x) => x.name === `step-${theme}`);
        expect(a.outline, 'synligt fokus på trinvælgeren').not.toBe('none');
        await page.keyboard.press(String(steps[i]));
      }
      if (i === 0) {
        await pressUntil(page, 'Tab', (x) => x.text === '+ Tilføj anerkendelse');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
        await page.keyboard.type('Tydelig plan for dagen, kendt af alle.');
      }
    }
    await waitSaved(page);
    await expectProgress(page, 7);
    for (const [i, theme] of THEME_IDS.entries()) expect(await page.getByTestId(`${theme}-step-${steps[i]}`).isChecked()).toBe(true);

    // Arrow keys move within a radio group, as in any form.
    await pressUntil(page, 'Shift+Tab', (x) => x.name === 'step-overgange');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (document.querySelector('[data-testid="overgange-step-2"]') as HTMLInputElement).checked);

    await pressUntil(page, 'Shift+Tab', (x) => x.text === 'Afslut udkast');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="inspection-status"]')?.textContent === 'Udkast');
    await screenshot(page, '5-tilsyn-tastatur');
    await page.context().close();
  });
});

describe('bad input is refused in Danish next to the field, and typed text stays', () => {
  it('on the scoring screen', async () => {
    const page = await freshApp();
    await startInspection(page, 'Bakkehuset');
    const leg = page.locator('#tema-leg');
    await leg.getByTestId('leg-step-2').focus();
    await page.keyboard.press('7');
    await expect.poll(() => leg.getByRole('alert').innerText()).toContain('Trin 7 findes ikke');
    expect(await leg.getByTestId('leg-step-2').isChecked()).toBe(false);

    await leg.getByLabel('Ikke vurderet').check();
    await expect.poll(() => leg.locator('#na-reason-leg-error').innerText()).toBe('Skriv hvorfor temaet ikke er vurderet');
    await leg.getByLabel('Hvorfor er temaet ikke vurderet?').fill('Børnene var på tur i skoven under observationen.');
    await waitSaved(page);
    await expect.poll(() => leg.locator('#na-reason-leg-error').count()).toBe(0);
    await expectProgress(page, 1);

    const note = leg.getByLabel('Noter om leg');
    await note.fill('Barnet Oliver 010203-1234 legede alene.');
    await expect.poll(() => leg.locator('#note-leg-warning').innerText()).toContain('CPR-nummer');
    expect(await note.inputValue()).toBe('Barnet Oliver 010203-1234 legede alene.');
    await screenshot(page, '6-fejl-i-tilsyn');
    await page.context().close();
  });

  it('on the new-inspection form, and for an unknown institution', async () => {
    const page = await freshApp();
    await page.getByRole('link', { name: 'Egebo', exact: true }).click();
    await page.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await page.getByLabel('Tilsynstype').selectOption('skaerpet');
    await page.getByLabel('Dato for besøget').fill('');
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    await expect.poll(() => page.locator('#consultants-error').innerText()).toBe('Angiv mindst én konsulent');
    expect(await page.locator('#date-error').innerText()).toBe('Angiv en dato');
    // What was chosen stays (issue 12 retired the free-text participants field that was checked here).
    expect(await page.getByLabel('Tilsynstype').inputValue()).toBe('skaerpet');
    await screenshot(page, '7-fejl-i-formular');

    await page.goto(`${server.url}/#/institution/DI-99/nyt-tilsyn`);
    await expect.poll(() => page.locator('#institution-error').innerText()).toContain('Ukendt institution');
    expect(await page.getByRole('button', { name: 'Start tilsyn' }).isDisabled()).toBe(true);
    await page.context().close();
  });
});
