import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newProfileDir, openProfile, screenshot, waitForOfflineShell } from './support/browser';
import { createUsers, loginInApp, syncNow, openAppAs } from './support/accounts';
import { startServer, type RunningServer } from './support/server';

const PW = 'en-lang-kode-2026';
let server: RunningServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01', 'DI-02'] },
    { username: 'jonas', displayName: 'Jonas Holm', role: 'konsulent', password: PW, institutionIds: ['DI-01'] },
    { username: 'leder1', displayName: 'Lone Leder', role: 'leder', password: PW, institutionIds: ['DI-01'] },
  ]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

const appFor = (username: string): Promise<Page> => openAppAs(server.url, username, PW, contexts);

const score = (page: Page, theme: string, step: number) => page.getByTestId(`${theme}-step-${step}`).check();

describe('two consultants, one inspection', () => {
  it('merge different themes without asking, turn the same field into one conflict both see, and keep the leder to their own institution', async () => {
    const mette = await appFor('mette');
    const jonas = await appFor('jonas');

    // Mette starts the inspection online; Jonas receives it.
    await mette.goto(`${server.url}/#/`);
    await mette.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await mette.getByRole('link', { name: 'Nyt tilsyn' }).click();
    // Issue 12: consultants are users, picked from the directory the sync cached; Mette is prefilled.
    expect(await mette.getByRole('checkbox', { name: 'Mette Kjær' }).isChecked()).toBe(true);
    await mette.getByRole('checkbox', { name: 'Jonas Holm' }).check();
    await mette.getByRole('button', { name: 'Start tilsyn' }).click();
    await mette.getByTestId('progress').waitFor();
    const inspectionUrl = mette.url();
    await syncNow(mette);
    await syncNow(jonas);

    // Both go offline and work on the same inspection.
    await mette.context().setOffline(true);
    await jonas.context().setOffline(true);
    await mette.goto(inspectionUrl);
    await jonas.goto(inspectionUrl);
    await score(mette, 'paedagogisk-organisering', 3);
    await score(mette, 'leg', 4);
    await score(jonas, 'interaktion', 2);
    await score(jonas, 'leg', 2); // the same field as Mette: a conflict
    await mette.getByLabel('Noter om rutineprægede situationer og aktiviteter').fill('Frokosten forløb roligt.');
    await jonas.waitForTimeout(500);

    // Online again: Mette syncs first, then Jonas, then Mette again.
    // (One at a time: each app syncs by itself on the `online` event, and the order decides whose
    // value the server holds until the conflict is resolved.)
    await mette.context().setOffline(false);
    await syncNow(mette);
    await jonas.context().setOffline(false);
    await syncNow(jonas);
    await syncNow(mette);

    for (const page of [mette, jonas]) {
      await page.goto(inspectionUrl);
      await page.getByTestId('progress').waitFor();
      expect(await page.getByTestId('paedagogisk-organisering-step-3').isChecked()).toBe(true);
      expect(await page.getByTestId('interaktion-step-2').isChecked()).toBe(true);
      expect(await page.getByLabel('Noter om rutineprægede situationer og aktiviteter').inputValue()).toBe('Frokosten forløb roligt.');
      // The server kept the first value it received until someone decides.
      expect(await page.getByTestId('leg-step-4').isChecked()).toBe(true);
    }

    // Both see the one conflict, with both values.
    for (const page of [mette, jonas]) {
      await page.goto(`${server.url}/#/synkronisering`);
      await page.getByTestId('conflict').first().waitFor();
      expect(await page.getByTestId('conflict').count()).toBe(1);
      const values = [await page.getByTestId('conflict-mine').innerText(), await page.getByTestId('conflict-theirs').innerText()].sort();
      expect(values).toEqual(['2 – Mindre tilfredsstillende', '4 – Meget tilfredsstillende']);
    }
    expect(await jonas.getByTestId('conflict-mine').innerText()).toBe('2 – Mindre tilfredsstillende');
    await screenshot(jonas, '10-konflikt');

    // Jonas keeps his value; after a sync both have step 2 and no conflict.
    await jonas.getByRole('button', { name: 'Behold min' }).click();
    await syncNow(jonas);
    await syncNow(mette);
    for (const page of [mette, jonas]) {
      await page.goto(`${server.url}/#/synkronisering`);
      await page.getByRole('heading', { name: /Konflikter/ }).waitFor();
      expect(await page.getByTestId('conflict').count()).toBe(0);
      await page.goto(inspectionUrl);
      await page.getByTestId('progress').waitFor();
      expect(await page.getByTestId('leg-step-2').isChecked()).toBe(true);
    }

    // The leder of Agerhønen sees only Agerhønen, and not the inspection that is not in høring.
    const leder = await appFor('leder1');
    await leder.goto(`${server.url}/#/`);
    await leder.getByRole('link', { name: 'Agerhønen', exact: true }).waitFor();
    const names = await leder.locator('table.data-table tbody tr').count();
    expect(names).toBe(1);
    await leder.goto(inspectionUrl);
    await leder.getByRole('heading', { name: 'Tilsynet findes ikke' }).waitFor();
    await screenshot(leder, '11-leder');
  });

  it('work done before the first login is pushed when the consultant logs in, not lost', async () => {
    const ctx = await openProfile(newProfileDir());
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(server.url);
    await waitForOfflineShell(page);
    await page.getByRole('button', { name: 'Indlæs demodata' }).click();
    await page.getByRole('link', { name: 'Bakkehuset', exact: true }).click();
    await page.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await page.getByLabel('Konsulenter').fill('Mette Kjær');
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    await page.getByTestId('progress').waitFor();
    const url = page.url();
    await page.getByTestId('leg-step-4').check();
    await page.getByLabel('Noter om leg').fill('Skrevet før login.');
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-indicator"]')?.textContent?.includes('ikke sendt'));

    await loginInApp(page, server.url, 'mette', PW);
    await syncNow(page);

    // Another device of Mette's receives it from the server.
    const other = await appFor('mette');
    await other.goto(url);
    await other.getByTestId('progress').waitFor();
    expect(await other.getByTestId('leg-step-4').isChecked()).toBe(true);
    expect(await other.getByLabel('Noter om leg').inputValue()).toBe('Skrevet før login.');
  });
});
