import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { todayIso } from '../../shared/dates';
import { THEME_IDS } from '../../shared/framework';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import { uuidv7 } from '../../shared/ids';
import { buildReport } from '../../shared/reportModel';
import { reportVersionId } from '../../shared/reportVersion';
import { PROTOCOL_VERSION } from '../../shared/sync/wire';
import { ADMIN_PASSWORD, createUsers, openAppAs, syncNow } from './support/accounts';
import { waitSaved } from './support/app';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

/**
 * Issue 12, part B, as the users do it: a consultant opens the pre-visit brief offline (the earlier
 * report and the open follow-up with the leder's answer), records observations and the dialogue
 * offline, and cannot finalise without them (or a reason); a consultant with a blocking relation is
 * refused, and forvaltning's override with a written reason lands in the audit trail and never in
 * the report.
 */
const PW = 'en-lang-kode-2026';
const INST = 'DI-01';
const PREVIOUS_ANBEFALING = 'Giv de yngste børn mere tid ved frokosten.';
const LEDER_PLAN = 'Vi spiser i to hold fra januar.';
const OVERRIDE_REASON = 'Eneste konsulent med kompetence i sprogvurdering; godkendt af dagtilbudschefen.';

let server: RunningServer;
const contexts: BrowserContext[] = [];

async function tokenOf(username: string, password = PW): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}
async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: await res.json().catch(() => null) };
}
async function push(token: string, mutations: { recordType: string; recordId: string; baseRev: number; fields: Record<string, unknown> }[]) {
  const res = await call(token, 'POST', '/api/sync/push', { protocolVersion: PROTOCOL_VERSION, clientId: `seed-${uuidv7()}`, mutations: mutations.map((m) => ({ mutationId: uuidv7(), ...m })) });
  if (res.status !== 200 || res.json.results.some((r: { status: string }) => r.status !== 'applied')) throw new Error(`seed: ${JSON.stringify(res.json)}`);
}

const status = (page: Page) => page.getByTestId('inspection-status').innerText();

/** A final report of an earlier visit to DI-01 with one anbefaling, answered by the leder, and its follow-up item in progress. */
async function seedPreviousReport(): Promise<{ versionId: string; followUpId: string }> {
  const mette = await tokenOf('mette');
  const id = uuidv7();
  const anbefalingId = uuidv7();
  const inspection = { institutionId: INST, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2025-05-06', consultants: ['Mette Kjær'], participants: [], status: 'i_gang' };
  const scores = THEME_IDS.map((t) => ({ recordType: 'themeScore', recordId: `${id}:${t}`, baseRev: 0, fields: { inspectionId: id, themeId: t, step: 3 } }));
  await push(mette, [
    { recordType: 'inspection', recordId: id, baseRev: 0, fields: inspection },
    ...scores,
    { recordType: 'anbefaling', recordId: anbefalingId, baseRev: 0, fields: { inspectionId: id, themeId: 'rutiner', text: PREVIOUS_ANBEFALING, createdAt: '2025-05-06T10:00:00Z' } },
    { recordType: 'inspection', recordId: id, baseRev: 1, fields: { status: 'udkast' } },
    { recordType: 'inspection', recordId: id, baseRev: 2, fields: { status: 'i_hoering' } },
  ]);
  await push(await tokenOf('lone'), [{ recordType: 'hoeringssvar', recordId: anbefalingId, baseRev: 0, fields: { inspectionId: id, anbefalingId, answer: 'plan', text: LEDER_PLAN } }]);
  const snapshot = { ...buildReport(FRAMEWORK_V1, { ...inspection, id, rev: 0, updatedAt: '', status: 'endelig' } as never, undefined, [], [], []), comparison: [], previousDate: null, municipalLabel: 'Kommunens gennemsnit' };
  const versionId = reportVersionId(id, 1);
  await push(mette, [
    { recordType: 'inspection', recordId: id, baseRev: 3, fields: { status: 'endelig', concernLevel: 'ingen', evidenceReason: 'Indlæst til testen' } },
    { recordType: 'rapportversion', recordId: versionId, baseRev: 0, fields: { inspectionId: id, version: 1, createdAt: '2025-05-20T09:00:00Z', createdBy: 'Mette Kjær', reason: '', snapshot } },
    { recordType: 'opfoelgning', recordId: anbefalingId, baseRev: 0, fields: { inspectionId: id, institutionId: INST, anbefalingId, themeId: 'rutiner', anbefaling: PREVIOUS_ANBEFALING, createdAt: '2025-05-20T09:00:00Z', hoeringAnswer: 'plan', hoeringText: LEDER_PLAN } },
  ]);
  await push(await tokenOf('lone'), [{ recordType: 'opfoelgning', recordId: anbefalingId, baseRev: 1, fields: { status: 'i_gang', notes: 'Første hold spiser kl. 11.' } }]);
  return { versionId, followUpId: anbefalingId };
}

let seeded: { versionId: string; followUpId: string };

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: [INST, 'DI-02'] },
    { username: 'karl', displayName: 'Karl Konsulent', role: 'konsulent', password: PW, institutionIds: [INST] },
    { username: 'lone', displayName: 'Lone Leder', role: 'leder', password: PW, institutionIds: [INST] },
    { username: 'frida', displayName: 'Frida Forvaltning', role: 'forvaltning', password: PW, institutionIds: [] },
  ]);
  // Karl is the institution's attached consultant, and says so himself.
  const declared = await call(await tokenOf('karl'), 'POST', '/api/account/relations', { relations: [{ institutionId: INST, kind: 'tilknyttet_konsulent' }] });
  expect(declared.status).toBe(200);
  seeded = await seedPreviousReport();
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

describe('the visit as the law describes it (issue 12, part B)', () => {
  it('offline: the pre-visit brief, observations and the dialogue; "endelig" is refused without them, and the report says what it rests on', async () => {
    const mette = await openAppAs(server.url, 'mette', PW, contexts);
    await mette.context().setOffline(true);

    await mette.goto(`${server.url}/#/`);
    await mette.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await mette.getByRole('link', { name: 'Nyt tilsyn' }).click();
    // The directory was cached at the sync: Mette is prefilled, Karl is marked by his relation.
    expect(await mette.getByRole('checkbox', { name: 'Mette Kjær' }).isChecked()).toBe(true);
    await mette.getByText('Relation: tilknyttet konsulent').waitFor();
    await mette.getByRole('button', { name: 'Start tilsyn' }).click();
    await mette.getByTestId('progress').waitFor();
    const inspectionUrl = mette.url();
    const inspectionId = decodeURIComponent(inspectionUrl.split('/tilsyn/')[1]!);

    // The brief: the earlier report and the open follow-up with the leder's answer, offline.
    const brief = mette.getByTestId('previsit-brief');
    await brief.getByRole('link', { name: 'Tilsynsrapport 6. maj 2025' }).waitFor();
    const briefText = await brief.innerText();
    expect(briefText).toContain(PREVIOUS_ANBEFALING);
    expect(briefText).toContain(LEDER_PLAN);
    expect(briefText).toContain('Skærpet tilsyn og handleplaner (0)');
    expect(await mette.getByTestId('inspection-consultants').innerText()).toBe('Mette Kjær');

    // Score, complete, send to høring: then "endelig" is refused without observations and the dialogue.
    for (const t of THEME_IDS) await mette.getByTestId(`${t}-step-3`).check();
    await waitSaved(mette);
    await mette.getByRole('button', { name: 'Afslut udkast' }).click();
    await expect.poll(() => status(mette)).toBe('Udkast');
    await mette.getByRole('button', { name: 'Send til høring' }).click();
    await expect.poll(() => status(mette)).toBe('I høring');
    await mette.getByRole('button', { name: 'Gør endelig', exact: true }).click();
    await mette.getByText('Besøget mangler mindst én observation').waitFor();
    await mette.getByRole('radio', { name: 'Ingen bekymring' }).check();
    await mette.getByRole('button', { name: 'Ja, gør endelig' }).click();
    await mette.getByTestId('lifecycle-actions').locator('.field-error', { hasText: 'Rapporten kan ikke gøres endelig uden mindst én observation' }).waitFor();
    expect(await status(mette)).toBe('I høring');
    expect(await seriousViolations(mette)).toEqual([]);
    await screenshot(mette, '60-endelig-afvist-uden-observation');

    // Back to the draft: observations from the keyboard (Ctrl+Enter), and the dialogue.
    await mette.getByRole('button', { name: 'Træk tilbage til udkast' }).click();
    await expect.poll(() => status(mette)).toBe('Udkast');
    await mette.locator('#obs-time').fill('09:30');
    await mette.locator('#obs-minutes').fill('30');
    await mette.locator('#obs-place').fill('Legepladsen, vuggestuen');
    await mette.locator('#obs-activity').fill('Fri leg');
    await mette.getByLabel('Hvad så du?', { exact: true }).fill('Barnet Oskar græder ved lågen.');
    await mette.getByLabel('Hvad så du?', { exact: true }).press('Control+Enter');
    // A child's name is refused, not saved.
    await mette.locator('#obs-text-error').getByText('Det ser ud til, at et barn nævnes ved navn').waitFor();
    expect(await mette.getByTestId('observation-summary').innerText()).toBe('0 observationer · 0 minutter observeret');
    await mette.getByLabel('Hvad så du?', { exact: true }).fill('En voksen sætter sig på hug og trøster et barn ved lågen; legen fortsætter.');
    await mette.getByLabel('Hvad så du?', { exact: true }).press('Control+Enter');
    await expect.poll(() => mette.getByTestId('observation-summary').innerText()).toBe('1 observation · 30 minutter observeret');
    // The text is cleared and the cursor is back for the next one; place and activity stay.
    expect(await mette.getByLabel('Hvad så du?', { exact: true }).inputValue()).toBe('');
    expect(await mette.evaluate(() => document.activeElement?.id)).toBe('obs-text');
    await mette.locator('#obs-time').fill('09:50');
    await mette.locator('#obs-activity').fill('Oprydning');
    await mette.getByLabel('Hvad så du?', { exact: true }).focus();
    await mette.keyboard.type('Personalet guider børnene med billeder af, hvor tingene skal stå.');
    await mette.keyboard.press('Control+Enter');
    // 09:30–10:00 and 09:50–10:20 (the duration stays from the last one) overlap: 50 minutes observed.
    await expect.poll(() => mette.getByTestId('observation-summary').innerText()).toBe('2 observationer · 50 minutter observeret');

    await mette.getByLabel('Tidspunkt for dialogen').fill('13:00');
    await mette.getByLabel('Ledelse (én pr. linje)').fill('Lone Leder');
    await mette.getByLabel('Medarbejderrepræsentanter (én pr. linje)').fill('Medarbejderrepræsentant, vuggestuen');
    await mette.getByRole('button', { name: 'Gem dialogmødet' }).click();
    await expect.poll(() => mette.getByTestId('dialogue-status').innerText()).toBe('Registreret: kl. 13.00, 1 leder, 1 medarbejderrepræsentant.');
    await waitSaved(mette);
    expect(await seriousViolations(mette)).toEqual([]);
    await mette.getByRole('heading', { name: 'Observationer' }).scrollIntoViewIfNeeded();
    await screenshot(mette, '61-observationer-og-dialog');

    await mette.getByRole('button', { name: 'Send til høring' }).click();
    await expect.poll(() => status(mette)).toBe('I høring');
    await mette.getByRole('button', { name: 'Gør endelig', exact: true }).click();
    expect(await mette.getByText('Besøget mangler').count()).toBe(0);
    await mette.getByRole('radio', { name: 'Ingen bekymring' }).check();
    await mette.getByRole('button', { name: 'Ja, gør endelig' }).click();
    await expect.poll(() => status(mette)).toBe('Endelig');

    await mette.goto(`${server.url}/#/rapport/${encodeURIComponent(inspectionId)}`);
    const evidence = await mette.getByTestId('report-evidence').innerText();
    expect(evidence).toContain('Vurderingen bygger på 2 observationer (50 minutter observation) og dialogmødet');
    expect(evidence).toContain('ledelse: Lone Leder; medarbejderrepræsentanter: Medarbejderrepræsentant, vuggestuen; konsulenter: Mette Kjær');
    expect(await seriousViolations(mette)).toEqual([]);
    await screenshot(mette, '62-rapport-observationsgrundlag');

    // Online again: the server has the visit, with what the brief showed recorded at finalising.
    await mette.context().setOffline(false);
    await syncNow(mette);
    const pulled = await call(await tokenOf('mette'), 'GET', `/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=0&limit=1000`);
    const stored = pulled.json.changes.find((c: { recordId: string }) => c.recordId === inspectionId).data;
    expect(stored).toMatchObject({ status: 'endelig', consultantIds: [expect.any(String)], consultants: [], dialogue: { at: `${todayIso()}T13:00`, leder: ['Lone Leder'] } });
    expect(stored.priorKnowledge).toMatchObject({ reportVersionIds: [seeded.versionId], followUpIds: [seeded.followUpId], caseIds: [] });
    expect(pulled.json.changes.filter((c: { recordType: string; data: { inspectionId: string } }) => c.recordType === 'observation' && c.data.inspectionId === inspectionId)).toHaveLength(2);
  }, 180_000);

  it('a consultant with a blocking relation is refused; forvaltning assigns with a written reason, kept in the audit trail and never in the report', async () => {
    const mette = await openAppAs(server.url, 'mette', PW, contexts);
    await mette.goto(`${server.url}/#/`);
    await mette.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await mette.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await mette.getByRole('checkbox', { name: 'Karl Konsulent' }).check();
    await mette.getByRole('button', { name: 'Start tilsyn' }).click();
    await mette.locator('#consultants-error').getByText('Karl Konsulent kan ikke føre tilsyn med institutionen: tilknyttet konsulent').waitFor();
    expect(mette.url()).toContain('/nyt-tilsyn');
    // No reason field for a konsulent: only forvaltning overrides.
    expect(await mette.getByLabel(/Begrundelse for dispensation/).count()).toBe(0);

    const frida = await openAppAs(server.url, 'frida', PW, contexts);
    await frida.goto(`${server.url}/#/`);
    await frida.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await frida.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await frida.getByRole('checkbox', { name: 'Frida Forvaltning' }).uncheck();
    await frida.getByRole('checkbox', { name: 'Karl Konsulent' }).check();
    // Without a reason: refused like for anyone.
    await frida.getByRole('button', { name: 'Start tilsyn' }).click();
    await frida.locator('#consultants-error').getByText('Karl Konsulent kan ikke føre tilsyn').waitFor();
    await frida.getByLabel(/Begrundelse for dispensation/).fill(OVERRIDE_REASON);
    expect(await seriousViolations(frida)).toEqual([]);
    await screenshot(frida, '63-dispensation-uvildighed');
    await frida.getByRole('button', { name: 'Start tilsyn' }).click();
    await frida.getByTestId('progress').waitFor();
    const inspectionId = decodeURIComponent(frida.url().split('/tilsyn/')[1]!);
    expect(await frida.getByTestId('inspection-consultants').innerText()).toBe('Karl Konsulent');
    await syncNow(frida);

    const admin = await tokenOf('admin', ADMIN_PASSWORD);
    const log = await call(admin, 'GET', '/api/admin/audit?action=impartiality.override');
    expect(log.json.entries).toHaveLength(1);
    expect(log.json.entries[0]).toMatchObject({ actorUsername: 'frida', target: inspectionId, details: { institutionId: INST, reason: OVERRIDE_REASON } });

    await frida.goto(`${server.url}/#/rapport/${encodeURIComponent(inspectionId)}`);
    await frida.getByTestId('report-evidence').waitFor();
    expect(await frida.locator('main').innerText()).not.toContain(OVERRIDE_REASON);

    // Karl's relation, as he declared it, on his own account page.
    const karl = await openAppAs(server.url, 'karl', PW, contexts);
    await karl.goto(`${server.url}/#/synkronisering`);
    await karl.getByTestId('relations-list').getByText('Agerhønen: tilknyttet konsulent').waitFor();
    expect(await seriousViolations(karl)).toEqual([]);
    await karl.getByRole('heading', { name: 'Relationer til institutioner (uvildighed)' }).scrollIntoViewIfNeeded();
    await screenshot(karl, '64-relationer-egen-konto');
  }, 180_000);
});
