import AxeBuilder from '@axe-core/playwright';
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

async function freshInspection(): Promise<Page> {
  const ctx = await openProfile(newProfileDir());
  const page = await ctx.newPage();
  await page.goto(server.url);
  await waitForOfflineShell(page);
  await loadDemo(page);
  await ctx.setOffline(true);
  await startInspection(page);
  return page;
}

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

/** Presses keys and counts them: the figure the issue budgets (≤ 3 per theme besides the note's text). */
function keyCounter(page: Page) {
  let count = 0;
  return {
    press: async (key: string) => {
      count++;
      await page.keyboard.press(key);
    },
    get count() {
      return count;
    },
  };
}

describe('compact scoring', () => {
  it('scores seven themes with one note each from the keyboard, 3 keys per theme, on a page under 4,000 px', async () => {
    const page = await freshInspection();
    const fullHeight = await pageHeight(page);
    await page.getByLabel('Kompakt visning').check();
    const compactHeight = await pageHeight(page);
    console.log(`scoring page at 1366×768: ${fullHeight} px full, ${compactHeight} px compact`);
    expect(compactHeight).toBeLessThanOrEqual(4000);

    // Start in the first theme's step group (the sidebar link puts focus there).
    await page.getByRole('link', { name: /Pædagogisk organisering/ }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('step-paedagogisk-organisering');

    const keys = keyCounter(page);
    const steps = [3, 2, 4, 3, 3, 2, 1];
    for (const [i, theme] of THEME_IDS.entries()) {
      await keys.press(String(steps[i]));
      await keys.press('n');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`note-${theme}`);
      await page.keyboard.type(`Observeret praksis i tema ${i + 1}.`);
      if (i < THEME_IDS.length - 1) {
        await keys.press('Control+Enter');
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(`step-${THEME_IDS[i + 1]}`);
      }
    }
    await page.keyboard.press('Tab'); // leave the last note so it saves
    await waitSaved(page);
    await expectProgress(page, 7);
    console.log(`keystrokes for seven themes with a note each, besides the notes' text: ${keys.count} (${(keys.count / 7).toFixed(1)} per theme)`);
    expect(keys.count).toBeLessThanOrEqual(3 * 7);
    for (const [i, theme] of THEME_IDS.entries()) {
      expect(await page.locator(`#note-${theme}`).inputValue()).toBe(`Observeret praksis i tema ${i + 1}.`);
      expect(await page.getByTestId(`${theme}-step-${steps[i]}`).isChecked()).toBe(true);
    }

    // Descriptions are folded, and open on "d" for the theme in focus.
    const leg = page.locator('#tema-leg');
    expect(await leg.locator('.step-descriptor').count()).toBe(0);
    await leg.getByTestId('leg-step-3').focus();
    await page.keyboard.press('d');
    expect(await leg.locator('.step-descriptor').count()).toBe(4);
    await screenshot(page, 'scoring-compact');

    // The choice is remembered on this computer.
    await page.reload();
    await page.getByTestId('progress').waitFor();
    expect(await page.getByLabel('Kompakt visning').isChecked()).toBe(true);
  }, 180_000);

  it('? lists the shortcuts in a dialog that Esc closes', async () => {
    const page = await freshInspection();
    await page.getByTestId('paedagogisk-organisering-step-2').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Tastaturgenveje' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Ctrl + Enter');
    const axe = await new AxeBuilder({ page }).include('.shortcuts-dialog').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await screenshot(page, 'scoring-shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }, 120_000);

  it('deleting a finding can be undone from the notice', async () => {
    const page = await freshInspection();
    const theme = page.locator('#tema-leg');
    await theme.getByRole('button', { name: '+ Tilføj anbefaling' }).click();
    await theme.getByRole('textbox', { name: 'Anbefaling 1', exact: true }).fill('Giv børnene mere tid til fri leg');
    await page.keyboard.press('Tab');
    await waitSaved(page);
    await theme.getByRole('button', { name: 'Slet anbefaling 1' }).click();
    await theme.getByRole('textbox', { name: 'Anbefaling 1', exact: true }).waitFor({ state: 'detached' });
    const undo = page.getByRole('button', { name: 'Fortryd' });
    expect(await page.locator('.notices').innerText()).toContain('Anbefaling slettet: «Giv børnene mere tid til fri leg»');
    // The notice is worded when drawn: after a switch to English it reads English, and back.
    await page.getByRole('combobox', { name: 'Sprog' }).selectOption('en');
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    expect(await page.locator('.notices').innerText()).toContain('Recommendation deleted: «Giv børnene mere tid til fri leg»');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('da');
    await undo.waitFor();
    expect(await page.locator('.notices').innerText()).toContain('Anbefaling slettet: «Giv børnene mere tid til fri leg»');
    await undo.click();
    await theme.getByRole('textbox', { name: 'Anbefaling 1', exact: true }).waitFor();
    expect(await theme.getByRole('textbox', { name: 'Anbefaling 1', exact: true }).inputValue()).toBe('Giv børnene mere tid til fri leg');
    // The undo is a change like any other: it survives a reload.
    await page.reload();
    await page.locator('#tema-leg').getByRole('textbox', { name: 'Anbefaling 1', exact: true }).waitFor();
  }, 120_000);
});
