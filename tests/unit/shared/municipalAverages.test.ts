import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../../shared/demo/demoData';
import { THEME_IDS } from '../../../shared/framework';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { computeThemeAverages } from '../../../shared/municipalAverages';
import { MIN_CELL_N, ThemeAveragesSchema } from '../../../shared/themeAverages';

const demo = { ...buildDemoData(), frameworks: [FRAMEWORK_V1] };

describe('computeThemeAverages (the municipal average a leder compares with)', () => {
  const a = computeThemeAverages(demo, { today: '2026-11-23', generatedAt: '2026-11-23T00:00:00Z' });

  it('gives the fixture’s 2021 averages with n and step counts', () => {
    const y2021 = a.periods.find((p) => p.key === '2021')!;
    expect(y2021.institutions).toBe(40);
    expect(y2021.themes['paedagogisk-organisering']).toMatchObject({ suppressed: false, n: 40 });
    expect(y2021.themes['paedagogisk-organisering'].mean).toBeCloseTo(2.4, 10);
    expect(y2021.themes['boernenes-kompetencer'].mean).toBeCloseTo(2.6, 10);
    const c = y2021.themes['paedagogisk-organisering'].counts!;
    expect(c[1] + c[2] + c[3] + c[4]).toBe(40);
    expect(a.periods.find((p) => p.key === '2025')!.themes['paedagogisk-organisering']).toMatchObject({ mean: 3, n: 35 });
    expect(ThemeAveragesSchema.parse(a)).toEqual(a);
  });

  it('names no institution and no inspection', () => {
    const json = JSON.stringify(a);
    for (const i of demo.institutions) {
      expect(json).not.toContain(i.id);
      expect(json).not.toContain(i.name);
    }
    expect(json).not.toContain('demo-');
  });

  it(`suppresses every cell with fewer than ${MIN_CELL_N} institutions`, () => {
    const few = { ...demo, institutions: demo.institutions.slice(0, 4) };
    const b = computeThemeAverages(few, { today: '2026-11-23', generatedAt: '' });
    expect(b.periods.length).toBeGreaterThan(0);
    for (const p of b.periods) for (const t of THEME_IDS) expect(p.themes[t]).toEqual({ suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null });
    const five = computeThemeAverages({ ...demo, institutions: demo.institutions.slice(0, 5) }, { today: '2026-11-23', generatedAt: '' });
    expect(five.periods.find((p) => p.key === '2021')!.themes.leg).toMatchObject({ suppressed: false, n: 5 });
  });
});
