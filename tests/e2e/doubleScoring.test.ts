import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { ADMIN_PASSWORD, createUsers, openAppAs, syncNow } from './support/accounts';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * Issue 16 part A in the browser: a planned visit is drawn for double scoring when it first reaches
 * the server; the two raters score blind and offline, seal, and neither device holds the other's set
 * before both are sealed (read from IndexedDB, not only from the screen); then the consensus is the
 * official score, and the leder's device holds only that.
 */
const PW = 'en-lang-kode-2026';
let server: RunningServer;
const contexts: BrowserContext[] = [];
let jonasId = '';

async function adminToken(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

async function adminCall(method: string, path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01'] },
    // Jonas works elsewhere: drawn as second rater, he is linked to Agerhønen by the server.
    { username: 'jonas', displayName: 'Jonas Holm', role: 'konsulent', password: PW, institutionIds: ['DI-02'] },
    { username: 'leder1', displayName: 'Lone Leder', role: 'leder', password: PW, institutionIds: ['DI-01'] },
  ]);
  // The demo consultant is attached to every institution: not impartial, so never the second rater.
  const { users } = (await (await fetch(`${server.url}/api/admin/users`, { headers: { authorization: `Bearer ${await adminToken()}` } })).json()) as { users: { id: string; username: string }[] };
  const demo = users.find((u) => u.username === 'konsulent')!;
  jonasId = users.find((u) => u.username === 'jonas')!.id;
  await adminCall('POST', `/api/admin/users/${demo.id}/relations`, { relations: [{ institutionId: 'DI-01', kind: 'tilknyttet_konsulent' }] });
  await adminCall('PATCH', '/api/calibration/settings', { enabled: true, share: 0.15, minPerConsultant: 2 });
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

const appFor = (username: string): Promise<Page> => openAppAs(server.url, username, PW, contexts);

/** The rows of one IndexedDB store on this device, read straight from the database. */
const storeRows = (page: Page, store: string) =>
  page.evaluate(
    (name) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('tilsyn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => {
            resolve(req.result as Record<string, unknown>[]);
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );

const raterIdsIn = async (page: Page) => (await storeRows(page, 'uafhaengigeScorer')).map((r) => String(r.raterId)).sort();

/** Keys 1–4 on a theme's step group, as in normal scoring. */
async function scoreByKeys(page: Page, steps: Record<string, number>) {
  for (const [theme, step] of Object.entries(steps)) {
    await page.getByTestId(`${theme}-step-1`).focus();
    await page.keyboard.press(String(step));
    await page.waitForFunction(([t, s]) => (document.querySelector(`[data-testid="${t}-step-${s}"]`) as HTMLInputElement | null)?.checked === true, [theme, step] as const);
  }
}

async function seal(page: Page) {
  await page.getByRole('button', { name: 'Forsegl mine scorer' }).click();
  await page.getByRole('button', { name: 'Ja, forsegl' }).click();
  await page.getByTestId('sealed-waiting').waitFor();
}

async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

const ALL = FRAMEWORK_V1.themes.map((t) => t.id);
const METTE = Object.fromEntries(ALL.map((t) => [t, 3])) as Record<string, number>;
const JONAS = { ...METTE, leg: 4, overgange: 2 };

describe('double scoring: blind, sealed, then consensus', () => {
  it('two consultants score offline, neither device holds the other set before both sealed, the consensus becomes the official score, the leder holds only that', async () => {
    const mette = await appFor('mette');
    const jonas = await appFor('jonas');

    // Mette plans a visit (a date ahead): the server draws it when it first arrives.
    await mette.goto(`${server.url}/#/`);
    await mette.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await mette.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await mette.getByLabel('Dato for besøget').fill('15.06.2027');
    await mette.getByRole('button', { name: 'Start tilsyn' }).click();
    await mette.getByTestId('progress').waitFor();
    const inspectionUrl = mette.url();
    const id = inspectionUrl.split('/').pop()!;
    const officialSteps = async (page: Page) => (await storeRows(page, 'themeScores')).filter((s) => s.inspectionId === id).map((s) => s.step);
    await syncNow(mette);
    await syncNow(mette);
    await syncNow(jonas);

    for (const page of [mette, jonas]) {
      await page.goto(inspectionUrl);
      await page.getByTestId('double-scoring').waitFor();
      expect(await page.getByTestId('double-scoring').innerText()).toContain('Mette Kjær og Jonas Holm');
    }
    // The fokuspunkt notes are shared: their supporting steps wait for both seals.
    expect(await mette.locator('#fp-step-leg-tid').evaluate((el) => (el as HTMLSelectElement).disabled)).toBe(true);
    expect(await axeProblems(mette)).toEqual([]);
    await screenshot(mette, '60-dobbeltscoring-blind');

    // Both score offline, each in their own set.
    await mette.context().setOffline(true);
    await jonas.context().setOffline(true);
    await scoreByKeys(mette, METTE);
    await scoreByKeys(jonas, JONAS);
    await seal(mette);
    // The official score carries no rater's step before the consensus.
    expect((await officialSteps(mette)).filter((s) => s !== null)).toEqual([]);

    // Mette syncs her sealed set; Jonas (not sealed yet) syncs: his device never receives hers.
    await mette.context().setOffline(false);
    await syncNow(mette);
    await jonas.context().setOffline(false);
    await syncNow(jonas);
    expect(await raterIdsIn(jonas)).toEqual([jonasId]);
    await jonas.goto(inspectionUrl);
    await jonas.getByTestId('blind-progress').waitFor();
    expect(await jonas.getByTestId('leg-step-4').isChecked()).toBe(true);
    expect(await mette.getByTestId('double-scoring').count()).toBe(0); // Mette's page is the sync page now
    expect((await raterIdsIn(mette)).length).toBe(1);

    // Jonas seals and syncs: both sets are revealed to both raters.
    await seal(jonas);
    await syncNow(jonas);
    await syncNow(mette);
    for (const page of [mette, jonas]) expect((await raterIdsIn(page)).length).toBe(2);

    // Consensus side by side: where they differ, a reason with the step.
    await mette.goto(inspectionUrl);
    await mette.getByRole('heading', { name: 'Konsensus pr. tema' }).waitFor();
    expect(await mette.getByTestId('consensus-leg-mine').innerText()).toBe('3');
    expect(await mette.locator('#fp-step-leg-tid').evaluate((el) => (el as HTMLSelectElement).disabled)).toBe(false);
    expect(await mette.getByTestId('consensus-leg-theirs').innerText()).toBe('4');
    expect(await axeProblems(mette)).toEqual([]);
    for (const theme of FRAMEWORK_V1.themes) {
      if (theme.id === 'leg' || theme.id === 'overgange') {
        await mette.getByLabel(`Begrundelse for konsensus om ${theme.name}`).fill('Vi så forskellige situationer; enige om trin 3 efter samtale.');
      }
      await mette.getByLabel(`Konsensus for ${theme.name}`, { exact: true }).selectOption('3');
      await mette.waitForFunction((id) => (document.querySelector(`[data-testid="${id}-step-3"]`) as HTMLInputElement | null)?.checked === true, theme.id);
    }
    await mette.getByText('I har nået konsensus om alle temaer').waitFor();
    await screenshot(mette, '61-dobbeltscoring-konsensus');
    // The consensus is the official step.
    expect(await officialSteps(mette)).toEqual(ALL.map(() => 3));

    await mette.getByRole('button', { name: 'Afslut udkast' }).click();
    await mette.getByRole('button', { name: 'Send til høring' }).click();
    await mette.getByTestId('inspection-status').filter({ hasText: 'I høring' }).waitFor();
    await syncNow(mette);

    // The leder sees the report with the consensus steps, and holds no set and no double scoring.
    const leder = await appFor('leder1');
    expect(await officialSteps(leder)).toEqual(ALL.map(() => 3));
    expect(await storeRows(leder, 'uafhaengigeScorer')).toEqual([]);
    expect(await storeRows(leder, 'dobbeltscoringer')).toEqual([]);
    await leder.goto(inspectionUrl);
    await leder.getByRole('link', { name: 'Se rapporten' }).waitFor();
    expect(await leder.getByTestId('double-scoring').count()).toBe(0);
  });
});
