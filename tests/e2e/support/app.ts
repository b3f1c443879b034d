import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export async function loadDemo(page: Page) {
  await page.getByRole('button', { name: 'Indlæs demodata' }).click();
  await page.getByRole('link', { name: 'Agerhønen' }).waitFor();
}

/** Opens an institution and starts a new inspection; returns the inspection's URL. */
export async function startInspection(page: Page, institution = 'Agerhønen', consultants = 'Mette Kjær, Jonas Holm') {
  await page.getByRole('link', { name: institution, exact: true }).click();
  await page.getByRole('link', { name: 'Nyt tilsyn' }).click();
  await page.getByLabel('Konsulenter').fill(consultants);
  await page.getByRole('button', { name: 'Start tilsyn' }).click();
  await page.getByTestId('progress').waitFor();
  return page.url();
}

export async function waitSaved(page: Page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="save-status"]');
    return !!el && /^(Gemt|Alt er gemt)/.test(el.textContent ?? '');
  });
}

export async function progressText(page: Page) {
  return (await page.getByTestId('progress').innerText()).replace(/\s+/g, ' ').trim();
}

export async function expectProgress(page: Page, assessed: number) {
  await page.waitForFunction((n) => document.querySelector('[data-testid="progress"]')?.textContent?.includes(`${n} af 7`), assessed);
  expect(await progressText(page)).toContain(`${assessed} af 7 temaer vurderet`);
}
