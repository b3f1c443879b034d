import type { BrowserContext, Page } from 'playwright-core';
import { newProfileDir, openProfile, waitForOfflineShell } from './browser';

export const ADMIN_PASSWORD = 'admin-e2e-kodeord';

/** Creates users through the server's admin API, as forvaltning would. */
export async function createUsers(serverUrl: string, users: { username: string; displayName: string; role: string; password: string; institutionIds: string[] }[]) {
  const login = await fetch(`${serverUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`admin-login: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  for (const u of users) {
    const res = await fetch(`${serverUrl}/api/admin/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(u),
    });
    if (!res.ok) throw new Error(`opret ${u.username}: ${res.status} ${await res.text()}`);
  }
}

/** Logs in through the Synkronisering page, as a user would. */
export async function loginInApp(page: Page, serverUrl: string, username: string, password: string) {
  await page.goto(`${serverUrl}/#/synkronisering`);
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(password);
  // Exact: beside it there may be "Log ind med kommunens login".
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await page.getByRole('button', { name: 'Synkroniser nu' }).waitFor();
}

/** Syncs now and waits for that sync to succeed with nothing left to send. */
export async function syncNow(page: Page) {
  await page.goto(`${new URL(page.url()).origin}/#/synkronisering`);
  const status = page.getByTestId('sync-status');
  await status.waitFor();
  const before = (await status.getAttribute('data-last-success')) ?? '';
  await page.getByRole('button', { name: 'Synkroniser nu' }).click();
  await page.waitForFunction((prev) => {
    const el = document.querySelector('[data-testid="sync-status"]');
    const indicator = document.querySelector('[data-testid="sync-indicator"]')?.textContent ?? '';
    const last = el?.getAttribute('data-last-success') ?? '';
    return el?.getAttribute('data-state') === 'idle' && last !== '' && last !== prev && !indicator.includes('ikke sendt');
  }, before);
}

/** A user's own browser profile with the app open, logged in and synced once. */
export async function openAppAs(serverUrl: string, username: string, password: string, contexts: BrowserContext[]): Promise<Page> {
  const ctx = await openProfile(newProfileDir());
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(serverUrl);
  await waitForOfflineShell(page);
  await loginInApp(page, serverUrl, username, password);
  await syncNow(page);
  return page;
}
