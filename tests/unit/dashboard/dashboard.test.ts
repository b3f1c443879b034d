import { describe, expect, it } from 'vitest';
import {
  computeDashboard,
  dashboard,
  indexDashboardData,
  periodOf,
  roundStart,
  sortHeatMap,
  themeSeries,
  type DashboardData,
} from '../../../shared/dashboard';
import { latestFinalPerInstitution } from '../../../shared/aggregate';
import { buildDemoData, DEMO_NOT_ASSESSED_2019, DEMO_NOT_INSPECTED_2025 } from '../../../shared/demo/demoData';
import { THEME_IDS } from '../../../shared/framework';
import { FRAMEWORK_V1, FRAMEWORKS } from '../../../shared/frameworks/v1';
import type { Institution } from '../../../shared/institution';
import { byHand, FRAMEWORK_V2_OTHER_SCALE, inspection, scores, STEP_COLUMNS } from './fixture';

const TODAY = '2026-11-23';
const demo = buildDemoData();
const data: DashboardData = { ...demo, frameworks: [...FRAMEWORKS] };
const index = indexDashboardData(data);
const all = computeDashboard(index, {}, { today: TODAY });
const y = (d: ReturnType<typeof computeDashboard>, year: number) => d.periods.find((p) => p.year === year && p.key === String(year))!;

describe('theme averages per year against the fixture, by hand', () => {
  const p2021 = y(all, 2021);

  it('2021: pædagogisk organisering 2.40 and børnenes kompetencer 2.60, n = 40', () => {
    // By hand from the CSV text: 96 / 40 and 104 / 40.
    expect(byHand('T1_org').sum).toBe(96);
    expect(byHand('T6_komp').sum).toBe(104);
    expect(p2021.stats['paedagogisk-organisering'].mean).toBeCloseTo(2.4, 10);
    expect(p2021.stats['boernenes-kompetencer'].mean).toBeCloseTo(2.6, 10);
    expect(p2021.stats['paedagogisk-organisering'].n).toBe(40);
    expect(p2021.stats['boernenes-kompetencer'].n).toBe(40);
    expect(p2021.institutions).toBe(40);
  });

  it('2021: every theme’s mean, n and step counts equal the counts taken from the CSV text', () => {
    for (const themeId of THEME_IDS) {
      const hand = byHand(STEP_COLUMNS[themeId]);
      const stat = p2021.stats[themeId];
      expect(stat.counts, themeId).toEqual(hand.counts);
      expect(stat.n, themeId).toBe(hand.n);
      expect(stat.mean!, themeId).toBeCloseTo(hand.mean, 10);
    }
  });

  it('2021 step counts, spelled out (counted in the fixture with awk, column by column)', () => {
    // awk -F, 'NR>1{n[$10]++} END{...}' examples/institutions.csv, and so on for columns 10–16.
    const expected = {
      'paedagogisk-organisering': { 1: 4, 2: 18, 3: 16, 4: 2 }, // 4 + 36 + 48 + 8 = 96 → 2.40
      'fysiske-rammer': { 1: 0, 2: 8, 3: 24, 4: 8 },
      interaktion: { 1: 0, 2: 6, 3: 24, 4: 10 },
      leg: { 1: 0, 2: 7, 3: 26, 4: 7 },
      rutiner: { 1: 1, 2: 10, 3: 25, 4: 4 },
      'boernenes-kompetencer': { 1: 2, 2: 15, 3: 20, 4: 3 }, // 2 + 30 + 60 + 12 = 104 → 2.60
      overgange: { 1: 0, 2: 9, 3: 26, 4: 5 },
    };
    for (const themeId of THEME_IDS) expect(p2021.stats[themeId].counts, themeId).toEqual(expected[themeId]);
  });

  it('has the four demo years, with the demo’s exact goal-theme means and n', () => {
    expect(all.periods.map((p) => p.label)).toEqual(['2019', '2021', '2023', '2025']);
    expect(y(all, 2019).stats['paedagogisk-organisering'].mean).toBeCloseTo(2.2, 10);
    expect(y(all, 2023).stats['paedagogisk-organisering'].mean).toBeCloseTo(2.7, 10);
    expect(y(all, 2025).stats['paedagogisk-organisering'].mean).toBeCloseTo(3.0, 10);
    expect(y(all, 2025).stats['boernenes-kompetencer'].mean).toBeCloseTo(3.0, 10);
    expect(y(all, 2025).stats['boernenes-kompetencer'].n).toBe(40 - DEMO_NOT_INSPECTED_2025.length);
  });

  it('leaves "ikke vurderet" out of n and the mean', () => {
    const p = y(all, 2019);
    for (const { themeId } of DEMO_NOT_ASSESSED_2019) {
      expect(p.stats[themeId].n).toBe(39);
      expect(p.stats[themeId].notAssessed).toBe(1);
    }
  });
});

describe('filters', () => {
  it('type, ownership and district change n', () => {
    const byType = computeDashboard(index, { type: 'vuggestue' }, { today: TODAY });
    expect(byType.institutionCount).toBe(3);
    expect(y(byType, 2021).stats['paedagogisk-organisering'].n).toBe(3);
    // By hand: the vuggestuer DI-01..03 have T1_org 3, 2, 2.
    expect(y(byType, 2021).stats['paedagogisk-organisering'].mean).toBeCloseTo(7 / 3, 10);

    const kommunal = computeDashboard(index, { ownership: 'kommunal' }, { today: TODAY });
    expect(y(kommunal, 2021).stats.leg.n).toBe(15);
    const selvejende = computeDashboard(index, { ownership: 'selvejende' }, { today: TODAY });
    expect(y(selvejende, 2021).stats.leg.n).toBe(25);

    const nord = computeDashboard(index, { district: 'Nord' }, { today: TODAY });
    expect(nord.institutionCount).toBe(10);
    expect(nord.heatMap.every((r) => r.district === 'Nord')).toBe(true);
  });

  it('the weighted sub-group means add up to the municipal mean', () => {
    const k = y(computeDashboard(index, { ownership: 'kommunal' }, { today: TODAY }), 2021).stats['boernenes-kompetencer'];
    const s = y(computeDashboard(index, { ownership: 'selvejende' }, { today: TODAY }), 2021).stats['boernenes-kompetencer'];
    expect((k.mean! * k.n + s.mean! * s.n) / (k.n + s.n)).toBeCloseTo(2.6, 10);
  });

  it('the period limits the years and the heat map’s latest inspection', () => {
    const d = computeDashboard(index, { fromYear: 2020, toYear: 2022 }, { today: TODAY });
    expect(d.periods.map((p) => p.year)).toEqual([2021]);
    expect(d.heatMap.every((r) => r.date?.startsWith('2021'))).toBe(true);
    expect(d.heatMap.find((r) => r.institutionId === 'DI-01')!.cells['paedagogisk-organisering'].step).toBe(3);
  });
});

describe('rounds of two years', () => {
  it('starts rounds in even years: 2021 belongs to 2020–21', () => {
    expect(roundStart(2021)).toBe(2020);
    expect(roundStart(2020)).toBe(2020);
    expect(periodOf('2021-05-03', 'round')).toMatchObject({ key: '2020-2021', label: '2020–21', year: 2021, from: '2020-01-01', to: '2021-12-31' });
  });

  it('takes each institution’s latest final inspection in the round', () => {
    const inst: Institution[] = ['A', 'B'].map((id) => ({ id, name: id, type: 'børnehave', ownership: 'kommunal', children0to2: 0, children3to5: 20, rev: 0 }));
    const d = dashboard(
      {
        institutions: inst,
        inspections: [inspection('a1', 'A', '2020-03-01'), inspection('a2', 'A', '2021-09-01'), inspection('b1', 'B', '2020-10-01')],
        themeScores: [...scores('a1', 1), ...scores('a2', 3), ...scores('b1', 4)],
        frameworks: [FRAMEWORK_V1],
      },
      {},
      { today: TODAY, grouping: 'round' },
    );
    expect(d.periods).toHaveLength(1);
    expect(d.periods[0]!.stats.leg).toMatchObject({ n: 2, mean: 3.5, counts: { 1: 0, 2: 0, 3: 1, 4: 1 } });
    // Per year, A counts in both years.
    const perYear = dashboard(
      { institutions: inst, inspections: [inspection('a1', 'A', '2020-03-01'), inspection('a2', 'A', '2021-09-01'), inspection('b1', 'B', '2020-10-01')], themeScores: [...scores('a1', 1), ...scores('a2', 3), ...scores('b1', 4)], frameworks: [FRAMEWORK_V1] },
      {},
      { today: TODAY },
    );
    expect(perYear.periods.map((p) => [p.label, p.stats.leg.mean, p.stats.leg.n])).toEqual([
      ['2020', 2.5, 2],
      ['2021', 3, 1],
    ]);
  });

  it('the demo per round gives the same 2020–21 figures as 2021', () => {
    const d = computeDashboard(index, {}, { today: TODAY, grouping: 'round' });
    expect(d.periods.map((p) => p.label)).toEqual(['2018–19', '2020–21', '2022–23', '2024–25']);
    const r = d.periods[1]!;
    expect(r.stats['paedagogisk-organisering']).toMatchObject({ n: 40, counts: byHand('T1_org').counts });
    expect(r.stats['paedagogisk-organisering'].mean).toBeCloseTo(2.4, 10);
    expect(themeSeries(d, 'boernenes-kompetencer').map((p) => p.year)).toEqual([2019, 2021, 2023, 2025]);
  });
});

describe('never mixing framework versions with different scales', () => {
  const institutions: Institution[] = ['A', 'B', 'C'].map((id) => ({ id, name: `Inst ${id}`, type: 'integreret', ownership: 'kommunal', children0to2: 10, children3to5: 20, rev: 0 }));
  const mixed: DashboardData = {
    institutions,
    inspections: [
      inspection('a-v1', 'A', '2027-03-01'),
      inspection('b-v1', 'B', '2027-04-01'),
      // C was inspected on v2 (other scale) later the same year: v2 must not be averaged with v1 …
      inspection('c-v1', 'C', '2027-02-01'),
      inspection('c-v2', 'C', '2027-06-01', { frameworkId: 'v2' }),
      // … and A's later v2 inspection must not replace its v1 one in the v1 average.
      inspection('a-v2', 'A', '2027-09-01', { frameworkId: 'v2' }),
    ],
    themeScores: [...scores('a-v1', 2), ...scores('b-v1', 3), ...scores('c-v1', 1), ...scores('c-v2', 4), ...scores('a-v2', 4)],
    frameworks: [FRAMEWORK_V1, FRAMEWORK_V2_OTHER_SCALE],
  };

  it('the default (current framework’s) scale counts only v1 inspections', () => {
    const d = dashboard(mixed, {}, { today: '2027-12-31' });
    expect(d.scaleId).toBe(FRAMEWORK_V1.scale.id);
    expect(d.periods[0]!.stats.leg).toMatchObject({ n: 3, mean: 2, counts: { 1: 1, 2: 1, 3: 1, 4: 0 } });
    expect(d.excludedOtherScale).toBe(2);
    expect(d.heatMap.find((r) => r.institutionId === 'A')!.inspectionId).toBe('a-v1');
  });

  it('asking for the v2 scale counts only v2 inspections, with v2’s labels', () => {
    const d = dashboard(mixed, {}, { today: '2027-12-31', scaleId: 'tilsyn-2027' });
    expect(d.periods[0]!.stats.leg).toMatchObject({ n: 2, mean: 4 });
    expect(d.framework.id).toBe('v2');
    expect(d.excludedOtherScale).toBe(3);
  });

  it('an inspection on a framework the app does not know is left out, not guessed', () => {
    const d = dashboard({ ...mixed, frameworks: [FRAMEWORK_V1] }, {}, { today: '2027-12-31' });
    expect(d.periods[0]!.stats.leg.n).toBe(3);
    expect(d.excludedOtherScale).toBe(2);
  });
});

describe('heat map', () => {
  it('has one row per institution with its latest final inspection', () => {
    expect(all.heatMap).toHaveLength(40);
    const di06 = all.heatMap.find((r) => r.institutionId === 'DI-06')!;
    expect(di06.date?.startsWith('2023')).toBe(true);
    const di01 = all.heatMap.find((r) => r.institutionId === 'DI-01')!;
    expect(di01.date?.startsWith('2025')).toBe(true);
    const steps = THEME_IDS.map((t) => di01.cells[t].step!);
    expect(di01.mean).toBeCloseTo(steps.reduce((a, b) => a + b, 0) / 7, 10);
  });

  it('sorts by a theme in both directions, rows without a value last, ties by name', () => {
    const rows = computeDashboard(index, { fromYear: 2021, toYear: 2021 }, { today: TODAY }).heatMap;
    const asc = sortHeatMap(rows, 'paedagogisk-organisering', 'ascending');
    const desc = sortHeatMap(rows, 'paedagogisk-organisering', 'descending');
    const stepsAsc = asc.map((r) => r.cells['paedagogisk-organisering'].step!);
    expect(stepsAsc).toEqual([...stepsAsc].sort((a, b) => a - b));
    expect(desc[0]!.cells['paedagogisk-organisering'].step).toBe(Math.max(...stepsAsc));
    const firstOnes = asc.filter((r) => r.cells['paedagogisk-organisering'].step === stepsAsc[0]).map((r) => r.name);
    expect(firstOnes).toEqual([...firstOnes].sort((a, b) => a.localeCompare(b, 'da')));

    const withEmpty = [...rows, { ...rows[0]!, institutionId: 'X', name: 'Åen', inspectionId: null, date: null, mean: null, cells: Object.fromEntries(THEME_IDS.map((t) => [t, { step: null, notAssessed: false, notAssessedReason: '' }])) as (typeof rows)[0]['cells'] }];
    expect(sortHeatMap(withEmpty, 'leg', 'ascending').at(-1)!.institutionId).toBe('X');
    expect(sortHeatMap(withEmpty, 'leg', 'descending').at(-1)!.institutionId).toBe('X');
    expect(sortHeatMap(withEmpty, 'name', 'descending')[0]!.name).toBe('Åen');
  });
});

describe('freshness', () => {
  it('"Opdateret" is the newest updatedAt in the data', () => {
    const newest = [...demo.inspections, ...demo.themeScores].map((r) => r.updatedAt).sort().at(-1);
    expect(all.updatedAt).toBe(newest);
  });
});

describe('one rule for "latest final inspection" (shared/aggregate.ts keepLatest)', () => {
  it('the dashboard and latestFinalPerInstitution pick the same one of two on the same day, in any order', () => {
    const a = inspection('a-same-day', 'DI-05', '2026-01-15');
    const b = inspection('b-same-day', 'DI-05', '2026-01-15');
    const frameworkMap = new Map(FRAMEWORKS.map((f) => [f.id, f]));
    for (const extra of [[a, b], [b, a]]) {
      const withTie: DashboardData = { ...data, inspections: [...data.inspections, ...extra], themeScores: [...data.themeScores, ...scores(a.id, 1), ...scores(b.id, 4)] };
      const d = computeDashboard(indexDashboardData(withTie), {}, { today: TODAY });
      const picked = latestFinalPerInstitution(withTie.inspections, { from: '2026-01-01', to: '2026-12-31' }, frameworkMap, FRAMEWORK_V1.scale.id).get('DI-05')!;
      expect(picked.id).toBe('b-same-day');
      expect(d.heatMap.find((r) => r.institutionId === 'DI-05')!.inspectionId).toBe(picked.id);
      expect(y(d, 2026).stats.leg).toMatchObject({ n: 1, mean: 4 });
    }
  });
});
