import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { screenshot } from './support/browser';
import { createUsers, openAppAs } from './support/accounts';
import { startServer, type RunningServer } from './support/server';

const PW = 'en-lang-kode-2026';
let server: RunningServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [{ username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01'] }]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

describe('sync status a person understands', () => {
  it('keeps the last sync time across an offline reload, says in Danish that the server cannot be reached, and names what waits by institution and inspection', async () => {
    const page = await openAppAs(server.url, 'mette', PW, contexts);
    const status = page.getByTestId('sync-status');
    const synced = await status.getAttribute('data-last-success');
    expect(synced).toMatch(/^\d{4}-/);

    // Offline: a new inspection with a score and an anbefaling waits on this computer.
    await page.context().setOffline(true);
    await page.goto(`${server.url}/#/`);
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await page.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await page.getByRole('checkbox', { name: 'Mette Kjær' }).check();
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    await page.getByTestId('progress').waitFor();
    const inspectionId = decodeURIComponent(page.url().split('/').pop()!);
    await page.getByTestId('leg-step-3').check();
    const theme = page.locator('#tema-paedagogisk-organisering');
    await theme.getByRole('button', { name: '+ Tilføj anbefaling' }).click();
    await theme.getByLabel('Anbefaling 1', { exact: true }).fill('Læg en fælles plan for overgangen fra frokost til hvil.');
    await page.waitForTimeout(800);

    // The institution page counts what waits for this inspection.
    await page.goto(`${server.url}/#/`);
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    const badge = page.getByTestId(`pending-${inspectionId}`);
    await badge.waitFor();
    expect(await badge.innerText()).toMatch(/^\d+ ændring(er)? ikke sendt$/);
    await screenshot(page, 'sync-1-institution-venter');

    // An offline reload still knows when the last sync was.
    await page.goto(`${server.url}/#/synkronisering`);
    await page.reload();
    await status.waitFor();
    await page.waitForFunction(() => !/aldrig/.test(document.querySelector('[data-testid="sync-status"]')?.textContent ?? 'aldrig'));
    expect(await status.innerText()).toMatch(/Senest\s+synkroniseret: \d/);

    // The failed attempt is told in plain Danish, never the browser's words.
    await page.getByRole('button', { name: 'Synkroniser nu' }).click();
    const alert = page.locator('.sync-status [role="alert"]');
    await alert.waitFor();
    const text = await page.locator('main').innerText();
    expect(await alert.innerText()).toContain('Serveren kan ikke nås. Dine ændringer er gemt på computeren og sendes, når der er forbindelse.');
    expect(text).not.toMatch(/Failed to fetch|NetworkError|TypeError/);

    // Pending changes are named by institution, inspection date and Danish field labels.
    const table = page.getByTestId('pending-changes');
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/Agerhønen, tilsyn \d{2}\.\d{2}\.\d{4}/);
    const all = rows.join('\n');
    expect(all).toContain('Nyt tilsyn');
    expect(all).toContain('Ny anbefaling «Pædagogisk organisering»');
    expect(all).toContain('Ny vurdering af tema «Leg»');
    expect(all).not.toMatch(/inspectionId|themeId|createdAt|institutionId/);
    await screenshot(page, 'sync-2-offline');
  });
});
