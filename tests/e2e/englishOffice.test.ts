import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { todayIso } from '../../shared/dates';
import { THEME_IDS } from '../../shared/framework';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { GOAL_STATUS_LABELS, GOAL_STATUSES } from '../../shared/goals';
import { i18n } from '../../shared/i18n/i18n';
import { danishLabel } from '../../shared/i18n/labels';
import { uuidv7 } from '../../shared/ids';
import { themeScoreId } from '../../shared/inspection';
import { CHECKPOINT_KIND_LABELS, CHECKPOINT_KINDS, START_STATE_LABELS, START_STATES } from '../../shared/skaerpetTilsyn';
import { RAMME_SECTION_LABELS, RAMME_SECTIONS, RAMME_STATUS_LABELS, RAMME_STATUSES } from '../../shared/tilsynsramme';
import { ADMIN_PASSWORD, openAppAs } from './support/accounts';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';
import { danishLeft } from './support/danishLeft';

/*
 * The forvaltning's screens with the app in English: the goals dashboard (status, reason and round
 * of each goal card, worked out in the dashboard's worker), skærpet tilsyn (checkpoint kinds, start
 * against the limit) and the tilsynsramme's administration (status, section labels, the rule's
 * messages). The label tables of shared/ must read English there, none of their Danish labels may
 * be left, and axe-core finds no serious violation.
 */

let server: RunningServer;
const contexts: BrowserContext[] = [];
let page: Page;
let caseId = '';

/** Every Danish label of the tables these screens show: none may be left in the English UI. */
const DANISH_LABELS = [
  ...GOAL_STATUSES.map((s) => danishLabel(GOAL_STATUS_LABELS, s)),
  ...CHECKPOINT_KINDS.map((k) => danishLabel(CHECKPOINT_KIND_LABELS, k)),
  ...START_STATES.map((s) => danishLabel(START_STATE_LABELS, s)),
  ...RAMME_SECTIONS.map((s) => danishLabel(RAMME_SECTION_LABELS, s)),
  ...RAMME_STATUSES.map((s) => danishLabel(RAMME_STATUS_LABELS, s)),
  // Explanations and units from shared/ (goal reasons, rounds, the start limit).
  'Målåret',
  'mdr. til',
  'For få tilsyn',
  'arbejdsdage)',
  'Loven kræver',
];

/** What the test wrote into the records, and the user's name (data, not UI text). */
const SEEDED = ['Mette Kjær', 'Morning plan', 'Administrator'];

async function danishLabelsLeft(p: Page): Promise<string[]> {
  const text = await p.locator('main').innerText();
  return DANISH_LABELS.filter((l) => text.includes(l));
}

async function token(username: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  // The tables read English here too, as in the app (danishLabel still gives the Danish ones).
  await i18n.changeLanguage('en');
  server = await startServer({}, ['--demo']);
  // A final report of Agerhønen with alvorlig bekymring, its skærpet tilsyn (established long ago, so
  // its start is past the limit) and a draft handleplan with two checkpoints, pushed as the demo konsulent.
  caseId = uuidv7();
  const today = todayIso();
  const m = (recordType: string, recordId: string, baseRev: number, fields: Record<string, unknown>) => ({ mutationId: uuidv7(), recordType, recordId, baseRev, fields });
  const res = await fetch(`${server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('konsulent', 'tilsyn-demo')}` },
    body: JSON.stringify({
      clientId: 'e2e-english-office',
      mutations: [
        m('inspection', caseId, 0, { institutionId: 'DI-01', frameworkId: FRAMEWORK_V1.id, visitType: 'uanmeldt', kind: 'ordinaer', date: today, consultants: ['Mette Kjær'], participants: [], status: 'i_gang', evidenceReason: 'The test is about the office screens' }),
        ...THEME_IDS.map((t, i) => m('themeScore', themeScoreId(caseId, t), 0, { inspectionId: caseId, themeId: t, step: i === 1 ? 1 : 2 })),
        m('inspection', caseId, 1, { status: 'udkast' }),
        m('inspection', caseId, 2, { status: 'i_hoering' }),
        m('inspection', caseId, 3, { status: 'endelig', concernLevel: 'alvorlig' }),
        m('skaerpetTilsyn', caseId, 0, { inspectionId: caseId, institutionId: 'DI-01', level: 'alvorlig', establishedOn: '2025-01-06', decidedBy: 'Mette Kjær', decidedAt: `${today}T10:00:00Z` }),
        m('handleplan', caseId, 0, {
          inspectionId: caseId, institutionId: 'DI-01', createdAt: `${today}T10:00:00Z`, actions: [{ id: 'a1', text: 'Morning plan' }],
          checkpoints: [{ id: 'c1', date: '2025-02-10', kind: 'uanmeldt_besoeg', doneOn: null }, { id: 'c2', date: '2099-02-10', kind: 'dialogmoede', doneOn: null }],
        }),
      ],
    }),
  });
  const results = ((await res.json()) as { results: { status: string }[] }).results;
  if (!results.every((r) => r.status === 'applied')) throw new Error(`seed: ${JSON.stringify(results)}`);
  page = await openAppAs(server.url, 'admin', ADMIN_PASSWORD, contexts);
  await page.getByRole('combobox', { name: 'Sprog' }).selectOption('en');
  await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

describe('the forvaltning in English', () => {
  it('the goals dashboard: status, reason and round of each goal card in English', async () => {
    await page.goto(`${server.url}/#/overblik`);
    const card = page.getByTestId('goal-paedagogisk-organisering');
    // The readings follow the figures from the worker.
    await card.locator('.dash-goal-reason').waitFor();
    const text = await card.innerText();
    const english = GOAL_STATUSES.map((s) => GOAL_STATUS_LABELS[s]);
    expect(english).toEqual(['Goal reached', 'On track', 'At risk', 'Off track']);
    expect(english).toContain(await card.locator('.dash-goal-status strong').innerText());
    // Read today, after the target year 2025: the demo's latest round is the last 24 months.
    expect(text).toMatch(/Latest \(24 months to \d{2}\/\d{2}\/\d{4}\)/);
    expect(await card.locator('.dash-goal-reason').innerText()).toMatch(/^(The goal was reached in \d{4}|The target year 2025 has passed without the goal being reached)\.$/);
    const overview = page.getByTestId('skaerpet-overview');
    await overview.getByTestId('case-row').waitFor();
    const row = await overview.getByTestId('case-row').innerText();
    expect(row).toContain('Not started within the time limit');
    expect(row).toContain('Unannounced follow-up visit');
    expect(await danishLabelsLeft(page)).toEqual([]);
    expect(await danishLeft(page, SEEDED)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '90-en-overblik-maal');
  });

  it('skærpet tilsyn: start against the limit, the handleplan and its checkpoints in English', async () => {
    await page.goto(`${server.url}/#/skaerpet-tilsyn/${encodeURIComponent(caseId)}`);
    await page.getByRole('heading', { name: 'Intensified inspection: Agerhønen' }).waitFor();
    const start = await page.getByTestId('case-start').innerText();
    expect(start).toContain('(10 working days)');
    expect(start).toContain('Not started within the time limit');
    expect(await page.getByTestId('handleplan-status').innerText()).toBe('Draft');
    const checkpoints = await page.getByTestId('plan-checkpoints').innerText();
    expect(checkpoints).toContain('Unannounced follow-up visit');
    expect(checkpoints).toContain('Dialogue meeting with the management');
    const kinds = await page.getByLabel('Kind of follow-up').locator('option').allInnerTexts();
    expect(kinds).toEqual(['Announced follow-up visit', 'Unannounced follow-up visit', 'Written follow-up', 'Dialogue meeting with the management']);
    expect(await danishLabelsLeft(page)).toEqual([]);
    expect(await danishLeft(page, SEEDED)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '91-en-skaerpet-tilsyn');
  });

  it('the tilsynsramme administration: status, sections and the gældende rule’s messages in English', async () => {
    await page.goto(`${server.url}/#/administration/tilsynsramme`);
    const table = page.getByTestId('admin-rammer');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').first().innerText()).toContain('Current');
    await page.getByRole('button', { name: 'Show version 1' }).click();
    for (const s of RAMME_SECTIONS) await page.getByRole('heading', { name: RAMME_SECTION_LABELS[s], exact: true }).waitFor();
    expect(RAMME_SECTION_LABELS.uvildighed).toBe('How impartiality is ensured');
    expect(await danishLabelsLeft(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // A new version copies the text; with one section emptied it cannot become current.
    await page.goto(`${server.url}/#/administration/maal`);
    await page.goto(`${server.url}/#/administration/tilsynsramme`);
    await page.getByRole('button', { name: 'New version' }).click();
    const data = page.getByLabel(RAMME_SECTION_LABELS.data, { exact: true });
    await data.fill('');
    await page.getByRole('button', { name: 'Save and make current' }).click();
    await page.getByText('The section «Use of data, including observations» is empty. The law requires the framework to describe it.').waitFor();
    expect(await danishLabelsLeft(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '92-en-tilsynsramme');
  });
});
