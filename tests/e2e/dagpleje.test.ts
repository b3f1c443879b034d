import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatDanishDate, monthsBefore, todayIso } from '../../shared/dates';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import { RAMME_SECTIONS } from '../../shared/tilsynsramme';
import { ADMIN_PASSWORD, createUsers, openAppAs } from './support/accounts';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

/*
 * A dagpleje's visits in one combined report (R1.2), and the dashboard's announced/unannounced mix
 * with the warning from the tilsynsramme's cycle (R1.7), in the consultant's app against a server.
 */

const PW = 'konsulentens-kode-2026';
const DP = 'DP-01';
let server: RunningServer;
const contexts: BrowserContext[] = [];
let page: Page;
const today = todayIso();
const announcedDate = monthsBefore(today, 2);
const unannouncedDate = monthsBefore(today, 14);

async function token(username: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

async function call(tokenValue: string, method: string, url: string, body: unknown) {
  const res = await fetch(`${server.url}${url}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenValue}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** A final visit to the dagpleje with one theme score and one anbefaling, pushed as a consultant's device would. */
async function finalVisit(k: string, visitType: 'anmeldt' | 'uanmeldt', date: string, step: number, anbefaling: string) {
  const id = uuidv7();
  const push = async (recordType: string, recordId: string, baseRev: number, fields: Record<string, unknown>) => {
    const body = (await call(k, 'POST', '/api/sync/push', { clientId: 'kims-baerbare-pc', mutations: [{ mutationId: uuidv7(), recordType, recordId, baseRev, fields }] })) as { results: { status: string; rev: number }[] };
    if (body.results[0]!.status !== 'applied') throw new Error(JSON.stringify(body));
    return body.results[0]!.rev;
  };
  let rev = await push('inspection', id, 0, { institutionId: DP, frameworkId: 'v1', visitType, kind: 'ordinaer', date, consultants: ['Kim Konsulent'], participants: [], status: 'i_gang' });
  await push('themeScore', themeScoreId(id, 'leg'), 0, { inspectionId: id, themeId: 'leg', step });
  await push('anbefaling', `${id}:a`, 0, { inspectionId: id, themeId: 'leg', text: anbefaling, createdAt: `${date}T10:00:00Z` });
  for (const status of ['udkast', 'i_hoering']) rev = await push('inspection', id, rev, { status });
  // This test is about the combined report: finalising states why no observation is recorded.
  await push('inspection', id, rev, { status: 'endelig', evidenceReason: 'Besøget er lagt ind til testen af den samlede rapport', concernLevel: 'ingen' });
}

beforeAll(async () => {
  server = await startServer();
  const admin = await token('admin', ADMIN_PASSWORD);
  await call(admin, 'POST', '/api/admin/institutions', { id: DP, name: 'Dagplejen Nord', type: 'dagpleje', unitType: 'dagpleje', ownership: 'kommunal', children0to2: 60, children3to5: 0 });
  await call(admin, 'POST', '/api/admin/institutions', { id: 'DI-02', name: 'Børnehuset Mågen', type: 'integreret', ownership: 'kommunal', children0to2: 10, children3to5: 30 });
  await call(admin, 'POST', '/api/admin/institutions', { id: 'DI-02A', name: 'Mågen, afdeling Skoven', type: 'børnehave', unitType: 'enhed', parentInstitutionId: 'DI-02', ownership: 'kommunal', children0to2: 0, children3to5: 20 });
  const ramme = await call(admin, 'POST', '/api/admin/tilsynsrammer', {
    title: 'Tilsynsramme',
    sections: Object.fromEntries(RAMME_SECTIONS.map((s) => [s, `Tekst om ${s}`])),
    approvedOn: '2022-03-15',
    approvedBy: 'Børneudvalget',
    publicUrl: 'https://kommune.example.dk/tilsyn',
    inForceFrom: '2022-05-01',
    rules: { unannouncedCycleMonths: 12 },
  });
  await call(admin, 'PATCH', `/api/admin/tilsynsrammer/${String(ramme.id)}`, { status: 'gaeldende' });
  await createUsers(server.url, [{ username: 'kim', displayName: 'Kim Konsulent', role: 'konsulent', password: PW, institutionIds: [DP, 'DI-02', 'DI-02A'] }]);
  const k = await token('kim', PW);
  await finalVisit(k, 'anmeldt', announcedDate, 2, 'Mere tid til leg ude');
  await finalVisit(k, 'uanmeldt', unannouncedDate, 4, 'Del legestuens gode erfaringer');
  page = await openAppAs(server.url, 'kim', PW, contexts);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.stop();
});

describe('units as the law counts them, and the visit mix', () => {
  it('the dashboard shows the mix and warns where the ramme’s 12-month cycle has no unannounced visit', async () => {
    await page.goto(`${server.url}/#/overblik`);
    const section = page.getByTestId('visit-mix');
    await section.getByRole('heading', { name: 'Anmeldte og uanmeldte besøg' }).waitFor();
    await section.getByText('Tilsynsrammen kræver mindst ét uanmeldt besøg hver 12 måneder.').waitFor();
    const warnings = page.getByTestId('unannounced-warnings');
    // The dagpleje's unannounced visit is 14 months old; the two others never had one.
    await warnings.getByRole('row', { name: `Dagplejen Nord ${formatDanishDate(unannouncedDate)}` }).waitFor();
    expect(await warnings.locator('tbody tr').count()).toBe(3);
    expect(await section.getByRole('heading', { level: 3 }).first().innerText()).toBe('3 uden uanmeldt besøg i 12 måneder');
    const years = (await page.getByTestId('visit-mix-years').locator('tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const expected = unannouncedDate.slice(0, 4) === announcedDate.slice(0, 4) ? [`${announcedDate.slice(0, 4)} 1 1`] : [`${unannouncedDate.slice(0, 4)} 0 1`, `${announcedDate.slice(0, 4)} 1 0`];
    expect(years).toEqual(expected);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'overblik-anmeldt-uanmeldt');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('a dagpleje’s visits make one combined report, without the single visits', async () => {
    await page.goto(`${server.url}/#/institution/${DP}`);
    await page.getByRole('link', { name: 'Samlet rapport for dagplejen' }).click();
    await page.getByRole('heading', { name: 'Samlet tilsynsrapport: Dagplejen Nord', level: 1 }).waitFor();
    expect(await page.getByTestId('dagpleje-summary').innerText()).toContain('2 endelige besøg, heraf 1 uanmeldte');
    const leg = (await page.getByTestId('dagpleje-themes').getByRole('row', { name: /^Leg/ }).innerText()).replace(/\s+/g, ' ').trim();
    expect(leg).toBe('Leg 3,00 0 1 0 1 0');
    await page.getByText('Mere tid til leg ude').waitFor();
    await page.getByText('Del legestuens gode erfaringer').waitFor();
    const body = await page.locator('article').innerText();
    expect(body).not.toContain(formatDanishDate(announcedDate));
    await screenshot(page, 'dagpleje-samlet-rapport');
    expect(await seriousViolations(page)).toEqual([]);
    // An enhed is not a dagpleje: no combined report.
    await page.goto(`${server.url}/#/institution/DI-02A`);
    await page.getByRole('heading', { name: 'Mågen, afdeling Skoven', level: 1 }).waitFor();
    expect(await page.getByTestId('unit-type').innerText()).toBe('Enhed i en institution med flere enheder (§ 19 stk. 6) under Børnehuset Mågen');
    expect(await page.getByRole('link', { name: 'Samlet rapport for dagplejen' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
