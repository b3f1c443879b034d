import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_SCALE_LABELS, THEME_IDS } from '../../shared/framework';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { newProfileDir, openProfile, screenshot, waitForOfflineShell } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';
import { danishLeft as danishLeftOn } from './support/danishLeft';

/*
 * The consultant's whole path with the app switched to English in the header: the institution list,
 * a new inspection, seven themes scored with notes from the keyboard, a finding, an observation and
 * the dialogue, finalising, and the report. Each screen is checked for Danish UI words left over
 * (the municipality's own content, which stays as it wrote it, is taken out first) and by axe-core.
 */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/**
 * Parts these screens embed that another converter owns (issue 14: h8 converts sync/, followUp/ and
 * report/): the header's sync indicator and the follow-up list. Each leaves this list when its
 * conversion lands.
 */
const OTHER_CONVERSIONS = { selectors: ['[data-testid="sync-indicator"]', '.followup-list'], texts: ['Ingen opfølgningspunkter.'] };
const danishLeft = (page: Page, typed: readonly string[] = []) => danishLeftOn(page, typed, OTHER_CONVERSIONS);

const status = (page: Page) => page.getByTestId('inspection-status').innerText();

describe('the consultant in English', () => {
  it('chooses English in the header (kept after a reload) and goes the whole path in English', async () => {
    const ctx = await openProfile(newProfileDir());
    const page = await ctx.newPage();
    await page.goto(server.url);
    await waitForOfflineShell(page);

    // Danish by default; English chosen in the header and remembered on this computer.
    expect(await page.getByRole('navigation', { name: 'Hovedmenu' }).isVisible()).toBe(true);
    await page.getByRole('combobox', { name: 'Sprog' }).selectOption('en');
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
    await ctx.setOffline(true);

    // The institution list.
    await page.getByRole('button', { name: 'Load demo data' }).click();
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Institutions', level: 1 }).waitFor();
    const lead = await page.locator('.lead').innerText();
    expect(lead).toMatch(/^40 institutions · \d+ lacks? an inspection \(no final inspection in the last 24 months\)$/);
    expect(await page.locator('.result-count').innerText()).toBe('Showing 40 of 40');
    // Dates in the table read dd/mm/yyyy.
    const lastInspection = await page.locator('.institution-table tbody tr').first().locator('td').nth(4).innerText();
    expect(lastInspection).toMatch(/^\d{2}\/\d{2}\/\d{4}$|^Never$/);
    expect(await danishLeft(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // The institution and a new inspection.
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await page.getByRole('heading', { name: 'Inspections over time' }).waitFor();
    expect(await page.locator('.steps-table tbody tr').first().locator('th').innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4} · (announced|unannounced)$/);
    expect(await danishLeft(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'New inspection' }).click();
    const date = page.getByLabel('Date of the visit');
    expect(await date.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    // A wrong date gets an English message next to the field.
    await date.fill('31/02/2025');
    await page.getByLabel('Consultants').fill('Mette Kjær');
    await page.getByRole('button', { name: 'Start inspection' }).click();
    await page.locator('#date-error').waitFor();
    expect(await page.locator('#date-error').innerText()).toMatch(/^[A-Z][a-z ]+/);
    expect(await danishLeft(page, ['Mette Kjær'])).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await date.fill('05/03/2025');
    await page.getByRole('button', { name: 'Start inspection' }).click();
    await page.getByTestId('progress').waitFor();
    expect(await page.locator('.inspection-header h1').innerText()).toBe('Inspection: Agerhønen · 05/03/2025');

    // Seven themes from the keyboard in compact view, one note each.
    await page.getByLabel('Compact view').check();
    await page.getByRole('link', { name: new RegExp(FRAMEWORK_V1.themes[0]!.name) }).click();
    const notes = THEME_IDS.map((_, i) => `Observed practice in theme ${i + 1}.`);
    for (const [i, theme] of THEME_IDS.entries()) {
      await page.keyboard.press(String((i % 4) + 1));
      await page.keyboard.press('n');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`note-${theme}`);
      await page.keyboard.type(notes[i]!);
      if (i < THEME_IDS.length - 1) await page.keyboard.press('Control+Enter');
    }
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => /^(Saved|All saved)/.test(document.querySelector('[data-testid="save-status"]')?.textContent ?? ''));
    await expect.poll(async () => (await page.getByTestId('progress').innerText()).replace(/\s+/g, ' ').trim()).toBe('7 of 7 themes assessed');
    expect(await page.locator('#tema-leg .theme-status').innerText()).toBe(`Step 4: ${DEFAULT_SCALE_LABELS[3]}`);

    // A finding: an acknowledgement under Leg.
    const leg = page.locator('#tema-leg');
    await leg.getByRole('button', { name: '+ Add acknowledgement' }).click();
    await leg.getByRole('textbox', { name: 'Acknowledgement 1', exact: true }).fill('The children lead their own play.');
    await page.keyboard.press('Tab');

    // An observation and the dialogue meeting.
    await page.locator('#obs-time').fill('09:30');
    await page.locator('#obs-minutes').fill('30');
    await page.getByLabel('Place or group').fill('Playground');
    await page.getByLabel('Activity').fill('Free play');
    await page.getByLabel('What did you see?', { exact: true }).fill('An adult kneels down and comforts a child at the gate.');
    await page.getByLabel('What did you see?', { exact: true }).press('Control+Enter');
    await expect.poll(() => page.getByTestId('observation-summary').innerText()).toBe('1 observation · 30 minutes observed');
    const observation = await page.locator('.observation-list li').first().innerText();
    expect(observation).toContain('at 09:30 (30 min.) · Playground · Free play');

    await page.getByText('Dialogue meeting (not recorded yet)').click();
    await page.getByLabel('Time of the dialogue').fill('13:00');
    await page.getByLabel('Management (one per line)').fill('Lone Leder');
    await page.getByLabel('Staff representatives (one per line)').fill('Staff representative, nursery');
    await page.getByRole('button', { name: 'Save the dialogue meeting' }).click();
    await expect.poll(() => page.getByTestId('dialogue-status').innerText()).toBe('Recorded: at 13:00, 1 manager, 1 staff representative.');

    const typed = [...notes, 'The children lead their own play.', 'Playground', 'Free play', 'An adult kneels down and comforts a child at the gate.', 'Lone Leder', 'Staff representative, nursery', 'Mette Kjær'];
    expect(await danishLeft(page, typed)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#tema-paedagogisk-organisering').scrollIntoViewIfNeeded();
    await screenshot(page, 'english-scoring-1366');

    // The shortcuts overlay.
    await page.getByTestId('leg-step-4').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Go to the next theme (also from a note)');
    expect(await danishLeft(page, typed)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Finalising: draft, consultation, final with the concern level.
    await page.getByRole('button', { name: 'Complete draft' }).click();
    await expect.poll(() => status(page)).toBe('Draft');
    await page.getByRole('button', { name: 'Send for consultation' }).click();
    await expect.poll(() => status(page)).toBe('In consultation');
    expect(await page.getByTestId('hoering-status').innerText()).toBe('Out for consultation with the manager: 0 of 0 recommendations answered.');
    await page.getByRole('button', { name: 'Make final', exact: true }).click();
    // Without a concern level: the rule's message, in English.
    await page.getByRole('button', { name: 'Yes, make final' }).click();
    await page.getByText('Choose whether the inspection gives cause for no concern, concern or serious concern').waitFor();
    expect(await danishLeft(page, typed)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('radio', { name: 'No concern' }).check();
    await page.getByRole('button', { name: 'Yes, make final' }).click();
    await expect.poll(() => status(page)).toBe('Final');
    expect(await page.getByTestId('lifecycle-actions').locator('.ok-note').innerText()).toBe('Final (version 1). No concern.');
    expect(await danishLeft(page, typed)).toEqual([]);

    // The report.
    await page.getByRole('link', { name: 'See report' }).click();
    await page.waitForURL(/#\/rapport\//);
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await page.locator('main h1').first().waitFor();
    // The frozen version (Danish, as published) shows the report's own words in English.
    expect(await page.locator('.report-kicker').textContent()).toBe('Inspection report');
    const fact = (name: string) => page.locator('.facts div', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd').innerText();
    expect(await fact('Date')).toBe('5 March 2025');
    expect(await fact('Form of inspection')).toBe('Announced inspection');
    expect(await fact('Level of concern')).toBe('No concern');
    expect(await page.getByTestId('report-evidence').innerText()).toMatch(/^The assessment rests on 1 observation \(30 minutes of observation\) and the dialogue meeting 5 March 2025 at 13:00 \(/);
    expect(await page.getByLabel('Version').locator('option').first().innerText()).toMatch(/^Version 1 \(\d{1,2} [A-Z][a-z]+ \d{4}, /);
    expect(await danishLeft(page, typed)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'english-report');
    await ctx.close();
  }, 240_000);
});
