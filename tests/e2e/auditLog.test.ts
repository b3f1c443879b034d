import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AUDIT_CSV_HEADER } from '../../shared/audit';
import { ADMIN_PASSWORD, loginInApp } from './support/accounts';
import { newProfileDir, openProfile, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

let server: RunningServer;
let ctx: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  // One failed login before the real one, so the log has two kinds of rows to filter between.
  const bad = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'forkert-kodeord' }) });
  expect(bad.status).toBe(401);
  ctx = await openProfile(newProfileDir());
  page = await ctx.newPage();
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

/** The Hændelse column of every row shown. */
async function eventColumn(): Promise<string[]> {
  return page.getByTestId('admin-log').locator('tbody tr td:nth-of-type(2)').allInnerTexts();
}

describe('forvaltning reads and exports the audit trail under Administration › Log', () => {
  it('lists the logins newest first with Danish labels', async () => {
    await loginInApp(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/#/administration`);
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Log' }).click();
    await page.getByRole('heading', { name: 'Log', level: 2 }).waitFor();
    const table = page.getByTestId('admin-log');
    await table.getByRole('cell', { name: 'Login', exact: true }).first().waitFor();
    const events = await eventColumn();
    expect(events).toContain('Mislykket login');
    // Newest first: the successful login came after the failed one.
    expect(events.indexOf('Login')).toBeLessThan(events.indexOf('Mislykket login'));
    expect(events.every((e) => !e.includes('.'))).toBe(true); // labels, not codes such as login.ok
    expect(await table.locator('tbody tr').first().locator('td').first().innerText()).toBe('admin');
    await screenshot(page, '36-admin-log');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters by event with the keyboard', async () => {
    const select = page.getByLabel('Hændelse', { exact: true });
    await select.focus();
    await select.selectOption({ label: 'Mislykket login' });
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="admin-log"] tbody tr td:nth-of-type(2)')].map((c) => c.textContent);
      return cells.length > 0 && cells.every((c) => c === 'Mislykket login');
    });
    expect(await eventColumn()).toEqual(['Mislykket login']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await select.selectOption({ label: 'API-token oprettet' });
    await page.getByText('Ingen hændelser af typen "API-token oprettet".').waitFor();
    await select.selectOption({ label: 'Alle hændelser' });
    await page.getByTestId('admin-log').getByRole('cell', { name: 'Login', exact: true }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('downloads the whole log as CSV with "Hent CSV"', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Hent CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^tilsyn-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes[3]).not.toBe(0xef); // one byte-order mark, not two
    const lines = bytes.toString('utf8').slice(1).trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(';'));
    expect(lines.some((l) => l.includes(';Mislykket login;login.failed;'))).toBe(true);
    expect(lines.some((l) => l.includes(';Login;login.ok;admin;'))).toBe(true);
  });
});
