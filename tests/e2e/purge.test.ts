import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import { PURGED_MARK } from '../../shared/privacyFlags';
import { PROTOCOL_VERSION } from '../../shared/sync/wire';
import { ADMIN_PASSWORD, createUsers, loginInApp } from './support/accounts';
import { newProfileDir, openProfile, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/** Forvaltning finds a CPR number the server flagged and purges it in Administration, with the keyboard. */

const CPR = '010203-1234';
let server: RunningServer;
let ctx: BrowserContext;
let page: Page;
let adminToken: string;
let scoreId: string;
let institutionId: string;

async function call(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function loginToken(username: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  adminToken = await loginToken('admin', ADMIN_PASSWORD);
  const institutions = (await call('GET', '/api/admin/institutions', adminToken)).json.institutions as { id: string }[];
  institutionId = institutions[0]!.id;
  await createUsers(server.url, [{ username: 'konsulent-purge', displayName: 'Karen Konsulent', role: 'konsulent', password: 'konsulent-kode-42', institutionIds: [institutionId] }]);
  const konsulent = await loginToken('konsulent-purge', 'konsulent-kode-42');
  const id = uuidv7();
  scoreId = themeScoreId(id, 'leg');
  const push = await call('POST', '/api/sync/push', konsulent, {
    clientId: 'e2e-device',
    mutations: [
      { mutationId: uuidv7(), recordType: 'inspection', recordId: id, baseRev: 0, fields: { institutionId, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2025-03-04', consultants: ['Karen Konsulent'], participants: [], status: 'i_gang' } },
      { mutationId: uuidv7(), recordType: 'themeScore', recordId: scoreId, baseRev: 0, fields: { inspectionId: id, themeId: 'leg', step: 3, note: `Samtale om ${CPR} i garderoben` } },
      { mutationId: uuidv7(), recordType: 'anerkendelse', recordId: `${id}:ank:1`, baseRev: 0, fields: { inspectionId: id, themeId: 'leg', text: 'Legepladsen fra ordre 12 34 56 78 bruges godt', createdAt: '2025-03-04T10:00:00Z' } },
    ],
  });
  expect(push.status, JSON.stringify(push.json)).toBe(200);
  ctx = await openProfile(newProfileDir());
  page = await ctx.newPage();
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

describe('forvaltning purges personal data the server flagged', () => {
  it('lists the flags; a false positive is closed; the dialog (keyboard only) removes the text after a reason and a confirmation, saying backups and exports cannot be reached', async () => {
    await loginInApp(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/#/administration/personoplysninger`);
    const table = page.getByTestId('admin-privacy-flags');
    await table.getByRole('rowheader', { name: 'CPR-nummer' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);

    // A false positive (an order number, not a phone number) is closed without deleting anything.
    await table.getByRole('button', { name: 'Fjern telefonnummer fra anerkendelse' }).focus();
    await page.keyboard.press('Enter');
    const phone = page.getByRole('region', { name: /Fjern telefonnummer fra anerkendelse/ });
    await phone.getByRole('button', { name: 'Ikke en personoplysning' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Fundet er lukket uden at slette noget').waitFor();
    await table.getByRole('rowheader', { name: 'Telefonnummer' }).waitFor({ state: 'detached' });
    expect(await table.locator('tbody tr').count()).toBe(1);

    await table.getByRole('button', { name: 'Fjern CPR-nummer fra temavurdering' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('region', { name: /Fjern CPR-nummer fra temavurdering/ });
    await dialog.waitFor();
    await dialog.getByText('Sikkerhedskopier og filer, der allerede er eksporteret eller udskrevet (PDF, CSV), kan ikke nås').waitFor();
    expect(await dialog.getByRole('radio', { name: `Teksten «${CPR}», alle steder i feltet` }).isChecked()).toBe(true);

    // Without a reason: a Danish error next to the field, nothing sent.
    await dialog.getByRole('button', { name: 'Fjern…' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByText('Skriv en begrundelse (mindst 5 tegn)').waitFor();

    await dialog.getByLabel('Begrundelse').focus();
    await page.keyboard.type('CPR-nummer skrevet i en note ved en fejl');
    await dialog.getByRole('button', { name: 'Fjern…' }).focus();
    await page.keyboard.press('Enter');
    // The confirmation takes the focus: Enter confirms.
    const confirm = dialog.getByRole('button', { name: 'Ja, fjern teksten' });
    await confirm.waitFor();
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, '60-admin-fjern-personoplysning');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.keyboard.press('Enter');

    await page.getByText(/Teksten er fjernet fra posten og 1 gemt version/).waitFor();
    await page.getByText('Ingen fund. Serveren har ikke markeret nogen tekster.').waitFor();
    // What a device's next pull gets: the purged note.
    const notes: string[] = [];
    for (let cursor = 0, more = true; more; ) {
      const page = (await call('GET', `/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=${cursor}&limit=1000`, adminToken)).json as { changes: { recordId: string; data: { note: string } }[]; nextCursor: number; hasMore: boolean };
      notes.push(...page.changes.filter((c) => c.recordId === scoreId).map((c) => c.data.note));
      cursor = page.nextCursor;
      more = page.hasMore;
    }
    expect(notes).toEqual([`Samtale om ${PURGED_MARK} i garderoben`]);
    const log = (await call('GET', '/api/admin/audit?action=privacy.purged', adminToken)).json.entries as { details: Record<string, unknown> }[];
    expect(log.map((e) => e.details.reason)).toEqual(['CPR-nummer skrevet i en note ved en fejl']);
  });

  it('the same detector warns under the dialogue’s staff field while typing (the server would flag it, never refuse)', async () => {
    // The free-text participants field is retired (issue 12); the dialogue meeting's fields carry the warning.
    await page.goto(`${server.url}/#/institution/${encodeURIComponent(institutionId)}/nyt-tilsyn`);
    await page.getByRole('button', { name: 'Start tilsyn' }).click();
    await page.getByTestId('progress').waitFor();
    const participants = page.getByLabel('Medarbejderrepræsentanter (én pr. linje)');
    await participants.fill('Pædagogisk leder\nPigen Sofie');
    const warning = page.getByRole('status').filter({ hasText: 'Det ser ud til, at et barn nævnes ved navn' });
    await warning.waitFor();
    expect(await participants.getAttribute('aria-describedby')).toContain((await warning.getAttribute('id'))!);
    await participants.fill('Pædagogisk leder');
    await warning.waitFor({ state: 'detached' });
  });
});
