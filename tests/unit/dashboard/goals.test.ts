import { describe, expect, it } from 'vitest';
import { computeDashboard, goalsForScale, indexDashboardData, themeSeries } from '../../../shared/dashboard';
import { buildDemoData } from '../../../shared/demo/demoData';
import { FRAMEWORKS } from '../../../shared/frameworks/v1';
import {
  assessGoal,
  DEMO_GOALS,
  expectedValue,
  GOAL_STATUS_LABELS,
  GoalSchema,
  goalStatus,
  type Goal,
} from '../../../shared/goals';

const org = DEMO_GOALS.find((g) => g.themeId === 'paedagogisk-organisering')!;
const komp = DEMO_GOALS.find((g) => g.themeId === 'boernenes-kompetencer')!;

describe('DEMO_GOALS', () => {
  it('are the seeds’ two goals: 2.4 → 3.0 and 2.6 → 3.0, 2021 → 2025', () => {
    expect(org).toMatchObject({ baselineValue: 2.4, baselineYear: 2021, targetValue: 3, targetYear: 2025, scaleId: 'tilsyn-4-trin' });
    expect(komp).toMatchObject({ baselineValue: 2.6, baselineYear: 2021, targetValue: 3, targetYear: 2025 });
  });

  it('the schema refuses a target year before the baseline and values off the scale, in Danish', () => {
    const bad = GoalSchema.safeParse({ ...org, targetYear: 2020, targetValue: 5 });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toContain('Værdien skal være mellem 1 og 4');
  });

  it('has the three Danish labels', () => {
    expect(GOAL_STATUS_LABELS).toEqual({ paa_sporet: 'På sporet', i_risiko: 'I risiko', ikke_paa_sporet: 'Ikke på sporet' });
  });
});

describe('expectedValue: the straight line from baseline to target', () => {
  it('interpolates and is flat outside', () => {
    expect(expectedValue(org, 2021)).toBeCloseTo(2.4);
    expect(expectedValue(org, 2023)).toBeCloseTo(2.7);
    expect(expectedValue(org, 2024)).toBeCloseTo(2.85);
    expect(expectedValue(org, 2025)).toBeCloseTo(3.0);
    expect(expectedValue(org, 2030)).toBeCloseTo(3.0);
    expect(expectedValue(org, 2019)).toBeCloseTo(2.4);
  });
});

describe('goalStatus rules (org: 2.4 in 2021 → 3.0 in 2025, planned pace 0.15 a year)', () => {
  const s = (...points: [number, number | null][]) => points.map(([year, mean]) => ({ year, mean }));

  it('rule 1: no measurement after the baseline yet → på sporet; the target year over with none → ikke på sporet', () => {
    expect(goalStatus(org, s([2021, 2.4]), 2022)).toBe('paa_sporet');
    expect(goalStatus(org, [], 2022)).toBe('paa_sporet');
    expect(goalStatus(org, s([2021, 2.4]), 2025)).toBe('paa_sporet');
    expect(goalStatus(org, s([2021, 2.4]), 2026)).toBe('ikke_paa_sporet');
  });

  it('rule 2: reached → på sporet (also early, also after the target year)', () => {
    expect(goalStatus(org, s([2021, 2.4], [2022, 3.1]), 2022)).toBe('paa_sporet');
    expect(goalStatus(org, s([2025, 3.0]), 2027)).toBe('paa_sporet');
    // 2.996 shows as "3,00": within the published precision counts as reached.
    expect(goalStatus(org, s([2025, 2.996]), 2025)).toBe('paa_sporet');
  });

  it('rule 3: the target year measured or over without reaching it → ikke på sporet', () => {
    expect(goalStatus(org, s([2025, 2.9]), 2025)).toBe('ikke_paa_sporet');
    expect(goalStatus(org, s([2023, 2.7]), 2026)).toBe('ikke_paa_sporet');
  });

  it('rule 4: on or above the line → på sporet', () => {
    expect(goalStatus(org, s([2023, 2.7]), 2023)).toBe('paa_sporet');
    expect(goalStatus(org, s([2023, 2.696]), 2024)).toBe('paa_sporet');
    expect(goalStatus(org, s([2022, 2.8]), 2022)).toBe('paa_sporet');
  });

  it('rule 5: behind the line but needing at most twice the planned pace → i risiko', () => {
    // 2023: 2.5, needs (3.0 − 2.5) / 2 = 0.25 a year = 1.67 × 0.15.
    expect(goalStatus(org, s([2023, 2.5]), 2023)).toBe('i_risiko');
    // Exactly twice: 2024 at 2.7 needs 0.30 = 2 × 0.15.
    expect(goalStatus(org, s([2024, 2.7]), 2024)).toBe('i_risiko');
  });

  it('rule 5: needing more than twice the planned pace → ikke på sporet', () => {
    // 2023: 2.35 needs 0.325 a year = 2.17 × 0.15.
    expect(goalStatus(org, s([2023, 2.35]), 2023)).toBe('ikke_paa_sporet');
    // Going backwards.
    expect(goalStatus(org, s([2024, 2.3]), 2024)).toBe('ikke_paa_sporet');
  });

  it('uses the latest measurement up to the current year and ignores empty periods and later years', () => {
    expect(goalStatus(org, s([2022, 2.3], [2023, 2.7], [2024, null]), 2024)).toBe('paa_sporet');
    expect(goalStatus(org, s([2023, 2.7], [2027, 2.0]), 2024)).toBe('paa_sporet');
    expect(assessGoal(org, s([2022, 2.3], [2023, 2.7]), 2024).latest).toEqual({ year: 2023, mean: 2.7 });
  });

  it('works the same way for a goal that should go down', () => {
    const down: Goal = { ...org, id: 'ned', baselineValue: 3.0, targetValue: 2.0 };
    expect(goalStatus(down, s([2023, 2.5]), 2023)).toBe('paa_sporet');
    expect(goalStatus(down, s([2023, 2.7]), 2023)).toBe('i_risiko');
    expect(goalStatus(down, s([2023, 3.1]), 2023)).toBe('ikke_paa_sporet');
  });
});

describe('goal status on the demo data', () => {
  const index = indexDashboardData({ ...buildDemoData(), frameworks: [...FRAMEWORKS] });

  it('both goals are reached in 2025: på sporet', () => {
    const d = computeDashboard(index, {}, { today: '2026-11-23' });
    for (const g of goalsForScale(DEMO_GOALS, d.scaleId)) expect(goalStatus(g, themeSeries(d, g.themeId), 2026)).toBe('paa_sporet');
  });

  it('as seen in 2023 (period to 2023), both follow their trajectory exactly: på sporet', () => {
    const d = computeDashboard(index, { toYear: 2023 }, { today: '2023-12-31' });
    expect(assessGoal(org, themeSeries(d, org.themeId), 2023)).toMatchObject({ status: 'paa_sporet', latest: { year: 2023 } });
    expect(assessGoal(komp, themeSeries(d, komp.themeId), 2023).expected).toBeCloseTo(2.8);
  });

  it('goals on another scale are not compared with these averages', () => {
    expect(goalsForScale([...DEMO_GOALS, { ...org, id: 'x', scaleId: 'tilsyn-2027' }], 'tilsyn-4-trin')).toHaveLength(2);
  });
});
