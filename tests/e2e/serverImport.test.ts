import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, createUsers, openAppAs, syncNow } from './support/accounts';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/*
 * Issue 9's browser test: forvaltning imports the 40-institution fixture with its 2020–21 steps on
 * the server from one device; a konsulent and a leder on two other devices see the same
 * institutions and averages after a pull, and the server's API says the same: 2,40 and 2,60, n = 40.
 */

const PW = 'import-test-kode-2026';
const FIXTURE = readFileSync(path.resolve(import.meta.dirname, '../../examples/institutions.csv'), 'utf8');
let server: RunningServer;
const contexts: BrowserContext[] = [];
let admin: Page;
let konsulent: Page;

/** The fixture as Danish Excel saves it: Windows-1252 (æøå as single bytes), semicolons, CRLF. */
function danishExcelFile(): string {
  const text = FIXTURE.trim().split('\n').map((l) => l.split(',').join(';')).join('\r\n') + '\r\n';
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tilsyn-import-')), 'institutioner (semikolon).csv');
  writeFileSync(file, Uint8Array.from([...text].map((ch) => ch.charCodeAt(0))));
  return file;
}

async function adminToken(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  server = await startServer();
  admin = await openAppAs(server.url, 'admin', ADMIN_PASSWORD, contexts);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.stop();
});

describe('import on the server, seen by every device', () => {
  it('forvaltning previews the Windows-1252 fixture with a dry run, then imports it on the server', async () => {
    await admin.goto(`${server.url}/#/import`);
    await admin.getByText('Filen importeres på kommunens server').waitFor();
    await admin.getByLabel('Vælg en CSV-fil').setInputFiles(danishExcelFile());
    await admin.getByTestId('import-summary').waitFor();
    expect(await text(admin, 'import-summary')).toBe('40 institutioner: 40 nye og 0 findes allerede og opdateres (deres distrikt bevares).');
    // The dry run stored nothing.
    const token = await adminToken();
    const before = (await (await fetch(`${server.url}/api/admin/institutions`, { headers: { authorization: `Bearer ${token}` } })).json()) as { institutions: unknown[] };
    expect(before.institutions).toHaveLength(0);

    await admin.getByLabel('Importér også trinene T1–T7 (runden 2020–21) som endelige tilsyn').check();
    await admin.getByLabel('Dato for tilsynene').fill('30.06.2021');
    await admin.getByRole('button', { name: 'Importér' }).click();
    await admin.getByText('40 nye og 0 opdaterede institutioner er importeret på serveren. 40 endelige tilsyn med trinene fra filen er importeret.').waitFor();
    await screenshot(admin, 'server-import-klar');

    const avg = (await (await fetch(`${server.url}/api/stats/theme-averages`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      periods: { key: string; themes: Record<string, { mean: number; sum: number; n: number }> }[];
    };
    const y2021 = avg.periods.find((p) => p.key === '2021')!;
    expect(y2021.themes['paedagogisk-organisering']).toMatchObject({ mean: 2.4, sum: 96, n: 40 });
    expect(y2021.themes['boernenes-kompetencer']).toMatchObject({ mean: 2.6, sum: 104, n: 40 });
    const bi = (await (await fetch(`${server.url}/api/export/theme-scores?from=2021-01-01&to=2021-12-31`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };
    expect(bi.total).toBe(280);
  });

  it('a konsulent on a second device sees the 40 institutions and 2,40 / 2,60 with n = 40 after a pull', async () => {
    const ids = Array.from({ length: 40 }, (_, k) => `DI-${String(k + 1).padStart(2, '0')}`);
    await createUsers(server.url, [
      { username: 'konsulent', displayName: 'Karen Konsulent', role: 'konsulent', password: PW, institutionIds: ids },
      { username: 'leder', displayName: 'Lars Leder', role: 'leder', password: PW, institutionIds: ['DI-01'] },
    ]);
    konsulent = await openAppAs(server.url, 'konsulent', PW, contexts);
    await konsulent.goto(`${server.url}/#/overblik`);
    await konsulent.getByTestId('avg-paedagogisk-organisering-2021').waitFor();
    expect(await text(konsulent, 'avg-paedagogisk-organisering-2021')).toBe('2,40 n = 40');
    expect(await text(konsulent, 'avg-boernenes-kompetencer-2021')).toBe('2,60 n = 40');
    // Computed from this computer's copy, and it says how fresh that copy is.
    expect(await text(konsulent, 'dashboard-synced')).toMatch(/^Beregnet ud fra computerens kopi, senest synkroniseret \d+\. \w+ \d{4}/);
    // An imported inspection says where it came from, and names no invented consultants.
    await konsulent.goto(`${server.url}/#/tilsyn/import-DI-01-2021-06-30`);
    await konsulent.getByTestId('inspection-imported').waitFor();
    expect(await text(konsulent, 'inspection-imported')).toMatch(/^Importeret fra institutioner \(semikolon\)\.csv af .+ den \d+\. \w+ \d{4}\.$/);
    expect(await konsulent.locator('main').innerText()).toContain('Konsulenter: importeret');
  });

  it('a leder of one imported institution on a third device sees it against the same municipal average', async () => {
    const leder = await openAppAs(server.url, 'leder', PW, contexts);
    await leder.goto(`${server.url}/#/overblik`);
    await leder.getByTestId('leder-institutions').waitFor();
    expect(await text(leder, 'leder-institutions')).toBe('Agerhønen');
    expect(await text(leder, 'year-municipal-paedagogisk-organisering-2021')).toBe('Kommunen: 2,40 (n = 40)');
    expect(await text(leder, 'year-municipal-boernenes-kompetencer-2021')).toBe('Kommunen: 2,60 (n = 40)');
    // A leder may not import: no link, and the page refuses.
    expect(await leder.getByRole('link', { name: 'Import', exact: true }).count()).toBe(0);
    await leder.goto(`${server.url}/#/import`);
    await leder.getByText('Kun forvaltningen kan importere').waitFor();
  });
});

describe('goals as data on the server', () => {
  it('forvaltning creates a goal in Administration; the konsulent’s dashboard shows it after a pull, thin data named; retiring it removes it', async () => {
    await admin.goto(`${server.url}/#/administration/maal`);
    await admin.getByRole('button', { name: 'Nyt mål' }).click();
    await admin.getByLabel('Titel').fill('Hæve den gennemsnitlige score på organisering fra 2,4 til 3,0');
    await admin.getByLabel('Tema').selectOption('paedagogisk-organisering');
    await admin.getByLabel('Baseline (gennemsnit 1–4)').fill('2.4');
    await admin.getByLabel('Baselineår').fill('2021');
    await admin.getByLabel('Mål (gennemsnit 1–4)').fill('3');
    await admin.getByLabel('Målår').fill('2027');
    await admin.getByRole('button', { name: 'Opret mål' }).click();
    await admin.getByTestId('admin-goals').getByText('Hæve den gennemsnitlige score på organisering fra 2,4 til 3,0').waitFor();
    await screenshot(admin, 'admin-maal');

    await syncNow(konsulent);
    await konsulent.goto(`${server.url}/#/overblik`);
    const card = konsulent.getByTestId('goal-paedagogisk-organisering');
    await card.waitFor();
    const cardText = (await card.innerText()).replace(/\s+/g, ' ');
    // Only the 2020–21 round is imported: the reading on today's 24 months has no inspections, so the status comes from 2021–22.
    expect(cardText).toContain('For få tilsyn (n = 0 af 40)');
    expect(cardText).toContain('Seneste (2021–22)');
    expect(cardText).toContain('I risiko');
    // The measured 2020–21 round (2,40) equals the stated baseline, so no "målt" beside it.
    expect(cardText).not.toContain('målt');
    await screenshot(konsulent, 'maal-for-faa-tilsyn');

    await admin.getByRole('button', { name: 'Træk tilbage: Hæve den gennemsnitlige score på organisering fra 2,4 til 3,0' }).click();
    await admin.getByTestId('admin-goals').getByText('Trukket tilbage').waitFor();
    await syncNow(konsulent);
    await konsulent.goto(`${server.url}/#/overblik`);
    await konsulent.getByTestId('avg-paedagogisk-organisering-2021').waitFor();
    expect(await konsulent.getByTestId('goal-paedagogisk-organisering').count()).toBe(0);
  });
});

describe('a thin period in the trend', () => {
  it('one imported inspection in a new year is marked "for få tilsyn" instead of drawn as the trend', async () => {
    const token = await adminToken();
    const file = ['institution_id;dato;tilsynsform;ramme_id;paedagogisk-organisering;fysiske-rammer;interaktion;leg;rutiner;boernenes-kompetencer;overgange', 'DI-01;01.02.2026;anmeldt;v1;1;1;1;1;1;1;1'].join('\r\n');
    const res = await fetch(`${server.url}/api/import/theme-scores`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ fileName: 'et-tilsyn.csv', content: Buffer.from(file).toString('base64') }),
    });
    expect(res.status).toBe(200);
    await syncNow(konsulent);
    await konsulent.goto(`${server.url}/#/overblik`);
    await konsulent.getByTestId('avg-paedagogisk-organisering-2026').waitFor();
    expect(await text(konsulent, 'avg-paedagogisk-organisering-2026')).toBe('1,00 n = 1 (for få tilsyn)');
    expect(await text(konsulent, 'avg-paedagogisk-organisering-2021')).toBe('2,40 n = 40');
    await konsulent.getByRole('heading', { name: 'Gennemsnit pr. tema pr. år' }).scrollIntoViewIfNeeded();
    await screenshot(konsulent, 'tynd-periode');
  });
});
