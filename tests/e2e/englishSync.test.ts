import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, createUsers } from './support/accounts';
import { newProfileDir, openProfile, screenshot, waitForOfflineShell } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

/*
 * The sync and report screens in English (issue 14): a server refusal whose code the resources know
 * reads in English, the sync page says "cannot be reached" in English, and pending changes are named
 * in English. The framework's theme names stay as the municipality wrote them.
 */

const PW = 'en-lang-kode-2026';
let server: RunningServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01'] },
    { username: 'ole', displayName: 'Ole Holm', role: 'konsulent', password: PW, institutionIds: ['DI-01'] },
  ]);
  // Ole is deactivated: his login is refused with the code `deaktiveret`.
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const { users } = (await (await fetch(`${server.url}/api/admin/users`, { headers })).json()) as { users: { id: string; username: string }[] };
  const ole = users.find((u) => u.username === 'ole')!;
  const res = await fetch(`${server.url}/api/admin/users/${ole.id}`, { method: 'PATCH', headers, body: JSON.stringify({ disabled: true }) });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

const chooseLanguage = (page: Page, language: 'da' | 'en') => page.locator('.language-select select').selectOption(language);

describe('sync and report in English', () => {
  it('a refusal with a known code, the offline message and the pending changes read in English; the report too', async () => {
    const ctx = await openProfile(newProfileDir());
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(server.url);
    await waitForOfflineShell(page);
    await page.goto(`${server.url}/#/synkronisering`);
    await chooseLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Log in to synchronise' }).waitFor();

    // The server refuses in Danish with code `deaktiveret`; the English UI shows the resource's English text.
    await page.getByLabel('Username').fill('ole');
    await page.getByLabel('Password', { exact: true }).fill(PW);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect.poll(() => page.locator('.login-form').innerText()).toContain('The user is deactivated. Contact the administration.');
    expect(await page.locator('main').innerText()).not.toContain('Brugeren er deaktiveret');

    await page.getByLabel('Username').fill('mette');
    await page.getByLabel('Password', { exact: true }).fill(PW);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const status = page.getByTestId('sync-status');
    await expect.poll(() => status.getAttribute('data-last-success'), { timeout: 30_000 }).toMatch(/^\d{4}-/);
    expect(await status.innerText()).toMatch(/Last synchronised: \d/);

    // A draft inspection with a score and an anbefaling, made in the Danish UI (the scoring screens are converted elsewhere).
    await chooseLanguage(page, 'da');
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

    // The report in English: the app's words translated, the municipality's theme names as written.
    await page.goto(`${server.url}/#/rapport/${encodeURIComponent(inspectionId)}`);
    await chooseLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Comparison' }).waitFor();
    const report = await page.locator('main').innerText();
    expect(report).toContain('Institution type');
    expect(report).toContain('Assessment per theme on the 4-step scale');
    expect(report).toContain('Pædagogisk organisering');
    expect(report).not.toMatch(/Institutionstype|Sammenligning|Tallene bag diagrammet/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'en-report-1366');

    // Offline: the sync page says so in English, and names what waits in English.
    await page.goto(`${server.url}/#/synkronisering`);
    await page.getByRole('button', { name: 'Synchronise now' }).click();
    const alert = page.locator('.sync-status [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The server cannot be reached. Your changes are saved on this computer and will be sent when there is a connection.');
    expect(await alert.innerText()).toContain('The app will try again automatically.');
    const rows = (await page.getByTestId('pending-changes').locator('tbody tr').allInnerTexts()).join('\n');
    expect(rows).toMatch(/Agerhønen, inspection \d{2}\/\d{2}\/\d{4}/);
    expect(rows).toContain('New inspection');
    expect(rows).toContain('New recommendation «Pædagogisk organisering»');
    const main = await page.locator('main').innerText();
    expect(main).not.toMatch(/Serveren kan ikke nås|Ikke sendt endnu|Failed to fetch/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'en-sync-offline-1366');
  });
});
