import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatNumericDate, todayIso } from '../../shared/dates';
import { THEME_IDS, type ThemeId } from '../../shared/framework';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import { screenshot } from './support/browser';
import { createUsers, openAppAs, syncNow } from './support/accounts';
import { waitSaved } from './support/app';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

/**
 * After the visit (issue 13 B): the consultant gives a påbud its concrete instruction, finalises with
 * alvorlig bekymring, and the handleplan is made; it cannot be set going without the date of the
 * dialogue with the leder. The institution's leder sees the plan and its checkpoints; the overdue
 * påbud is flagged on the dashboard for the skærpet-tilsyn decision.
 *
 * The scores and the reason the visit has no observations (issue 12's finalising rule) are sent
 * through the sync API first, so the test is about what comes after the visit.
 */

const PW = 'en-lang-kode-2026';
const PAABUD = 'Flugtvejen fra puderummet skal holdes fri.';
let server: RunningServer;
const contexts: BrowserContext[] = [];
let mette: Page;
let lone: Page;
let inspectionId = '';

const daysFromToday = (n: number) => {
  const d = new Date(`${todayIso()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function token(username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PW }) });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01'] },
    { username: 'lone', displayName: 'Lone Leder', role: 'leder', password: PW, institutionIds: ['DI-01'] },
  ]);
  // The visit itself: an inspection of Agerhønen with every theme scored, pushed as the consultant.
  inspectionId = uuidv7();
  const mutation = (recordType: string, recordId: string, baseRev: number, fields: Record<string, unknown>) => ({ mutationId: uuidv7(), recordType, recordId, baseRev, fields });
  const res = await fetch(`${server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('mette')}` },
    body: JSON.stringify({
      clientId: 'e2e-seed-client',
      mutations: [
        mutation('inspection', inspectionId, 0, {
          institutionId: 'DI-01', frameworkId: FRAMEWORK_V1.id, visitType: 'uanmeldt', kind: 'ordinaer', date: todayIso(), consultants: ['Mette Kjær'], participants: ['Pædagogisk leder'], status: 'i_gang',
          evidenceReason: 'Testen handler om opfølgningen efter besøget',
        }),
        ...THEME_IDS.map((t: ThemeId, i) => mutation('themeScore', themeScoreId(inspectionId, t), 0, { inspectionId, themeId: t, step: i === 1 ? 1 : 2 })),
      ],
    }),
  });
  if (!res.ok) throw new Error(`seed: ${res.status} ${await res.text()}`);
  mette = await openAppAs(server.url, 'mette', PW, contexts);
  lone = await openAppAs(server.url, 'lone', PW, contexts);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

const status = (page: Page) => page.getByTestId('inspection-status');

describe('skærpet tilsyn and handleplan after a final report with alvorlig bekymring', () => {
  it('a påbud needs owner, deadline, action and verification before the draft is complete', async () => {
    await mette.goto(`${server.url}/#/tilsyn/${encodeURIComponent(inspectionId)}`);
    await mette.getByTestId('progress').waitFor();
    const rammer = mette.locator('#tema-fysiske-rammer');
    await rammer.getByRole('button', { name: '+ Tilføj påbud' }).click();
    await rammer.getByLabel('Påbud 1', { exact: true }).fill(PAABUD);
    await waitSaved(mette);
    await mette.getByText('Påbud under Fysiske rammer og indretning: angiv ansvarlig, frist, konkret handling og efterprøvning').waitFor();
    await rammer.getByLabel('Ansvarlig for påbud 1').selectOption('leder');
    // A deadline that has already passed, so the påbud is overdue at once.
    await rammer.getByLabel('Frist for påbud 1').fill(formatNumericDate(daysFromToday(-1)));
    await rammer.getByLabel('Efterprøves ved (påbud 1)').selectOption('uanmeldt_besoeg');
    await rammer.getByLabel('Konkret handling for påbud 1').fill('Flyt reolen fra døren og kontrollér dagligt.');
    await waitSaved(mette);
    await mette.getByText('Alle temaer er vurderet.').waitFor();
    expect(await seriousViolations(mette)).toEqual([]);
    await screenshot(mette, '60-paabud-med-anvisning');
  });

  it('the consultant finalises with alvorlig bekymring (the level is required); a case and a draft handleplan are made', async () => {
    await mette.getByRole('button', { name: 'Afslut udkast' }).click();
    await expect.poll(() => status(mette).innerText()).toBe('Udkast');
    await mette.getByRole('button', { name: 'Send til høring' }).click();
    await expect.poll(() => status(mette).innerText()).toBe('I høring');
    await mette.getByRole('button', { name: 'Gør endelig' }).click();
    await mette.getByRole('button', { name: 'Ja, gør endelig' }).click();
    await mette.getByText('Vælg om tilsynet giver anledning til ingen bekymring, bekymring eller alvorlig bekymring').waitFor();
    expect(await status(mette).innerText()).toBe('I høring');
    expect(await seriousViolations(mette)).toEqual([]);
    await mette.getByRole('radio', { name: 'Alvorlig bekymring' }).check();
    await mette.getByRole('button', { name: 'Ja, gør endelig' }).click();
    await expect.poll(() => status(mette).innerText()).toBe('Endelig');
    await mette.getByRole('link', { name: 'Skærpet tilsyn og handleplan' }).click();
    await mette.getByRole('heading', { name: 'Skærpet tilsyn: Agerhønen' }).waitFor();
    expect(await mette.getByTestId('handleplan-status').innerText()).toBe('Udkast');
    expect(await mette.getByTestId('case-facts').innerText()).toContain('Mette Kjær');
  });

  it('the handleplan cannot be set going without the date of the dialogue with the leder', async () => {
    await mette.getByLabel('Ny handling').fill('Fast morgenplan: en voksen ved garderoben fra kl. 7.');
    await mette.getByRole('button', { name: 'Tilføj handling' }).click();
    await mette.getByTestId('plan-actions').getByText('Fast morgenplan').waitFor();
    await mette.getByLabel('Dato for opfølgning').fill(formatNumericDate(daysFromToday(14)));
    await mette.getByLabel('Slags opfølgning').selectOption('uanmeldt_besoeg');
    // Fast typing: the first checkpoint's save is held back (another connection keeps the store
    // busy) while the next date is typed; the form cleared at once, so the typed date survives the
    // first save's completion and becomes the second checkpoint.
    const hold = await holdStore(mette, 'handleplaner', 1500);
    await mette.getByRole('button', { name: 'Tilføj opfølgningspunkt' }).click();
    expect(await mette.getByLabel('Dato for opfølgning').inputValue()).toBe('');
    await mette.getByLabel('Dato for opfølgning').pressSequentially(formatNumericDate(daysFromToday(42)), { delay: 20 });
    await hold.released;
    await expect.poll(() => mette.getByTestId('plan-checkpoints').locator('tbody tr').count()).toBe(1);
    expect(await mette.getByLabel('Dato for opfølgning').inputValue()).toBe(formatNumericDate(daysFromToday(42)));
    await mette.getByLabel('Slags opfølgning').selectOption('anmeldt_besoeg');
    await mette.getByRole('button', { name: 'Tilføj opfølgningspunkt' }).click();
    await expect.poll(() => mette.getByTestId('plan-checkpoints').locator('tbody tr').count()).toBe(2);

    await mette.getByRole('button', { name: 'Sæt handleplanen i gang' }).click();
    await mette.locator('#plan-error', { hasText: 'Handleplanen kan ikke sættes i gang uden datoen for dialogen med lederen' }).waitFor();
    expect(await mette.getByTestId('handleplan-status').innerText()).toBe('Udkast');

    await mette.getByLabel('Dato for dialogen med lederen om handleplanen').fill(formatNumericDate(todayIso()));
    await mette.getByLabel('Forældrebestyrelsen orienteret den').fill(formatNumericDate(todayIso()));
    await waitSaved(mette);
    await mette.getByRole('button', { name: 'Sæt handleplanen i gang' }).click();
    await expect.poll(() => mette.getByTestId('handleplan-status').innerText()).toBe('Aktiv');
    expect(await seriousViolations(mette)).toEqual([]);
    await screenshot(mette, '61-handleplan-konsulent');
    await syncNow(mette);
  });

  it('the institution’s leder sees the case, the handleplan and its checkpoints, read-only', async () => {
    await syncNow(lone);
    await lone.goto(`${server.url}/#/institution/DI-01`);
    const cases = lone.getByTestId('institution-cases');
    await cases.waitFor();
    expect(await cases.getByTestId('case-row').count()).toBe(1);
    expect(await cases.innerText()).toContain('Alvorlig bekymring');
    await cases.getByRole('link', { name: /Åbn skærpet tilsyn/ }).click();
    await lone.getByTestId('handleplan').waitFor();
    expect(await lone.getByTestId('handleplan-status').innerText()).toBe('Aktiv');
    const checkpoints = lone.getByTestId('plan-checkpoints');
    expect(await checkpoints.locator('tbody tr').count()).toBe(2);
    const text = await checkpoints.innerText();
    expect(text).toContain('Uanmeldt opfølgningsbesøg');
    expect(text).toContain('Anmeldt opfølgningsbesøg');
    expect(await lone.getByTestId('plan-actions').innerText()).toContain('Fast morgenplan');
    // Read-only: no buttons that change the plan.
    expect(await lone.getByRole('button', { name: 'Sæt handleplanen i gang' }).count()).toBe(0);
    expect(await lone.getByRole('button', { name: 'Tilføj handling' }).count()).toBe(0);
    expect(await lone.getByLabel('Ny handling').count()).toBe(0);
    expect(await seriousViolations(lone)).toEqual([]);
    await screenshot(lone, '62-handleplan-leder');
  });

  it('the overdue påbud is flagged: on the leder’s follow-up and on the dashboard for the skærpet-tilsyn decision', async () => {
    await lone.goto(`${server.url}/#/opfoelgning`);
    const item = lone.getByTestId('followup-item').filter({ hasText: PAABUD });
    await item.waitFor();
    expect(await item.getByTestId('paabud-overdue').innerText()).toContain('Påbud over fristen');
    // The leder moves the deadline: the change is kept in the item's history.
    await item.getByLabel('Frist').fill(formatNumericDate(daysFromToday(7)));
    await waitSaved(lone);
    await item.getByTestId('followup-history').waitFor();
    expect(await item.getByTestId('followup-history').innerText()).toContain('Ændringer efter rapporten (1)');
    expect(await item.getByTestId('paabud-overdue').count()).toBe(0);
    // Back to the deadline the consultant set, for the dashboard below.
    await item.getByLabel('Frist').fill(formatNumericDate(daysFromToday(-1)));
    await waitSaved(lone);
    await expect.poll(async () => (await item.getByTestId('followup-history').innerText()).includes('(2)')).toBe(true);
    await syncNow(lone);

    await syncNow(mette);
    await mette.goto(`${server.url}/#/overblik`);
    const overview = mette.getByTestId('skaerpet-overview');
    await overview.waitFor();
    const flags = overview.getByTestId('paabud-flags');
    expect(await flags.innerText()).toContain('Agerhønen: 1 påbud over fristen');
    expect(await flags.innerText()).toContain('Skærpet tilsyn er åbent');
    expect(await overview.getByTestId('case-row').count()).toBe(1);
    expect(await overview.getByTestId('case-row').innerText()).toContain('Uanmeldt opfølgningsbesøg');
    expect(await seriousViolations(mette)).toEqual([]);
    await overview.scrollIntoViewIfNeeded();
    await screenshot(mette, '63-overblik-skaerpet');
  });
});

/**
 * Keep a readwrite transaction on the app's `store` open for `ms` from a second connection, so the
 * app's own write to it waits (IndexedDB runs overlapping readwrite transactions one at a time).
 * Returns once the transaction has started, with a promise that settles when it is released.
 */
async function holdStore(page: Page, store: string, ms: number): Promise<{ released: Promise<void> }> {
  await page.evaluate(
    ({ store, ms }) =>
      new Promise<void>((started, failed) => {
        const w = window as unknown as { __held?: Promise<void> };
        w.__held = (async () => {
          for (const info of await indexedDB.databases()) {
            const db = await new Promise<IDBDatabase>((res, rej) => {
              const r = indexedDB.open(info.name!);
              r.onsuccess = () => res(r.result);
              r.onerror = () => rej(r.error);
            });
            if (!db.objectStoreNames.contains(store)) {
              db.close();
              continue;
            }
            const tx = db.transaction(store, 'readwrite');
            const until = Date.now() + ms;
            const complete = new Promise<void>((res) => (tx.oncomplete = () => res()));
            // Keep the transaction alive with one request after another until the time is up.
            const spin = () => {
              if (Date.now() < until) tx.objectStore(store).count().onsuccess = spin;
            };
            spin();
            started();
            await complete;
            db.close();
            return;
          }
          failed(new Error(`no database with the store ${store}`));
        })();
      }),
    { store, ms },
  );
  return { released: page.evaluate(() => (window as unknown as { __held?: Promise<void> }).__held) };
}
