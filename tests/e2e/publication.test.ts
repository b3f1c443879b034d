import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { hyphenateDanish } from '../../shared/hyphenate';
import { uuidv7 } from '../../shared/ids';
import { AnbefalingSchema, AnerkendelseSchema, ThemeScoreSchema, themeScoreId } from '../../shared/inspection';
import type { Institution } from '../../shared/institution';
import { buildReport } from '../../shared/reportModel';
import { reportVersionId } from '../../shared/reportVersion';
import { SCREENSHOT_DIR, screenshot } from './support/browser';
import { createUsers, openAppAs, syncNow } from './support/accounts';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

/**
 * Publication end to end (issue 13 A): two final reports exist on the server; the consultant records
 * the forældrebestyrelse's orientation and publishes one in the app; the public, login-free page then
 * lists it as HTML and PDF. The other report (a child named in it) is refused by the privacy check and
 * never appears. The PDF is read back (pdftotext, pdfinfo) and its pages checked (pdftoppm).
 */

const PW = 'en-lang-kode-2026';
const KOMMUNE = 'Testrup Kommune';
const SLUG = 'testrup-kommune';
const BOARD_COMMENT = 'Bestyrelsen takker for rapporten og følger arbejdet med legepladsen tæt.';
const NOT_ASSESSED = 'Temaet kunne ikke vurderes, fordi hele børnegruppen var på en planlagt tur i skoven med de fleste medarbejdere';
const OWNER = 'Pædagogisk leder';

let server: RunningServer;
const contexts: BrowserContext[] = [];
let mette: Page;
let token = '';
let clean = { id: '', name: '' };
let flagged = { id: '', name: '' };

async function apiLogin(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mette', password: PW }) });
  return ((await res.json()) as { token: string }).token;
}

async function push(mutations: unknown[]): Promise<void> {
  const res = await fetch(`${server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientId: 'e2e-seed', mutations }),
  });
  const body = (await res.json()) as { results: { status: string; reason?: string }[] };
  if (!res.ok) throw new Error(`push: ${res.status} ${JSON.stringify(body)}`);
  const bad = body.results.filter((r) => r.status !== 'applied');
  if (bad.length) throw new Error(JSON.stringify(bad));
}

const m = (recordType: string, recordId: string, baseRev: number, fields: Record<string, unknown>) => ({ mutationId: uuidv7(), recordType, recordId, baseRev, fields });

/** A final inspection with seven themes (one "ikke vurderet"), texts in every theme, version 1 and a follow-up item. */
async function finalReport(institution: Institution, anerkendelse: string): Promise<string> {
  const id = uuidv7();
  const inspection = { institutionId: institution.id, frameworkId: 'v1', visitType: 'uanmeldt', kind: 'ordinaer', date: '2026-03-04', consultants: ['Mette Kjær'], participants: ['Leder', 'Pædagog (medarbejderrepræsentant)'], status: 'i_gang', evidenceReason: 'Observationerne blev ført på papir' };
  const scores = FRAMEWORK_V1.themes.map((t, i) =>
    ThemeScoreSchema.parse({ id: themeScoreId(id, t.id), inspectionId: id, themeId: t.id, ...(i === 2 ? { notAssessed: true, notAssessedReason: NOT_ASSESSED } : { step: ((i + 1) % 4) + 1 }) }),
  );
  const anerk = FRAMEWORK_V1.themes.map((t, i) => AnerkendelseSchema.parse({ id: `${id}:anerk:${i}`, inspectionId: id, themeId: t.id, text: i === 3 ? anerkendelse : 'Medarbejderne er nærværende og sammenhængende i kommunikationen med børnegruppen.', createdAt: `2026-03-04T10:0${i}:00Z` }));
  const anb = FRAMEWORK_V1.themes.map((t, i) => AnbefalingSchema.parse({ id: `${id}:anb:${i}`, inspectionId: id, themeId: t.id, text: 'Gør dagens struktur synlig for børnene med billeder, og evaluér organiseringen på personalemøderne.', createdAt: `2026-03-04T11:0${i}:00Z`, ownerRole: 'paedagogisk_leder', dueDate: '2026-09-01', action: 'Sæt dagens billeder op ved garderoben.' }));
  await push([
    m('inspection', id, 0, inspection),
    ...scores.map((s) => m('themeScore', s.id, 0, { inspectionId: id, themeId: s.themeId, step: s.step, notAssessed: s.notAssessed, notAssessedReason: s.notAssessedReason })),
    ...anerk.map((a) => m('anerkendelse', a.id, 0, { inspectionId: id, themeId: a.themeId, text: a.text, createdAt: a.createdAt })),
    ...anb.map((a) => m('anbefaling', a.id, 0, { inspectionId: id, themeId: a.themeId, text: a.text, createdAt: a.createdAt, ownerRole: a.ownerRole, dueDate: a.dueDate, action: a.action })),
    m('inspection', id, 1, { status: 'udkast' }),
    m('inspection', id, 2, { status: 'i_hoering' }),
    m('inspection', id, 3, { status: 'endelig', concernLevel: 'ingen' }),
  ]);
  const report = buildReport(FRAMEWORK_V1, { ...inspection, id, rev: 0, updatedAt: '', status: 'endelig' } as never, institution, scores, anerk, anb);
  const comparison = FRAMEWORK_V1.themes.map((t) => ({ themeId: t.id, themeName: t.name, shortName: t.name, current: report.rows.find((r) => r.themeId === t.id)?.step ?? null, previous: null, municipal: 2.75, municipalN: 8 }));
  await push([
    m('rapportversion', reportVersionId(id, 1), 0, { inspectionId: id, version: 1, createdAt: '2026-03-20T09:00:00.000Z', createdBy: 'Mette Kjær', reason: '', snapshot: { ...report, comparison, previousDate: null, municipalLabel: 'Kommunens gennemsnit (24 mdr.)' } }),
    ...anb.map((a) => m('opfoelgning', a.id, 0, { inspectionId: id, institutionId: institution.id, anbefalingId: a.id, themeId: a.themeId, anbefaling: a.text, createdAt: '2026-03-20T09:00:00.000Z', owner: OWNER, dueDate: '2026-09-01' })),
  ]);
  return id;
}

beforeAll(async () => {
  server = await startServer({ TILSYN_KOMMUNE_NAVN: KOMMUNE, TILSYN_KOMMUNE_LOGO: path.resolve('build/icon.png') }, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: ['DI-01', 'DI-02'] },
    { username: 'frida', displayName: 'Frida Forvaltning', role: 'forvaltning', password: PW, institutionIds: [] },
  ]);
  token = await apiLogin();
  const pull = (await (await fetch(`${server.url}/api/sync/pull?v=1&cursor=0&limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as { institutions: { data: Institution }[] };
  const inst = (id: string) => pull.institutions.map((i) => i.data).find((i) => i.id === id)!;
  clean = { id: await finalReport(inst('DI-01'), 'Legen på legepladsen er varieret, og de voksne deltager aktivt.'), name: inst('DI-01').name };
  flagged = { id: await finalReport(inst('DI-02'), 'Pigen Sofie leger mest alene ved sandkassen.'), name: inst('DI-02').name };
  mette = await openAppAs(server.url, 'mette', PW, contexts);
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

const publicGet = (p: string) => fetch(`${server.url}/offentlig/${SLUG}${p}`);

describe('publication and the public page', () => {
  it('the on-screen report fits 1366 px with a theme "ikke vurderet", shows the municipality, and nothing is public yet', async () => {
    await mette.goto(`${server.url}/#/rapport/${clean.id}`);
    await mette.getByTestId('publication-panel').waitFor();
    await expect.poll(() => mette.getByTestId('report-municipality').textContent()).toContain(KOMMUNE);
    const fit = await mette.evaluate(() => {
      const table = document.querySelector('.theme-table') as HTMLElement;
      const anb = [...table.querySelectorAll('thead th')].find((th) => th.textContent?.startsWith('Anbefalinger')) as HTMLElement;
      return { page: document.documentElement.scrollWidth, viewport: window.innerWidth, anbRight: anb.getBoundingClientRect().right };
    });
    expect(fit.page).toBeLessThanOrEqual(fit.viewport);
    expect(fit.anbRight).toBeLessThanOrEqual(fit.viewport);
    await screenshot(mette, 'publication-report-1366');
    const list = await (await publicGet('')).text();
    expect(list).toContain('Der er endnu ikke offentliggjort nogen tilsynsrapporter');
    expect((await publicGet(`/${clean.id}`)).status).toBe(404);
    expect((await publicGet('/DI-01')).status).toBe(404);
  });

  it('publishing waits for the board; with it recorded the report is published', async () => {
    const panel = mette.getByTestId('publication-panel');
    await panel.getByLabel('Adresse på dagtilbuddets hjemmeside').fill('https://di-01.example.dk/tilsyn');
    await panel.getByRole('button', { name: 'Offentliggør rapporten' }).click();
    await expect.poll(() => panel.textContent()).toContain('Forældrebestyrelsen skal være orienteret, før rapporten offentliggøres');
    await panel.getByLabel('Dato for orienteringen').fill('16.03.2026');
    await panel.getByLabel('Hvordan').selectOption('bestyrelsesmoede');
    await panel.getByLabel(/Bestyrelsens kommentar/).fill(BOARD_COMMENT);
    await panel.getByRole('button', { name: 'Gem orientering' }).click();
    await panel.getByRole('status').filter({ hasText: 'Gemt' }).waitFor();
    await panel.getByLabel('Dato for offentliggørelsen').fill('01.04.2026');
    await panel.getByRole('button', { name: 'Offentliggør rapporten' }).click();
    await expect.poll(() => mette.getByTestId('publication-status').textContent()).toContain('Offentliggjort 1. april 2026 af Mette Kjær');
    expect(await seriousViolations(mette)).toEqual([]);
    await screenshot(mette, 'publication-panel');
    await syncNow(mette);
  });

  it('a report with a failing privacy check is refused and never public', async () => {
    await mette.goto(`${server.url}/#/rapport/${flagged.id}`);
    const panel = mette.getByTestId('publication-panel');
    await panel.getByTestId('privacy-hits').waitFor();
    expect(await panel.getByTestId('privacy-hits').textContent()).toContain('Barn nævnt ved navn: Pigen Sofie');
    await panel.getByLabel('Dato for orienteringen').fill('16.03.2026');
    await panel.getByRole('button', { name: 'Gem orientering' }).click();
    await panel.getByRole('status').filter({ hasText: 'Gemt' }).waitFor();
    await panel.getByLabel('Adresse på dagtilbuddets hjemmeside').fill('https://di-02.example.dk/tilsyn');
    await panel.getByRole('button', { name: 'Offentliggør rapporten' }).click();
    await expect.poll(() => panel.textContent()).toContain('Persondatatjekket fandt: barn nævnt ved navn');
    await syncNow(mette);
    expect((await publicGet('/DI-02')).status).toBe(404);
  });

  it('the public page lists the published report, as HTML (axe-clean) and as PDF', async () => {
    const list = await (await publicGet('')).text();
    expect(list).toContain(clean.name);
    expect(list).not.toContain(flagged.name);
    const page = await contexts[0]!.newPage();
    await page.goto(`${server.url}/offentlig/${SLUG}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: clean.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: clean.name }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
    const text = (await page.locator('main').innerText()).replaceAll('\u00AD', '');
    for (const s of [KOMMUNE, 'Uanmeldt tilsyn', '4. marts 2026', BOARD_COMMENT, OWNER, 'Opfølgning', 'Ikke vurderet'] as const) expect(text).toContain(s);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'publication-public-html');
    await page.close();
  });

  it('the PDF: text, tags and title, no page under half full but the last, no short word split', async () => {
    const res = await publicGet('/DI-01.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tilsyn-public-pdf-'));
    const file = path.join(dir, 'rapport.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(new RegExp(`Title:\\s+Tilsynsrapport for ${clean.name}`));
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);

    const flat = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const joined = flat.replace(/(\p{L})-\n(\p{L})/gu, '$1$2').replace(/\s+/g, ' ');
    for (const s of [KOMMUNE, clean.name, 'Uanmeldt tilsyn', '4. marts 2026', 'Deltagere i dialogen', 'Opfølgning', OWNER, '1. september 2026', 'Handling: Sæt dagens billeder op ved garderoben.', BOARD_COMMENT, 'Forældrebestyrelsen'] as const) expect(joined).toContain(s);
    for (const t of FRAMEWORK_V1.themes) expect(joined).toContain(t.name);
    // Each theme with its step and the step's descriptor (one theme is "ikke vurderet").
    FRAMEWORK_V1.themes.forEach((t, i) => {
      if (i === 2) return expect(joined).toContain('Ikke vurderet');
      const step = ((i + 1) % 4) + 1;
      expect(joined).toContain(`Trin ${step}: ${FRAMEWORK_V1.scale.labels[step - 1]}`);
      expect(joined).toContain(t.descriptors[step - 1]!);
    });

    // A word split at a line end is one of the report's words, and has at least eight letters.
    const words = new Set(joined.split(/[^\p{L}]+/u).map((w) => w.toLowerCase()));
    // -raw: poppler's default reading order joins a word hyphenated at a line end; raw keeps the break.
    const lines = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\n');
    const splits: string[] = [];
    lines.forEach((line, i) => {
      const a = /(\p{L}+)-$/u.exec(line.trimEnd());
      const b = /^(\p{L}+)/u.exec(lines[i + 1]?.trimStart() ?? '');
      if (a && b && words.has((a[1]! + b[1]!).toLowerCase())) splits.push(a[1]! + b[1]!);
    });
    expect(splits.length).toBeGreaterThan(0); // the check has something to check
    expect(splits.filter((w) => w.length < 8)).toEqual([]);

    // The rendered pages: how far down each page the content goes (the page footer left out).
    execFileSync('pdftoppm', ['-r', '40', '-gray', file, path.join(dir, 'p')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort();
    expect(pages.length).toBeGreaterThan(1);
    const fill = pages.map((f) => contentFill(readFileSync(path.join(dir, f))));
    console.log(`PDF: ${pages.length} sider, fyldt ${fill.map((x) => `${Math.round(x * 100)} %`).join(', ')}; ${splits.length} orddelinger ved linjeskift (${[...new Set(splits)].join(', ')})`);
    expect(fill.slice(0, -1).filter((x) => x < 0.5)).toEqual([]);

    // Pages to look at.
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(SCREENSHOT_DIR, 'publication-pdf')]);
  });
});

describe('the app’s own print (Udskriv / gem som PDF)', () => {
  it('hyphenates the report with Danish soft hyphens while printing, and puts the plain text back after', async () => {
    await mette.goto(`${server.url}/#/rapport/${clean.id}`);
    await mette.getByTestId('publication-panel').waitFor();
    const reportText = () => mette.evaluate(() => document.querySelector('article.report')!.textContent ?? '');
    const plain = await reportText();
    expect(plain).not.toContain('\u00AD');
    // The print dialog cannot be driven headless: record what the page holds when it is asked to print.
    await mette.evaluate(() => {
      const w = window as unknown as { print: () => void; __printed?: string };
      w.print = () => void (w.__printed = document.querySelector('article.report')!.textContent ?? '');
    });
    await mette.getByRole('button', { name: 'Udskriv / gem som PDF' }).click();
    const printed = await mette.evaluate(() => (window as unknown as { __printed?: string }).__printed ?? '');
    expect(printed.replaceAll('\u00AD', '')).toBe(plain);
    for (const word of ['Medarbejderne', 'sammenhængende', 'kommunikationen']) expect(printed).toContain(hyphenateDanish(word));
    expect(hyphenateDanish('Medarbejderne')).toContain('\u00AD');
    // Only words of eight letters or more carry soft hyphens.
    const hyphenated = printed.split(/[^\p{L}\u00AD]+/u).filter((w) => w.includes('\u00AD'));
    expect(hyphenated.length).toBeGreaterThan(20);
    expect(hyphenated.filter((w) => w.replaceAll('\u00AD', '').length < 8)).toEqual([]);
    expect(await reportText()).toBe(plain);
    // Ctrl+P and the browser menu: beforeprint hyphenates, afterprint restores.
    await mette.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await reportText()).toContain(hyphenateDanish('Medarbejderne'));
    await mette.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await reportText()).toBe(plain);
  });
});

describe('the case file and withdrawing the publication (forvaltning)', () => {
  let frida: Page;

  it('forvaltning downloads the case file as PDF from the institution page: tagged, fonts embedded, the published report in it', async () => {
    frida = await openAppAs(server.url, 'frida', PW, contexts);
    await frida.goto(`${server.url}/#/institution/DI-01`);
    const downloads = frida.getByTestId('case-file-downloads');
    await downloads.waitFor();
    expect(await seriousViolations(frida)).toEqual([]);
    const [download] = await Promise.all([frida.waitForEvent('download'), downloads.getByRole('button', { name: 'Hent sagsmappe (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sagsmappe-DI-01-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tilsyn-sagsmappe-')), 'sagsmappe.pdf');
    await download.saveAs(file);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(new RegExp(`Title:\\s+Sagsmappe for ${clean.name}`));
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((l) => !/ yes\s+yes\s+yes\s+\d+\s+\d+$/.test(l))).toEqual([]);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/(\p{L})-\n(\p{L})/gu, '$1$2').replace(/\s+/g, ' ');
    for (const t of [KOMMUNE, `Sagsmappe: ${clean.name}`, 'Tilsynet 4. marts 2026, version 1', 'Offentliggjort 1. april 2026 af Mette Kjær', 'Ikke vurderet', OWNER, 'Opfølgning', 'Påbud'] as const) expect(text).toContain(t);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', '-l', '2', file, path.join(SCREENSHOT_DIR, 'sagsmappe-pdf')]);
  });

  it('forvaltning withdraws the publication with a written reason; the public page stops listing it', async () => {
    await frida.goto(`${server.url}/#/rapport/${clean.id}`);
    const panel = frida.getByTestId('publication-panel');
    await panel.getByTestId('publication-status').waitFor();
    const form = panel.getByTestId('withdraw-form');
    await form.locator('summary').focus();
    await frida.keyboard.press('Enter');
    await form.getByRole('button', { name: 'Træk offentliggørelsen tilbage' }).click();
    await expect.poll(() => form.textContent()).toContain('Skriv hvorfor offentliggørelsen trækkes tilbage');
    expect(await seriousViolations(frida)).toEqual([]);
    await form.getByLabel('Begrundelse (vises ikke på den offentlige side)').fill('Offentliggjort før bestyrelsens kommentar var godkendt');
    await form.getByRole('button', { name: 'Træk offentliggørelsen tilbage' }).click();
    await expect.poll(() => panel.getByTestId('withdrawal-status').textContent()).toContain('Offentliggørelsen blev trukket tilbage');
    expect(await panel.getByTestId('withdrawal-status').textContent()).toContain('Frida Forvaltning');
    // The link to the public page is gone with it.
    expect(await panel.getByTestId('publication-status').textContent()).not.toContain('Kommunens offentlige side');
    expect(await seriousViolations(frida)).toEqual([]);
    await screenshot(frida, 'publication-withdrawn');
    await syncNow(frida);
    const list = await (await publicGet('')).text();
    expect(list).not.toContain(clean.name);
    expect((await publicGet('/DI-01')).status).toBe(404);
    expect((await publicGet('/DI-01.pdf')).status).toBe(404);
    // The consultant's app shows it withdrawn after a sync; the consultant cannot withdraw.
    await syncNow(mette);
    await mette.goto(`${server.url}/#/rapport/${clean.id}`);
    await mette.getByTestId('withdrawal-status').waitFor();
    expect(await mette.getByTestId('withdraw-form').count()).toBe(0);
  });
});

/** The share of the page's text area (below the top margin, above the footer) that has ink, measured to the lowest inked row. */
function contentFill(pgm: Buffer): number {
  const header = pgm.toString('latin1', 0, 64).split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const offset = pgm.length - w * h;
  const footerTop = Math.floor(h * (1 - 62 / 841.89)); // the bottom margin holds only the page footer
  const top = Math.floor(h * (62 / 841.89));
  let last = top;
  for (let y = top; y < footerTop; y++) {
    for (let x = 0; x < w; x++) {
      if (pgm[offset + y * w + x]! < 160) {
        last = y;
        break;
      }
    }
  }
  return (last - top) / (footerTop - top);
}
