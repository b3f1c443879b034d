import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { uuidv7 } from '../../shared/ids';
import { RAMME_SECTIONS } from '../../shared/tilsynsramme';
import { PROTOCOL_VERSION } from '../../shared/sync/wire';
import { ADMIN_PASSWORD, createUsers, openAppAs, syncNow } from './support/accounts';
import { waitSaved } from './support/app';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

/**
 * Issue 12's leftovers as the users meet them: forvaltning gives the tilsynsramme its list of data
 * (Administration › Tilsynsramme), a consultant sees each item in the pre-visit brief offline with
 * what the computer has, and ticks what was there; the consultants of an existing visit are changed
 * on the inspection, a blocking relation refused for a konsulent and overridden with a reason by
 * forvaltning (audited); an older visit's free-text participants become the dialogue's first draft.
 */
const PW = 'en-lang-kode-2026';
const INST = 'DI-01';
const REASON = 'Karl er den eneste med sprogkompetence i perioden; godkendt af dagtilbudschefen.';

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
async function pulled(username: string, recordId: string) {
  const res = await call(await tokenOf(username), 'GET', `/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=0&limit=1000`);
  return res.json.changes.find((c: { recordId: string }) => c.recordId === recordId)?.data;
}

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'mette', displayName: 'Mette Kjær', role: 'konsulent', password: PW, institutionIds: [INST] },
    { username: 'karl', displayName: 'Karl Konsulent', role: 'konsulent', password: PW, institutionIds: [INST] },
    { username: 'frida', displayName: 'Frida Forvaltning', role: 'forvaltning', password: PW, institutionIds: [] },
  ]);
  expect((await call(await tokenOf('karl'), 'POST', '/api/account/relations', { relations: [{ institutionId: INST, kind: 'sparringskonsulent' }] })).status).toBe(200);
  // A kladde with every section written; forvaltning adds the data list in the form.
  const admin = await tokenOf('admin', ADMIN_PASSWORD);
  const kladde = await call(admin, 'POST', '/api/admin/tilsynsrammer', {
    title: 'Tilsynsramme 2026',
    sections: Object.fromEntries(RAMME_SECTIONS.map((s) => [s, `Sådan gør vi (${s}).`])),
    approvedOn: '2025-11-20',
    approvedBy: 'Børne- og Skoleudvalget',
    publicUrl: 'https://kommune.example.dk/tilsynsramme',
    inForceFrom: '2026-01-01',
  });
  expect(kladde.status).toBe(201);
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
});

describe('issue 12 leftovers in the browser', () => {
  it('the ramme names its data; the brief shows each item offline with what the computer has; the ticks reach the server', async () => {
    const frida = await openAppAs(server.url, 'frida', PW, contexts);
    await frida.goto(`${server.url}/#/administration/tilsynsramme`);
    await frida.getByRole('button', { name: /Redigér version \d/ }).first().click();
    await frida.getByRole('button', { name: 'Tilføj de almindelige datapunkter' }).click();
    await frida.getByLabel('Datapunkt 8', { exact: true }).fill('Institutionens evaluering af læreplanen (seneste)');
    await frida.getByLabel('Hvor og hvordan (valgfrit)').nth(4).fill('Fra BørneIT, institutionens gennemsnit');
    await frida.getByRole('button', { name: 'Fjern datapunkt 7' }).click();
    expect(await seriousViolations(frida)).toEqual([]);
    await frida.getByRole('group', { name: 'Data til forberedelsen af besøget' }).scrollIntoViewIfNeeded();
    await screenshot(frida, '90-ramme-data');
    await frida.getByRole('button', { name: 'Gem og gør gældende' }).click();
    await frida.getByText(/er gældende\. Alle får den ved næste synkronisering/).waitFor();

    const mette = await openAppAs(server.url, 'mette', PW, contexts);
    await mette.context().setOffline(true);
    await mette.goto(`${server.url}/#/`);
    await mette.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await mette.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await mette.getByRole('button', { name: 'Start tilsyn' }).click();
    await mette.getByTestId('progress').waitFor();
    const inspectionId = decodeURIComponent(mette.url().split('/tilsyn/')[1]!);
    const brief = mette.getByTestId('previsit-brief');
    const data = brief.getByRole('group', { name: 'Var der før besøget?' });
    await data.waitFor();
    expect(await brief.getByRole('heading', { name: 'Data, tilsynsrammen nævner (7)' }).count()).toBe(1);
    const text = await data.innerText();
    expect(text).toContain('Tilsynsramme 2026, version');
    expect(text).toMatch(/Nøgletal: pladser og enhedstype\s+\d+ pladser \(0–2 år: \d+, 3–5 år: \d+\) · Vuggestue · Daginstitution/);
    expect(text).toMatch(/Sprogvurderinger \(institutionens samlede resultat\)\s+Ikke tilgængelig offline · Data uden for appen \(hentes før besøget\) · Fra BørneIT, institutionens gennemsnit/);
    expect(text).not.toContain('Klager og henvendelser');
    await data.getByRole('checkbox', { name: 'Nøgletal: pladser og enhedstype' }).check();
    await data.getByRole('checkbox', { name: 'Sprogvurderinger (institutionens samlede resultat)' }).check();
    await waitSaved(mette);
    expect(await seriousViolations(mette)).toEqual([]);
    await data.scrollIntoViewIfNeeded();
    await screenshot(mette, '91-brief-data-offline');

    await mette.context().setOffline(false);
    await syncNow(mette);
    const stored = await pulled('mette', inspectionId);
    expect(stored.preparedDataIds).toHaveLength(2);
  }, 180_000);

  it('the consultants of an existing visit: a blocking relation refused for a konsulent, forvaltning overrides with a reason (audited)', async () => {
    const mette = await openAppAs(server.url, 'mette', PW, contexts);
    await mette.goto(`${server.url}/#/`);
    await mette.getByRole('link', { name: 'Agerhønen', exact: true }).click();
    await mette.getByRole('link', { name: 'Nyt tilsyn' }).click();
    await mette.getByRole('button', { name: 'Start tilsyn' }).click();
    await mette.getByTestId('progress').waitFor();
    const inspectionId = decodeURIComponent(mette.url().split('/tilsyn/')[1]!);

    // Keyboard: the button opens the editor, focus goes to its heading; Escape closes it and focus returns.
    const open = mette.getByRole('button', { name: 'Skift konsulenter' });
    await open.focus();
    await mette.keyboard.press('Enter');
    await expect.poll(() => mette.evaluate(() => document.activeElement?.textContent)).toBe('Skift konsulenter');
    await mette.keyboard.press('Escape');
    await expect.poll(() => mette.evaluate(() => document.activeElement?.textContent)).toBe('Skift konsulenter');
    expect(await mette.getByRole('form', { name: 'Skift konsulenter' }).count()).toBe(0);

    await open.click();
    const editor = mette.getByRole('form', { name: 'Skift konsulenter' });
    await editor.getByRole('checkbox', { name: 'Karl Konsulent' }).check();
    await editor.getByText('Relation: sparringskonsulent').waitFor();
    await editor.getByRole('button', { name: 'Gem konsulenter' }).click();
    await editor.locator('#consultants-error').getByText('Karl Konsulent kan ikke føre tilsyn med institutionen: sparringskonsulent').waitFor();
    expect(await mette.getByTestId('inspection-consultants').innerText()).toBe('Mette Kjær');
    expect(await editor.getByLabel(/Begrundelse for dispensation/).count()).toBe(0);
    expect(await seriousViolations(mette)).toEqual([]);
    await screenshot(mette, '92-skift-konsulenter-afvist');
    await editor.getByRole('button', { name: 'Annullér' }).click();
    await syncNow(mette);

    const frida = await openAppAs(server.url, 'frida', PW, contexts);
    await frida.goto(`${server.url}/#/tilsyn/${encodeURIComponent(inspectionId)}`);
    await frida.getByTestId('progress').waitFor();
    await frida.getByRole('button', { name: 'Skift konsulenter' }).click();
    const fEditor = frida.getByRole('form', { name: 'Skift konsulenter' });
    await fEditor.getByRole('checkbox', { name: 'Karl Konsulent' }).check();
    await fEditor.getByLabel(/Begrundelse for dispensation/).fill(REASON);
    expect(await seriousViolations(frida)).toEqual([]);
    await screenshot(frida, '93-skift-konsulenter-dispensation');
    await fEditor.getByRole('button', { name: 'Gem konsulenter' }).click();
    await expect.poll(() => frida.getByTestId('inspection-consultants').innerText()).toBe('Mette Kjær, Karl Konsulent');
    await syncNow(frida);

    const admin = await tokenOf('admin', ADMIN_PASSWORD);
    const log = await call(admin, 'GET', '/api/admin/audit?action=impartiality.override');
    expect(log.json.entries.filter((e: { target: string }) => e.target === inspectionId)).toMatchObject([{ actorUsername: 'frida', details: { institutionId: INST, reason: REASON } }]);
    expect((await pulled('mette', inspectionId)).consultantIds).toHaveLength(2);
  }, 180_000);

  it('an older visit with the retired participants field: no new input on Nyt tilsyn; the names become the dialogue draft and move into it', async () => {
    const mette = await openAppAs(server.url, 'mette', PW, contexts);
    const id = uuidv7();
    const token = await tokenOf('mette');
    const res = await call(token, 'POST', '/api/sync/push', {
      protocolVersion: PROTOCOL_VERSION,
      clientId: `seed-${uuidv7()}`,
      mutations: [
        {
          mutationId: uuidv7(),
          recordType: 'inspection',
          recordId: id,
          baseRev: 0,
          fields: { institutionId: INST, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-11-02', consultants: ['Mette Kjær'], participants: ['Pædagogisk leder', 'Medarbejderrepræsentant, vuggestuen'], status: 'i_gang' },
        },
      ],
    });
    expect(res.json.results[0].status).toBe('applied');
    await syncNow(mette);
    await mette.goto(`${server.url}/#/institution/${INST}/nyt-tilsyn`);
    await mette.getByRole('button', { name: 'Start tilsyn' }).waitFor();
    expect(await mette.getByLabel('Deltagere i dialogen').count()).toBe(0);

    await mette.goto(`${server.url}/#/tilsyn/${encodeURIComponent(id)}`);
    await mette.getByTestId('legacy-participants').waitFor();
    expect(await mette.getByLabel('Ledelse (én pr. linje)').inputValue()).toBe('Pædagogisk leder');
    expect(await mette.getByLabel('Medarbejderrepræsentanter (én pr. linje)').inputValue()).toBe('Medarbejderrepræsentant, vuggestuen');
    expect(await seriousViolations(mette)).toEqual([]);
    await mette.getByRole('heading', { name: 'Dialogmødet' }).scrollIntoViewIfNeeded();
    await screenshot(mette, '94-deltagere-til-dialog');
    await mette.getByLabel('Tidspunkt for dialogen').fill('13:00');
    await mette.getByRole('button', { name: 'Gem dialogmødet' }).click();
    await expect.poll(() => mette.getByTestId('dialogue-status').innerText()).toBe('Registreret: kl. 13.00, 1 leder, 1 medarbejderrepræsentant.');
    await syncNow(mette);
    const stored = await pulled('mette', id);
    expect(stored).toMatchObject({ participants: [], dialogue: { at: '2026-11-02T13:00', leder: ['Pædagogisk leder'], staff: ['Medarbejderrepræsentant, vuggestuen'] } });
  }, 180_000);
});
