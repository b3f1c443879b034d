import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, loginInApp } from './support/accounts';
import { newProfileDir, openProfile, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { seriousViolations } from './support/axe';

let server: RunningServer;
let ctx: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  ctx = await openProfile(newProfileDir());
  page = await ctx.newPage();
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

describe('forvaltning keeps the tilsynsramme under Administration › Tilsynsramme', () => {
  it('a version with an empty section cannot become gældende: the Danish message stands next to the section', async () => {
    await loginInApp(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.url}/#/administration/tilsynsramme`);
    await page.getByRole('heading', { name: 'Tilsynsramme', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Ny version' }).click();
    await page.getByLabel('Organisering af tilsynet med det pædagogiske indhold').fill('Tilsynet udføres af Dagtilbudssekretariatets konsulenter.');
    await page.getByLabel('Brug af anmeldte og uanmeldte besøg').fill('Hvert hus får et anmeldt besøg hvert andet år og et uanmeldt besøg hvert år.');
    // «Sådan sikres uvildighed» is left empty.
    await page.getByLabel('Brug af data, herunder observationer').fill('Tre timers observation ud fra tilsynskonceptets kriterier.');
    await page.getByLabel('Skærpet tilsyn og handleplan').fill('Ved bekymring starter skærpet tilsyn inden ti arbejdsdage.');
    await page.getByLabel('Godkendt den').fill('20.11.2024');
    await page.getByLabel('Godkendt af').fill('Børne- og Skoleudvalget');
    await page.getByLabel('Offentliggjort på (adresse)').fill('https://kommune.example.dk/tilsyn');
    await page.getByLabel('Gælder for tilsyn fra').fill('01.01.2025');
    await page.getByLabel('Uanmeldt besøg mindst hver (måneder)').fill('12');
    await page.getByRole('button', { name: 'Gem og gør gældende' }).click();

    const empty = page.getByLabel('Sådan sikres uvildighed');
    const message = 'Afsnittet «Sådan sikres uvildighed» er tomt. Loven kræver, at rammen beskriver det.';
    await page.getByText(message).waitFor();
    await expect.poll(() => empty.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's own (aria-describedby), and focus is on the field.
    const describedBy = (await empty.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`[id="${describedBy[0]}"]`).innerText()).toContain(message);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await screenshot(page, 'tilsynsramme-tomt-afsnit');
    expect(await seriousViolations(page)).toEqual([]);

    // Saved as a kladde, the version is listed as such.
    await page.getByRole('button', { name: 'Gem kladde' }).click();
    await page.getByTestId('admin-rammer').getByRole('cell', { name: 'Kladde' }).waitFor();

    // Written, it becomes gældende.
    await page.getByRole('button', { name: 'Redigér version 1' }).click();
    await page.getByLabel('Sådan sikres uvildighed').fill('Konsulenter fører ikke tilsyn med de huse, de er tilknyttet.');
    await page.getByRole('button', { name: 'Gem og gør gældende' }).click();
    await page.getByTestId('admin-rammer').getByRole('cell', { name: 'Gældende' }).waitFor();
    await page.getByRole('button', { name: 'Vis version 1' }).click();
    await page.getByRole('heading', { name: 'Sådan sikres uvildighed', level: 4 }).waitFor();
    await page.getByText('12 måneder').waitFor();
    await screenshot(page, 'tilsynsramme-gaeldende');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('an enhed needs the institution it belongs to (Administration › Institutioner)', async () => {
    await page.goto(`${server.url}/#/administration/institutioner`);
    await page.getByRole('heading', { name: 'Institutioner', level: 2 }).waitFor();
    const create = async (name: string, id: string, unit?: string, parent?: string) => {
      await page.getByRole('button', { name: 'Ny institution' }).click();
      await page.getByLabel('Navn').fill(name);
      await page.getByLabel('Id', { exact: true }).fill(id);
      if (unit) await page.getByLabel('Enhed efter loven').selectOption({ label: unit });
      if (parent) await page.getByLabel('Hører under (for en enhed)').selectOption({ label: parent });
      await page.getByRole('button', { name: 'Opret institution' }).click();
    };
    await create('Børnehuset Ørnen', 'DI-50');
    await page.getByTestId('admin-institutions').getByRole('rowheader', { name: 'Børnehuset Ørnen' }).waitFor();
    const enhed = 'Enhed i en institution med flere enheder (§ 19 stk. 6)';
    await create('Ørnen, Skovgruppen', 'DI-50A', enhed);
    await page.getByText('En enhed skal høre under en institution').waitFor();
    expect(await page.getByLabel('Hører under (for en enhed)').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Hører under (for en enhed)').selectOption({ label: 'Børnehuset Ørnen (DI-50)' });
    await page.getByRole('button', { name: 'Opret institution' }).click();
    await page.getByTestId('admin-institutions').getByText('· enhed af Børnehuset Ørnen').waitFor();
  });
});
