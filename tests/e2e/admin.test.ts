import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { ADMIN_PASSWORD, loginInApp } from './support/accounts';
import { newProfileDir, openProfile, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

let server: RunningServer;
let ctx: BrowserContext;
let page: Page;
let adminToken: string;

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  adminToken = ((await res.json()) as { token: string }).token;
  ctx = await openProfile(newProfileDir());
  page = await ctx.newPage();
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

async function adminGet<T>(url: string): Promise<T> {
  const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** The error the field points to with aria-describedby: the message shown right under it. */
async function errorNextTo(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) {
    const el = field.page().locator(`[id="${id}"].field-error`);
    if ((await el.count()) > 0 && (await el.isVisible())) texts.push((await el.innerText()).trim());
  }
  return texts.join(' ');
}

describe('forvaltning administers users, institutions and framework versions in the app', () => {
  it('shows Administration only to forvaltning, and says so to others', async () => {
    await page.goto(server.url);
    expect(await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await page.goto(`${server.url}/#/administration`);
    await page.getByText('Administration kræver, at du er logget ind på kommunens server som forvaltning').waitFor();
    await loginInApp(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    const users = page.getByTestId('admin-users');
    await users.getByRole('cell', { name: 'leder', exact: true }).waitFor();
    expect(await users.locator('tbody tr').count()).toBe(3); // admin and the two demo logins
    await screenshot(page, '30-admin-brugere');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('creates a leder linked to one institution; bad input gets a Danish error next to the field and keeps what was typed', async () => {
    await page.getByRole('button', { name: 'Ny bruger' }).click();
    const username = page.getByLabel('Brugernavn');
    const name = page.getByLabel('Navn', { exact: true });
    const password = page.getByLabel('Adgangskode');
    await username.fill('leder');
    await name.fill('Lone Leder');
    await page.getByLabel('Rolle').selectOption('leder');
    await password.fill('kort');
    await page.getByLabel('Søg blandt institutionerne').fill('bakkehus');
    const checklist = page.getByRole('group', { name: 'Leder af institutionerne' });
    expect(await checklist.getByRole('checkbox').count()).toBe(1);
    await checklist.getByRole('checkbox', { name: /Bakkehuset/ }).check();
    await page.getByRole('button', { name: 'Opret bruger' }).click();

    // Checked in the browser with the server's own schema: too short.
    expect(await errorNextTo(password)).toBe('Adgangskoden skal have mindst 10 tegn');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.inputValue()).toBe('kort');
    expect(await username.inputValue()).toBe('leder');
    expect(await name.inputValue()).toBe('Lone Leder');
    await screenshot(page, '31-admin-ny-bruger-fejl');
    expect(await seriousViolations(page)).toEqual([]);

    // Refused by the server: the username is taken (a demo login). Its Danish reason appears at the field.
    await password.fill('en-lang-kode-2026');
    await page.getByRole('button', { name: 'Opret bruger' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
    expect(await errorNextTo(username)).toBe('Brugernavnet "leder" er optaget');
    expect(await username.inputValue()).toBe('leder');
    expect(await checklist.getByRole('checkbox', { name: /Bakkehuset/ }).isChecked()).toBe(true);

    await username.fill('lone.leder');
    await page.getByRole('button', { name: 'Opret bruger' }).click();
    await page.getByText('Brugeren lone.leder (leder) er oprettet.').waitFor();
    const row = page.getByTestId('admin-users').getByRole('row', { name: /Lone Leder/ });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('Lone Leder lone.leder Leder Bakkehuset Aktiv');

    const { users } = await adminGet<{ users: { username: string; role: string; institutionIds: string[] }[] }>('/api/admin/users');
    expect(users.find((u) => u.username === 'lone.leder')).toMatchObject({ role: 'leder', institutionIds: ['DI-02'] });
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lone.leder', password: 'en-lang-kode-2026' }) });
    expect(((await login.json()) as { user: { institutionIds: string[] } }).user.institutionIds).toEqual(['DI-02']);
  });

  it('edits a user: links, a password reset that is too short, disabling', async () => {
    await page.getByRole('button', { name: 'Redigér Lone Leder' }).click();
    const editor = page.getByRole('region', { name: /Redigér Lone Leder/ });
    await editor.getByLabel('Søg blandt institutionerne').fill('Birkely');
    await editor.getByRole('checkbox', { name: /Birkely/ }).check();
    await editor.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByText(/Ændringerne af Lone Leder er gemt/).waitFor();
    const newPassword = editor.getByLabel('Ny adgangskode');
    await newPassword.fill('123');
    await editor.getByRole('button', { name: 'Skift adgangskode' }).click();
    await expect.poll(() => errorNextTo(newPassword)).toBe('Adgangskoden skal have mindst 10 tegn');
    expect(await newPassword.inputValue()).toBe('123');
    await editor.scrollIntoViewIfNeeded();
    await screenshot(page, '32-admin-rediger-bruger');
    expect(await seriousViolations(page)).toEqual([]);
    await editor.getByRole('button', { name: 'Deaktivér' }).click();
    await page.getByText('Lone Leder er deaktiveret og logget ud på alle enheder.').waitFor();
    const { users } = await adminGet<{ users: { username: string; disabled: boolean; institutionIds: string[] }[] }>('/api/admin/users');
    expect(users.find((u) => u.username === 'lone.leder')).toMatchObject({ disabled: true, institutionIds: ['DI-02', 'DI-03'] });
    await editor.getByRole('button', { name: 'Luk' }).click();
  });

  it('edits an institution; an empty name is refused next to the field with the typed text kept', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Institutioner' }).click();
    await page.getByTestId('admin-institutions').getByRole('rowheader', { name: 'Agerhønen' }).waitFor();
    await page.getByLabel('Søg blandt institutionerne').fill('ager');
    await page.getByRole('button', { name: 'Redigér Agerhønen' }).click();
    const name = page.getByLabel('Navn', { exact: true });
    const district = page.getByLabel('Distrikt');
    expect(await page.getByLabel('Id', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await name.fill('');
    await district.fill('Nordvest');
    await page.getByLabel('Pladser 0–2 år').fill('14');
    await page.getByRole('button', { name: 'Gem ændringer' }).click();
    expect(await errorNextTo(name)).toBe('Institutionen mangler et navn');
    expect(await district.inputValue()).toBe('Nordvest');
    expect(await page.getByLabel('Pladser 0–2 år').inputValue()).toBe('14');
    await screenshot(page, '33-admin-institution-fejl');
    expect(await seriousViolations(page)).toEqual([]);

    await name.fill('Agerhønen Nord');
    await page.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByText('Agerhønen Nord er gemt.').waitFor();
    await page.getByLabel('Søg blandt institutionerne').fill('');
    const row = page.getByTestId('admin-institutions').getByRole('row', { name: /Agerhønen Nord/ });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('Agerhønen Nord DI-01 Vuggestue Kommunal Nordvest 14');
    expect(await row.innerText()).toContain('Nordvest');
    const { institutions } = await adminGet<{ institutions: { id: string; name: string; district?: string; children0to2: number; rev: number }[] }>('/api/admin/institutions');
    expect(institutions.find((i) => i.id === 'DI-01')).toMatchObject({ name: 'Agerhønen Nord', district: 'Nordvest', children0to2: 14, rev: 2 });
    await screenshot(page, '34-admin-institutioner');

    // A new institution; an id that exists is refused by the server at the Id field.
    await page.getByRole('button', { name: 'Ny institution' }).click();
    await page.getByLabel('Navn', { exact: true }).fill('Mælkebøtten');
    await page.getByLabel('Id', { exact: true }).fill('DI-01');
    await page.getByLabel('Type').selectOption('integreret');
    await page.getByLabel('Ejerform').selectOption('selvejende');
    await page.getByLabel('Pladser 0–2 år').fill('12');
    await page.getByLabel('Pladser 3–5 år').fill('30');
    await page.getByRole('button', { name: 'Opret institution' }).click();
    await expect.poll(() => errorNextTo(page.getByLabel('Id', { exact: true }))).toBe('Institutionen DI-01 findes allerede');
    expect(await page.getByLabel('Navn', { exact: true }).inputValue()).toBe('Mælkebøtten');
    await page.getByLabel('Id', { exact: true }).fill('DI-41');
    await page.getByRole('button', { name: 'Opret institution' }).click();
    await page.getByText('Mælkebøtten (DI-41) er oprettet.').waitFor();
    const created = (await adminGet<{ institutions: { id: string }[] }>('/api/admin/institutions')).institutions.find((i) => i.id === 'DI-41');
    expect(created).toMatchObject({ name: 'Mælkebøtten', type: 'integreret', ownership: 'selvejende', children0to2: 12, children3to5: 30, rev: 1 });
  });

  it('makes a new framework version from the newest one in a form, and refuses an invalid JSON file with its reasons', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Rammeversioner' }).click();
    await page.getByTestId('admin-frameworks').getByRole('rowheader', { name: 'Tilsynskoncept 2021' }).waitFor();

    const bad = path.join(os.tmpdir(), `ramme-fejl-${Date.now()}.json`);
    writeFileSync(bad, JSON.stringify({ ...FRAMEWORK_V1, id: 'v9', version: 9, themes: FRAMEWORK_V1.themes.slice(0, 6) }));
    await page.getByLabel('Upload JSON-fil med en rammeversion…').setInputFiles(bad);
    const alert = page.locator('.import-errors');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/themes: .*7/);

    await page.getByRole('button', { name: 'Ny version ud fra v1' }).click();
    const form = page.getByRole('form', { name: 'Ny rammeversion' });
    expect(await form.getByLabel('Id', { exact: true }).inputValue()).toBe('v2');
    await form.getByLabel('Versionens navn').fill('Tilsynskoncept 2027');
    await form.getByLabel('Versionsnummer').fill('1');
    await form.getByText('1. Pædagogisk organisering').click();
    await form.getByLabel('Temaets navn').first().fill('');
    await form.getByRole('button', { name: 'Opret version' }).click();
    await expect.poll(() => errorNextTo(form.getByLabel('Temaets navn').first())).not.toBe('');
    await form.getByLabel('Temaets navn').first().fill('Pædagogisk organisering og planlægning');
    // The server refuses a version number that is not above the newest: shown at the field.
    await form.getByRole('button', { name: 'Opret version' }).click();
    await expect.poll(() => errorNextTo(form.getByLabel('Versionsnummer'))).toBe('Versionsnummeret skal være højere end den nyeste version (1)');
    await screenshot(page, '35-admin-ny-rammeversion');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByLabel('Versionsnummer').fill('2');
    await form.getByRole('button', { name: 'Opret version' }).click();
    await page.getByText(/Rammeversionen Tilsynskoncept 2027 \(v2\) er oprettet/).waitFor();
    await page.getByTestId('admin-frameworks').getByRole('rowheader', { name: 'Tilsynskoncept 2027' }).waitFor();

    // A valid file opens in the form for a last look, then becomes version 3.
    const good = path.join(os.tmpdir(), `ramme-v3-${Date.now()}.json`);
    writeFileSync(good, JSON.stringify({ ...FRAMEWORK_V1, id: 'v3', version: 3, name: 'Tilsynskoncept 2028 (fil)', validFrom: '2028-01-01' }));
    await page.getByLabel('Upload JSON-fil med en rammeversion…').setInputFiles(good);
    const fromFile = page.getByRole('form', { name: 'Ny rammeversion' });
    await fromFile.getByText(/Udgangspunkt: filen ramme-v3-/).waitFor();
    expect(await fromFile.getByLabel('Versionens navn').inputValue()).toBe('Tilsynskoncept 2028 (fil)');
    await fromFile.getByRole('button', { name: 'Opret version' }).click();
    await page.getByTestId('admin-frameworks').getByRole('rowheader', { name: 'Tilsynskoncept 2028 (fil)' }).waitFor();

    const { frameworks } = await adminGet<{ frameworks: { id: string; version: number; themes: { name: string }[] }[] }>('/api/admin/frameworks');
    expect(frameworks.map((f) => f.id)).toEqual(['v1', 'v2', 'v3']);
    expect(frameworks[1]!.themes[0]!.name).toBe('Pædagogisk organisering og planlægning');
    await screenshot(page, '36-admin-rammeversioner');
  });

  it('offline: says clearly that administration needs the server, and keeps what was typed', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Brugere' }).click();
    await page.getByRole('button', { name: 'Ny bruger' }).click();
    await page.getByLabel('Brugernavn').fill('offline.bruger');
    await page.getByLabel('Navn', { exact: true }).fill('Otto Offline');
    await page.getByLabel('Adgangskode').fill('en-lang-kode-2026');
    await ctx.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Du er offline. Administration kræver forbindelse til serveren' }).waitFor();
    await page.getByRole('button', { name: 'Opret bruger' }).click();
    await page.getByText('Serveren kunne ikke nås. Tjek netværket, og prøv igen.').waitFor();
    expect(await page.getByLabel('Brugernavn').inputValue()).toBe('offline.bruger');
    expect(await page.getByLabel('Navn', { exact: true }).inputValue()).toBe('Otto Offline');
    await screenshot(page, '37-admin-offline');
    await ctx.setOffline(false);
    await page.getByRole('button', { name: 'Opret bruger' }).click();
    await page.getByText('Brugeren offline.bruger (konsulent) er oprettet.').waitFor();
  });
});
