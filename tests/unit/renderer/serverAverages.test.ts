import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../../shared/i18n/i18n';
import { THEME_IDS } from '../../../shared/framework';
import type { ThemeAverages } from '../../../shared/themeAverages';
import { ServerAverages } from '../../../renderer/features/dashboard/ServerAverages';

const cell = (mean: number, n: number) => ({ suppressed: false, mean, sum: Math.round(mean * n), n, counts: { 1: 0, 2: 0, 3: n, 4: 0 }, notAssessed: 0 });
const averages: ThemeAverages = {
  scaleId: 'tilsyn-4-trin',
  frameworkId: 'v1',
  grouping: 'year',
  minN: 5,
  updatedAt: '2026-11-30T10:00:00Z',
  generatedAt: '2026-12-01T10:00:00Z',
  periods: [
    {
      key: '2025',
      label: '2025',
      year: 2025,
      institutions: 40,
      themes: Object.fromEntries(THEME_IDS.map((t, i) => [t, i === 0 ? { suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null } : cell(107 / 40, 40)])) as ThemeAverages['periods'][number]['themes'],
    },
  ],
};
const render = (cached: Parameters<typeof ServerAverages>[0]['cached'], serverUrl = 'https://tilsyn.example.dk') =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ServerAverages, { cached, serverUrl })));

describe('the konsulent’s Overblik shows the server’s municipal figures (cached)', () => {
  it('each period and theme with the exact mean and n, small cells suppressed, and when it was fetched', () => {
    const html = render({ serverUrl: 'https://tilsyn.example.dk', fetchedAt: '2026-12-01T10:00:00Z', averages });
    expect(html).toContain('Kommunens gennemsnit (fra serveren)');
    expect(html).toContain('2,68 (n = 40)');
    expect(html).toContain('for få');
    expect(html).toContain('<th scope="row">2025</th><td class="num">40</td>');
  });

  it('none fetched yet, or fetched from another server: says so instead of showing figures', () => {
    expect(render(null)).toContain('Serverens tal er ikke hentet endnu');
    expect(render({ serverUrl: 'https://andet.example.dk', fetchedAt: '2026-12-01T10:00:00Z', averages })).toContain('Serverens tal er ikke hentet endnu');
  });
});
