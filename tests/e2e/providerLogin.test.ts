import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { waitSaved } from './support/app';
import { ADMIN_PASSWORD, loginInApp, syncNow } from './support/accounts';
import { newProfileDir, openProfile, screenshot, waitForOfflineShell } from './support/browser';
import { freePort, startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

/**
 * The web login with the municipality's identity provider, through Chromium: `npm run demo -- --oidc-demo`
 * starts a real OpenID provider (oidc-provider) on 127.0.0.1 beside the server; code + PKCE, the
 * server's own callback, and back to the app with a device token.
 */
let server: RunningServer;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  server = await startServer({ TILSYN_OIDC_DEMO_PORT: String(await freePort()) }, ['--demo', '--oidc-demo']);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.stop();
});

/** On the provider's page: pick who you are, log in, and wait to be back in the app. */
async function atProvider(page: Page, who: RegExp) {
  await page.getByRole('heading', { name: 'Demo-login for kommunen' }).waitFor();
  await page.getByLabel(who).check();
  await page.getByRole('button', { name: 'Log ind' }).click();
}

describe('login with the municipality’s identity provider (web)', () => {
  it('logs in with code + PKCE through the provider’s page and syncs; an edit made while the proof ran out is sent after the new login', async () => {
    const ctx = await openProfile(newProfileDir());
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(server.url);
    await waitForOfflineShell(page);
    await page.goto(`${server.url}/#/synkronisering`);
    const button = page.getByRole('button', { name: 'Log ind med kommunens login' });
    await button.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'kommunens-login-1-knap');

    // Keyboard only: focus the button and press Enter.
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.href.startsWith(server.url));
    await screenshot(page, 'kommunens-login-2-udbyder');
    await atProvider(page, /^Demo-konsulent/);
    await page.getByRole('button', { name: 'Synkroniser nu' }).waitFor();
    expect(page.url()).toBe(`${server.url}/#/synkronisering`);
    expect(await page.getByText('Logget ind som Demo-konsulent').first().isVisible()).toBe(true);
    await syncNow(page);
    await screenshot(page, 'kommunens-login-3-logget-ind');

    // A day passes without the provider's word (a web login is not refreshed silently): only sync stops.
    const db = new Database(path.join(server.dataDir, 'tilsyn.sqlite'));
    db.prepare('update tokens set proof_at = ? where provider is not null').run(new Date(Date.now() - 25 * 3600_000).toISOString());
    db.close();
    await page.goto(`${server.url}/#/`);
    // Logged in, the new-inspection form picks consultants among the server's users.
    await page.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await page.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await page.getByRole('group', { name: 'Konsulenter' }).getByLabel('Demo-konsulent').check();
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    await page.getByTestId('progress').waitFor();
    const inspectionUrl = page.url();
    await page.getByTestId('leg-step-3').check();
    await waitSaved(page);
    const inspectionId = decodeURIComponent(inspectionUrl.split('/tilsyn/')[1]!);
    await page.goto(`${server.url}/#/synkronisering`);
    await page.getByRole('button', { name: 'Synkroniser nu' }).click();
    const again = page.getByTestId('login-again');
    await again.waitFor();
    expect(await again.innerText()).toMatch(/^Log ind igen for at synkronisere\./);
    expect(await again.innerText()).toMatch(/ændringer sendes, når du har logget ind/);
    expect(await page.getByRole('heading', { name: /Ikke sendt endnu/ }).innerText()).not.toContain('(0)');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'kommunens-login-4-log-ind-igen');

    // One click: the provider still knows the user (its session), so it sends them straight back.
    await again.getByRole('button', { name: 'Log ind med kommunens login' }).click();
    await page.getByRole('button', { name: 'Synkroniser nu' }).waitFor();
    // The app syncs by itself after the login; the waiting edit leaves the outbox.
    await page
      .waitForFunction(() => [...document.querySelectorAll('h2')].some((h) => /^Ikke sendt endnu\s*\(0\)/.test(h.textContent ?? '')), undefined, { timeout: 60_000 })
      .catch(async (e: unknown) => {
        console.log('DEBUG', page.url(), await page.locator('main').innerText());
        throw e;
      });
    await screenshot(page, 'kommunens-login-5-sendt');
    const check = new Database(path.join(server.dataDir, 'tilsyn.sqlite'), { readonly: true });
    const row = check.prepare("select count(*) as n from records where type = 'inspection' and id = ?").get(inspectionId) as { n: number };
    check.close();
    expect(row.n).toBe(1);
    // Gone once the sync that sent it has finished.
    await page.getByTestId('login-again').waitFor({ state: 'detached' });
  });

  it('forvaltning switches passwords off for all but the exempt in Administration › Brugere (axe-clean); a non-exempt password login is then refused', async () => {
    const ctx = await openProfile(newProfileDir());
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginInApp(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/#/administration`);
    const panel = page.getByRole('region', { name: 'Login' });
    await panel.waitFor();
    // Not exempt yet: the server refuses, beside the button.
    await panel.getByLabel(/^Kun brugere, der er undtaget/).check();
    await panel.getByRole('button', { name: 'Gem loginindstilling' }).click();
    await panel.getByText(/Log ind med kommunens login \(eller markér dig selv som undtaget\)/).waitFor();
    await panel.getByText(/Undtagne brugere/).click();
    await panel.getByLabel(/\(admin\) må logge ind med adgangskode/).check();
    await panel.getByText('Undtagne brugere (1)').waitFor();
    await panel.getByRole('button', { name: 'Gem loginindstilling' }).click();
    await page.getByText('Adgangskoder er nu slået fra for alle, der ikke er undtaget.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'kommunens-login-6-indstilling');
    const leder = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leder', password: 'tilsyn-demo' }) });
    expect(leder.status).toBe(403);
    expect(((await leder.json()) as { code: string }).code).toBe('brug_kommunens_login');
    const config = (await (await fetch(`${server.url}/api/auth/config`)).json()) as { passwordLogin: string };
    expect(config.passwordLogin).toBe('exempt_only');
  });
});
