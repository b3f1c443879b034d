import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, createUsers, openAppAs, syncNow } from './support/accounts';
import { seriousViolations } from './support/axe';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * Issue 16 leftover: forvaltning hand-picks a planned visit for double scoring on the Kalibrering
 * page (keyboard, labels, the shared rule for the second rater, the server's refusal at its field),
 * and the chosen second rater receives the visit at their next sync.
 */
const PW = 'haandplukket-kode-2026';
let server: RunningServer;
const contexts: BrowserContext[] = [];
const ids: Record<string, string> = {};

async function adminToken(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

async function setRelations(userId: string, relations: unknown[]) {
  const res = await fetch(`${server.url}/api/admin/users/${userId}/relations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
    body: JSON.stringify({ relations }),
  });
  if (!res.ok) throw new Error(`relations: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01'] },
    { username: 'jonas', displayName: 'Jonas Holm', role: 'konsulent', password: PW, institutionIds: ['DI-02'] },
    { username: 'kira', displayName: 'Kira Berg', role: 'konsulent', password: PW, institutionIds: ['DI-02'] },
  ]);
  const { users } = (await (await fetch(`${server.url}/api/admin/users`, { headers: { authorization: `Bearer ${await adminToken()}` } })).json()) as { users: { id: string; username: string }[] };
  for (const u of users) ids[u.username] = u.id;
  // The demo consultant is attached to Agerhønen and Kira is related to it: neither may be the second rater.
  await setRelations(ids.konsulent!, [{ institutionId: 'DI-01', kind: 'tilknyttet_konsulent' }]);
  await setRelations(ids.kira!, [{ institutionId: 'DI-01', kind: 'personlig' }]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

/** The dobbeltscoring rows on this device, read straight from IndexedDB. */
const doubleScoringsOn = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('tilsyn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('dobbeltscoringer', 'readonly').objectStore('dobbeltscoringer').getAll();
          req.onsuccess = () => {
            resolve(req.result as Record<string, unknown>[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

describe('hand-picking a visit for double scoring', () => {
  it('forvaltning picks a planned visit and an impartial second rater with a reason; the server refuses at the field; the second rater receives it on sync', async () => {
    // Double scoring is off (the default): Mette's planned visit is not drawn.
    const mette = await openAppAs(server.url, 'mette', PW, contexts);
    await mette.goto(`${server.url}/#/`);
    await mette.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await mette.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await mette.getByLabel('Dato for besøget').fill('15.06.2027');
    await mette.getByRole('button', { name: 'Start tilsyn' }).click();
    await mette.getByTestId('progress').waitFor();
    const inspectionUrl = mette.url();
    const inspectionId = inspectionUrl.split('/').pop()!;
    await syncNow(mette);
    expect(await doubleScoringsOn(mette)).toEqual([]);

    const admin = await openAppAs(server.url, 'admin', ADMIN_PASSWORD, contexts);
    await admin.goto(`${server.url}/#/kalibrering`);
    await admin.getByRole('heading', { name: 'Kalibrering', level: 1 }).waitFor();
    const form = admin.getByTestId('hand-pick');
    await form.getByText('Vælg et tilsyn til dobbeltscoring', { exact: true }).click();
    const visit = form.getByLabel('Tilsyn', { exact: true });
    const rater = form.getByLabel('Anden bedømmer');
    const reason = form.getByLabel('Begrundelse');

    // Nothing chosen: the missing visit is named at its field, and the focus goes there.
    await form.getByRole('button', { name: 'Udvælg til dobbeltscoring' }).click();
    expect(await visit.getAttribute('aria-invalid')).toBe('true');
    expect(await form.innerText()).toContain('Vælg et tilsyn');
    expect(await visit.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await rater.isDisabled()).toBe(true);

    // By keyboard: choose Mette's visit in the list.
    const label = 'Agerhønen, 15.06.2027 (Mette Kjær)';
    const options = await visit.locator('option').allInnerTexts();
    expect(options).toContain(label);
    for (let i = 0; i < options.indexOf(label); i++) await admin.keyboard.press('ArrowDown');
    expect(await visit.inputValue()).toBe(inspectionId);
    // The shared rule: Jonas only (Mette is on the visit, Kira and the demo consultant have relations, admin is not a konsulent).
    expect(await rater.locator('option').allInnerTexts()).toEqual(['Vælg en konsulent', 'Jonas Holm']);
    await admin.keyboard.press('Tab');
    expect(await rater.evaluate((el) => el === document.activeElement)).toBe(true);
    await admin.keyboard.press('ArrowDown');
    expect(await rater.inputValue()).toBe(ids.jonas);
    await reason.focus();
    await admin.keyboard.type('kort');
    await admin.keyboard.press('Tab');
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe('Udvælg til dobbeltscoring');
    await admin.keyboard.press('Enter');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await form.innerText()).toContain('Skriv en begrundelse på mindst 10 tegn');
    await reason.fill('Nyt hus og nye rutiner: et godt besøg at kalibrere på');

    // Meanwhile Jonas declares a relation to Agerhønen: the server judges again and refuses at the rater field.
    await setRelations(ids.jonas!, [{ institutionId: 'DI-01', kind: 'personlig' }]);
    await form.getByRole('button', { name: 'Udvælg til dobbeltscoring' }).click();
    await form.getByText('Den valgte konsulent har en relation til institutionen, der giver inhabilitet').waitFor();
    expect(await rater.getAttribute('aria-invalid')).toBe('true');
    const described = (await rater.getAttribute('aria-describedby'))!.split(' ');
    expect(described).toContain(await form.getByText('Den valgte konsulent har en relation').getAttribute('id'));
    expect(described).toContain(await form.getByText('Kun aktive konsulenter, der ikke er på tilsynet').getAttribute('id'));
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, '62-haandplukket-afvist');

    // The relation ended: now the pick goes through.
    await setRelations(ids.jonas!, []);
    await form.getByRole('button', { name: 'Udvælg til dobbeltscoring' }).click();
    await admin.getByText(`${label} dobbeltscores nu med Jonas Holm som anden bedømmer`, { exact: false }).waitFor();
    expect(await visit.locator('option').allInnerTexts()).not.toContain(label);
    expect(await seriousViolations(admin)).toEqual([]);

    // Jonas receives the visit and its double scoring at his next sync, marked hand-picked.
    const jonas = await openAppAs(server.url, 'jonas', PW, contexts);
    expect(await doubleScoringsOn(jonas)).toEqual([expect.objectContaining({ inspectionId, raterIds: [ids.mette, ids.jonas], selection: 'haandplukket' })]);
    await jonas.goto(inspectionUrl);
    await jonas.getByTestId('double-scoring').waitFor();
    expect(await jonas.getByTestId('double-scoring').innerText()).toContain('Mette Kjær og Jonas Holm');
    // And Mette at hers.
    await syncNow(mette);
    expect(await doubleScoringsOn(mette)).toHaveLength(1);
  });
});
