import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { buildDemoData } from '../../shared/demo/demoData';
import { ADMIN_PASSWORD, createUsers, openAppAs, syncNow } from './support/accounts';
import { screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

const PW = 'kalibrering-kode-2026';
let server: RunningServer;
const contexts: BrowserContext[] = [];

/**
 * 25 of the demo's 2025 visits double-scored by Kira and Kalle, both sets sealed: on Leg they agree
 * on 12 (48 %, below the 70 % theme threshold and the 60 % consultant threshold; Kira scores 0.52 steps higher on average), so Leg and both consultants are flagged.
 * Written straight into the server's database with seq 0, so no pull carries them to a device.
 */
function seedDoubleScoring(dataDir: string) {
  const db = new Database(path.join(dataDir, 'tilsyn.sqlite'));
  try {
    const id = (username: string) => (db.prepare('select id from users where username = ?').get(username) as { id: string }).id;
    const [kira, kalle] = [id('kira'), id('kalle')];
    const visits = buildDemoData()
      .inspections.filter((i) => i.status === 'endelig' && i.date >= '2025-01-01')
      .slice(0, 25);
    expect(visits).toHaveLength(25);
    const insert = db.prepare(
      `insert into records (type, id, institution_id, inspection_id, data, field_revs, rev, deleted, leder_visible, updated_at, seq) values ('uafhaengigScore', ?, ?, ?, ?, '{}', 1, 0, 0, ?, 0)`,
    );
    const now = new Date().toISOString();
    visits.forEach((v, n) => {
      for (const [rater, leg] of [
        [kira, 3],
        [kalle, n < 12 ? 3 : 2],
      ] as const) {
        const set = { id: `${v.id}:${rater}`, rev: 1, updatedAt: now, inspectionId: v.id, institutionId: v.institutionId, raterId: rater, scores: { leg }, sealedAt: now };
        insert.run(set.id, v.institutionId, v.id, JSON.stringify(set), now);
      }
    });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [
    { username: 'kira', displayName: 'Kira Konsulent', role: 'konsulent', password: PW, institutionIds: ['DI-01'] },
    { username: 'kalle', displayName: 'Kalle Konsulent', role: 'konsulent', password: PW, institutionIds: ['DI-02'] },
  ]);
  seedDoubleScoring(server.dataDir);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.stop();
});

describe('calibration: the uncertain mark, who sees what, and a vignette session', () => {
  let admin: Page;

  it('forvaltning’s goals dashboard marks Leg’s averages as uncertain, in words, also offline', async () => {
    admin = await openAppAs(server.url, 'admin', ADMIN_PASSWORD, contexts);
    await admin.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Overblik' }).click();
    await admin.getByRole('heading', { name: 'Overblik', level: 1 }).waitFor();
    await admin.getByTestId('uncertain-leg').first().waitFor();
    expect(await admin.getByTestId('uncertain-interaktion').count()).toBe(0);
    expect(await admin.getByTestId('uncertain-note').innerText()).toContain('Usikker: konsulenterne er for lidt enige om Leg');
    // The mark comes from the copy cached at the last sync: offline it is still there.
    await contexts[0]!.setOffline(true);
    await admin.reload();
    await admin.getByTestId('uncertain-leg').first().waitFor();
    await contexts[0]!.setOffline(false);
  });

  it('forvaltning sees the themes only, publishes a vignette and makes Kira calibration lead (keyboard and labels)', async () => {
    await admin.goto(`${server.url}/#/kalibrering`);
    await admin.getByRole('heading', { name: 'Kalibrering', level: 1 }).waitFor();
    expect(await admin.getByTestId('figures-scope').innerText()).toContain('Du ser tallene pr. tema');
    expect(await admin.getByTestId('theme-row-leg').innerText()).toContain('Samme trin under 70 %');
    expect(await admin.getByTestId('consultant-figures').count()).toBe(0);
    expect(await admin.locator('body').innerText()).not.toContain('Kira Konsulent');

    await admin.getByText('Offentliggør en vignet').click();
    await admin.getByLabel('Titel').fill('Frokost på stuen');
    await admin.getByLabel('Beskrevet situation').fill('Otte børn spiser frokost; en voksen hjælper ved bordet, den anden rydder op og svarer ikke, da et barn spørger.');
    // A missing master score is named at its field.
    await admin.getByRole('button', { name: 'Offentliggør vignetten' }).click();
    expect(await admin.getByLabel('Masterscore for Leg').getAttribute('aria-invalid')).toBe('true');
    for (const label of await admin.getByLabel(/^Masterscore for /).all()) await label.selectOption('2');
    await admin.getByLabel('Masterscore for Leg').focus();
    await admin.keyboard.press('ArrowDown'); // 2 → 3 with the keyboard
    expect(await admin.getByLabel('Masterscore for Leg').inputValue()).toBe('3');
    await admin.getByRole('button', { name: 'Offentliggør vignetten' }).click();
    await admin.getByRole('heading', { name: 'Frokost på stuen', level: 3 }).waitFor();

    // Double scoring is off until forvaltning switches it on here; a bad share is named at its field.
    await admin.getByText('Dobbeltscoring', { exact: true }).click();
    await admin.getByLabel('Slå dobbeltscoring til').check();
    await admin.getByLabel('Andel af besøgene (%)').fill('150');
    await admin.getByRole('button', { name: 'Gem dobbeltscoring' }).click();
    expect(await admin.getByLabel('Andel af besøgene (%)').getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('Andel af besøgene (%)').fill('20');
    await admin.getByRole('button', { name: 'Gem dobbeltscoring' }).click();
    await admin.getByText('Dobbeltscoring er slået til: 20 % af besøgene, mindst 2 pr. konsulent pr. halvår.').waitFor();
    // What the server now holds, read with a login of its own (the app's token stays in the platform bridge).
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const settings = await (await fetch(`${server.url}/api/calibration/settings`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(settings).toMatchObject({ enabled: true, share: 0.2, minPerConsultant: 2 });
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, '60-kalibrering-forvaltning');

    await admin.goto(`${server.url}/#/administration`);
    await admin.getByText('0 kalibreringsansvarlige', { exact: true }).click();
    await admin.getByLabel('Kira Konsulent (kira) er kalibreringsansvarlig').check();
    await admin.getByText('1 kalibreringsansvarlig', { exact: true }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
  });

  it('Kira, calibration lead, sees every consultant with warnings; scores the vignette and only then sees the master score and the spread', async () => {
    const kira = await openAppAs(server.url, 'kira', PW, contexts);
    await kira.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kalibrering' }).click();
    await kira.getByTestId('consultant-figures').waitFor();
    expect(await kira.getByTestId('figures-scope').innerText()).toContain('Du er kalibreringsansvarlig');
    const table = await kira.getByTestId('consultant-figures').innerText();
    expect(table).toContain('Kira Konsulent');
    expect(table).toContain('Kalle Konsulent');
    expect(table).toContain('Samme trin under 60 %');
    expect(table).toContain('Gns. forskel mindst 0,50 trin');
    // The warnings are spelled out for the lead above the table.
    const warnings = await kira.getByTestId('lead-warnings').innerText();
    expect(warnings).toContain('Advarsler til dig som kalibreringsansvarlig: 2 konsulenter');
    expect(warnings).toContain('Kalle Konsulent: Samme trin under 60 %');

    const vignette = kira.getByTestId('vignette');
    await vignette.getByRole('heading', { name: 'Frokost på stuen' }).waitFor();
    expect(await kira.getByTestId('vignette-result').count()).toBe(0);
    for (const select of await vignette.getByLabel(/^Trin for /).all()) await select.selectOption('3');
    await vignette.getByRole('button', { name: 'Indsend og lås mine scorer' }).click();
    await kira.getByTestId('vignette-locked').waitFor();
    expect(await kira.getByTestId('master-leg').innerText()).toBe('3');
    expect(await kira.getByTestId('master-interaktion').innerText()).toBe('2');
    // Nobody else has answered: no spread (it would show one colleague's answer), and the page says why.
    expect(await kira.getByTestId('spread-hidden').innerText()).toBe('Spredningen vises først, når mindst 3 har svaret (nu 0): med færre svar kunne man se, hvad en bestemt kollega har scoret.');
    expect(await kira.getByRole('columnheader', { name: /Kollegernes scorer/ }).count()).toBe(0);
    expect(await vignette.getByRole('button', { name: 'Indsend og lås mine scorer' }).count()).toBe(0);
    expect(await seriousViolations(kira)).toEqual([]);
    await screenshot(kira, '61-kalibrering-konsulent');
  });

  it('Kalle (not lead) sees his own figures only, without warnings', async () => {
    const kalle = await openAppAs(server.url, 'kalle', PW, contexts);
    await syncNow(kalle);
    await kalle.goto(`${server.url}/#/kalibrering`);
    await kalle.getByTestId('consultant-figures').waitFor();
    const table = await kalle.getByTestId('consultant-figures').innerText();
    expect(table).toContain('Kalle Konsulent');
    expect(table).not.toContain('Kira Konsulent');
    expect(table).not.toContain('Samme trin under');
    expect(await kalle.getByTestId('lead-warnings').count()).toBe(0);
  });
});
