import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { computeDashboard, indexDashboardData } from '../../../../shared/dashboard';
import { FRAMEWORKS } from '../../../../shared/frameworks/v1';
import { i18n } from '../../../../shared/i18n/i18n';
import { buildDemoData } from '../../../../shared/demo/demoData';
import { AveragesFigure } from '../../../../renderer/features/dashboard/AveragesFigure';
import { uncertainMarks } from '../../../../renderer/features/calibration/uncertainMark';
import type { CachedUncertainThemes } from '../../../../renderer/sync/uncertainThemes';

const SERVER = 'https://tilsyn.kommune.dk';
const cached = (themeIds: string[], serverUrl = SERVER): CachedUncertainThemes => ({
  serverUrl,
  fetchedAt: '2026-06-30T10:00:00.000Z',
  uncertain: { themeIds, windowMonths: 24, generatedAt: '2026-06-30T10:00:00.000Z' },
});

describe('the goals dashboard marks averages of a flagged theme as uncertain', () => {
  it('marks only the themes the server flagged, only from the logged-in server’s copy', () => {
    expect([...uncertainMarks(cached(['leg']), SERVER)!.themeIds]).toEqual(['leg']);
    expect(uncertainMarks(cached([]), SERVER)).toBeNull();
    expect(uncertainMarks(cached(['leg'], 'https://anden.kommune.dk'), SERVER)).toBeNull();
    expect(uncertainMarks(null, SERVER)).toBeNull();
    expect(uncertainMarks(cached(['leg']), null)).toBeNull();
  });

  it('the averages table says "usikker" in the flagged theme’s row and explains it in words', () => {
    const d = computeDashboard(indexDashboardData({ ...buildDemoData(), frameworks: [...FRAMEWORKS] }), {}, { today: '2026-06-30' });
    const render = (marks: ReturnType<typeof uncertainMarks>) =>
      renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(AveragesFigure, { d, goals: [], uncertain: marks })));
    const html = render(uncertainMarks(cached(['leg']), SERVER));
    expect(html).toContain('data-testid="uncertain-leg"');
    expect(html).not.toContain('data-testid="uncertain-interaktion"');
    expect(html.match(/>usikker</g)).toHaveLength(1);
    expect(html).toContain('Usikker: konsulenterne er for lidt enige om Leg (dobbeltscoring, de seneste 24 mdr.)');
    const plain = render(null);
    expect(plain).not.toContain('usikker');
    expect(plain).not.toContain('Usikker');
  });
});
