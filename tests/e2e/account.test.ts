import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ADMIN_PASSWORD, createUsers, loginInApp } from './support/accounts';
import { newProfileDir, openProfile, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

const PASSWORD = 'karens-gamle-kode-1';
const NEW_PASSWORD = 'syv blå hvaler i havnen';

let server: RunningServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [{ username: 'karen', displayName: 'Karen Konsulent', role: 'konsulent', password: PASSWORD, institutionIds: [] }]);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.stop();
});

async function apiLogin(username: string, password: string, deviceName: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, deviceName }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}
const status = async (url: string, token: string) => (await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } })).status;

async function errorNextTo(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) {
    const el = field.page().locator(`[id="${id}"].field-error`);
    if ((await el.count()) > 0 && (await el.isVisible())) texts.push((await el.innerText()).trim());
  }
  return texts.join(' ');
}

async function newPage(): Promise<Page> {
  const ctx = await openProfile(newProfileDir());
  contexts.push(ctx);
  return ctx.newPage();
}

describe('a user’s own account on the Synkronisering page', () => {
  it('changes the password with Danish errors beside the fields, and logs out the other devices', async () => {
    const phone = await apiLogin('karen', PASSWORD, 'Telefon');
    const page = await newPage();
    await loginInApp(page, server.url, 'karen', PASSWORD);
    const devices = page.getByTestId('devices');
    await devices.getByRole('row', { name: /Telefon/ }).waitFor();
    expect((await devices.getByRole('row', { name: /Denne enhed/ }).innerText()).replace(/\s+/g, ' ')).toMatch(/^Chrome på Linux /);

    const form = page.getByRole('form', { name: 'Skift adgangskode' });
    const oldField = form.getByLabel('Nuværende adgangskode');
    const newField = form.getByLabel('Ny adgangskode', { exact: true });
    const repeat = form.getByLabel('Gentag ny adgangskode');
    // In the browser, by the shared rules.
    await oldField.fill(PASSWORD);
    await newField.fill('sommer2025!');
    await repeat.fill('sommer2025!');
    await form.getByRole('button', { name: 'Skift adgangskode' }).click();
    await expect.poll(() => errorNextTo(newField)).toBe('Adgangskoden er et almindeligt ord med tal eller tegn omkring; vælg en anden');
    // By the server: the current password is wrong.
    await oldField.fill('ikke-min-kode-123');
    await newField.fill(NEW_PASSWORD);
    await repeat.fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Skift adgangskode' }).click();
    await expect.poll(() => errorNextTo(oldField)).toBe('Den nuværende adgangskode er forkert');
    expect(await newField.inputValue()).toBe(NEW_PASSWORD);
    await screenshot(page, '60-konto-forkert-adgangskode');
    expect(await seriousViolations(page)).toEqual([]);

    await oldField.fill(PASSWORD);
    await form.getByRole('button', { name: 'Skift adgangskode' }).click();
    await page.getByText('Din adgangskode er skiftet. 1 anden enhed er logget ud.').waitFor();
    expect(await status('/api/auth/me', phone)).toBe(401);
    await expect.poll(() => devices.locator('tbody tr').count()).toBe(1);
    // This device is still logged in and syncs.
    await page.getByRole('button', { name: 'Synkroniser nu' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state') === 'idle');
    expect(await page.getByRole('alert').filter({ hasText: 'Log ind' }).count()).toBe(0);
  });

  it('lists the user’s devices and logs one out with "Log ud på denne enhed"', async () => {
    const tablet = await apiLogin('karen', NEW_PASSWORD, 'Tablet');
    const page = await newPage();
    await loginInApp(page, server.url, 'karen', NEW_PASSWORD);
    const devices = page.getByTestId('devices');
    const row = devices.getByRole('row', { name: /Tablet/ });
    await row.waitFor();
    await screenshot(page, '61-konto-enheder');
    await row.getByRole('button', { name: /Log ud på denne enhed/ }).click();
    await page.getByText('Tablet er logget ud.').waitFor();
    expect(await status('/api/auth/me', tablet)).toBe(401);
    await expect.poll(() => devices.getByRole('row', { name: /Tablet/ }).count()).toBe(0);
  });
});

describe('forvaltning manages BI API tokens in Administration', () => {
  it('creates one (the secret shown once), it reads the export only, and revoking it stops it', async () => {
    const page = await newPage();
    await loginInApp(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/#/administration/api-tokens`);
    await page.getByRole('button', { name: 'Nyt API-token' }).click();
    const name = page.getByLabel('Navn');
    await page.getByRole('checkbox', { name: /Udtræk af temascorer/ }).uncheck();
    await page.getByRole('checkbox', { name: /Kommunale gennemsnit/ }).uncheck();
    await page.getByRole('button', { name: 'Opret API-token' }).click();
    await expect.poll(() => errorNextTo(name)).toBe('Giv tokenet et navn');
    await name.fill('Power BI, kvalitetsrapport');
    await page.getByRole('checkbox', { name: /Udtræk af temascorer/ }).check();
    await page.getByRole('button', { name: 'Opret API-token' }).click();
    const secretBox = page.getByTestId('api-token-secret');
    await secretBox.waitFor();
    const token = (await secretBox.getByLabel('API-token').innerText()).trim();
    expect(token).toMatch(/^tbi_/);
    await screenshot(page, '62-admin-api-token-oprettet');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await status('/api/export/theme-scores', token)).toBe(200);
    expect(await status('/api/stats/theme-averages', token)).toBe(403);
    expect(await status('/api/admin/users', token)).toBe(403);

    await secretBox.getByRole('button', { name: 'Jeg har gemt det' }).click();
    const row = page.getByTestId('admin-api-tokens').getByRole('row', { name: /Power BI/ });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/Power BI, kvalitetsrapport Udtræk Alle .* af admin .*Aktiv til/);
    await row.getByRole('button', { name: 'Tilbagekald Power BI, kvalitetsrapport' }).click();
    await page.getByText('API-tokenet "Power BI, kvalitetsrapport" er tilbagekaldt. Det virker ikke længere.').waitFor();
    await row.getByText('Tilbagekaldt').waitFor();
    expect(await status('/api/export/theme-scores', token)).toBe(401);
    // The list never shows the secret again.
    expect(await page.content()).not.toContain(token);
  });
});
