import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { uuidv7 } from '../../shared/ids';
import { ADMIN_PASSWORD, createUsers, openAppAs } from './support/accounts';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { syncNow } from './support/accounts';

/*
 * § 5 a stk. 2 (LAW.md R1.7), in the leder's own app: a planned unannounced visit to their
 * institution is nowhere on their screens (overview, institution page, follow-up) nor in their
 * local database until the consultant sends the report to høring.
 */

const PW = 'lederens-kode-2026';
const INST = 'DI-77';
let server: RunningServer;
const contexts: BrowserContext[] = [];
let page: Page;
let konsulent: string;
const visitId = uuidv7();

async function token(username: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function push(fields: Record<string, unknown>, baseRev: number): Promise<number> {
  const res = await fetch(`${server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${konsulent}` },
    body: JSON.stringify({ clientId: 'konsulentens-pc', mutations: [{ mutationId: uuidv7(), recordType: 'inspection', recordId: visitId, baseRev, fields }] }),
  });
  const body = (await res.json()) as { results: { status: string; rev: number }[] };
  if (body.results[0]!.status !== 'applied') throw new Error(JSON.stringify(body));
  return body.results[0]!.rev;
}

beforeAll(async () => {
  server = await startServer();
  const admin = await token('admin', ADMIN_PASSWORD);
  const res = await fetch(`${server.url}/api/admin/institutions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ id: INST, name: 'Børnehuset Uglen', type: 'integreret', ownership: 'kommunal', children0to2: 12, children3to5: 30 }),
  });
  if (!res.ok) throw new Error(await res.text());
  await createUsers(server.url, [
    { username: 'lis', displayName: 'Lis Leder', role: 'leder', password: PW, institutionIds: [INST] },
    { username: 'kim', displayName: 'Kim Konsulent', role: 'konsulent', password: PW, institutionIds: [INST] },
  ]);
  konsulent = await token('kim', PW);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.stop();
});

async function inspectionsInLocalDatabase(): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('tilsyn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('inspections').objectStore('inspections').count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

async function expectNoTraceOnScreens() {
  for (const [route, heading] of [
    ['#/overblik', 'Overblik'],
    [`#/institution/${INST}`, 'Børnehuset Uglen'],
    ['#/opfoelgning', 'Opfølgning'],
  ] as const) {
    await page.goto(`${server.url}/${route}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    const html = await page.content();
    for (const marker of [visitId, 'Ulla Uanmeldt', '19. januar 2027', '2027-01-19', 'Uanmeldt']) expect(html, `${route}: ${marker}`).not.toContain(marker);
  }
  expect(await inspectionsInLocalDatabase()).toBe(0);
}

describe('a planned unannounced visit never reaches the leder before høring', () => {
  it('is absent from the leder’s screens and database while planned, in progress and a draft, and arrives at høring', async () => {
    let rev = await push(
      { institutionId: INST, frameworkId: 'v1', visitType: 'uanmeldt', kind: 'ordinaer', date: '2027-01-19', consultants: ['Ulla Uanmeldt'], participants: [], status: 'planlagt' },
      0,
    );
    page = await openAppAs(server.url, 'lis', PW, contexts);
    await expectNoTraceOnScreens();
    await screenshot(page, 'uanmeldt-skjult-for-leder');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    for (const status of ['i_gang', 'udkast']) {
      rev = await push({ status }, rev);
      await syncNow(page);
      await expectNoTraceOnScreens();
    }

    await push({ status: 'i_hoering' }, rev);
    await syncNow(page);
    expect(await inspectionsInLocalDatabase()).toBe(1);
    await page.goto(`${server.url}/#/institution/${INST}`);
    await page.getByRole('heading', { name: 'Børnehuset Uglen', level: 1 }).waitFor();
    await page.getByText('I høring').first().waitFor();
  });
});
