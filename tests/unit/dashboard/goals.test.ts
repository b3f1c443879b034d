import { describe, expect, it } from 'vitest';
import { parseInstitutionsImport, institutionStepsAsScores } from '../../../shared/importCsv';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { themeScoreId, type Inspection, type ThemeScore } from '../../../shared/inspection';
import { THEME_IDS } from '../../../shared/framework';
import { EXAMPLE_CSV } from './fixture';
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
  goalReasonText,
  measureGoal,
  measurementCounts,
  measurementLabel,
  readGoal,
  thinText,
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
    expect(GOAL_STATUS_LABELS).toEqual({ naaet: 'Målet er nået', paa_sporet: 'På sporet', i_risiko: 'I risiko', ikke_paa_sporet: 'Ikke på sporet' });
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

  it('rule 2: reached → "Målet er nået" (also early, also after the target year)', () => {
    expect(goalStatus(org, s([2021, 2.4], [2022, 3.1]), 2022)).toBe('naaet');
    expect(goalStatus(org, s([2025, 3.0]), 2027)).toBe('naaet');
    // 2.996 shows as "3,00": within the published precision counts as reached.
    expect(goalStatus(org, s([2025, 2.996]), 2025)).toBe('naaet');
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

  it('both goals are reached in 2025: "Målet er nået"', () => {
    const d = computeDashboard(index, {}, { today: '2026-11-23' });
    for (const g of goalsForScale(DEMO_GOALS, d.scaleId)) expect(goalStatus(g, themeSeries(d, g.themeId), 2026)).toBe('naaet');
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

/* The fixture's 40 institutions with their 2020–21 steps as final inspections (org 2,40, komp 2,60). */
function fixtureData(extra: { institutionId: string; date: string; step: 1 | 2 | 3 | 4 }[] = []) {
  const parsed = parseInstitutionsImport(EXAMPLE_CSV);
  if (!parsed.ok || parsed.kind !== 'institutions') throw new Error('fixture not accepted');
  const rows = institutionStepsAsScores(parsed.rows, '2021-06-30', FRAMEWORK_V1, '2026-01-01T00:00:00.000Z');
  const inspections: Inspection[] = rows.map((r) => r.inspection);
  const scores: ThemeScore[] = rows.flatMap((r) => r.scores);
  for (const e of extra) {
    const id = `x-${e.institutionId}-${e.date}`;
    inspections.push({ ...rows[0]!.inspection, id, institutionId: e.institutionId, date: e.date, consultants: ['Test'], imported: undefined });
    for (const t of THEME_IDS) scores.push({ ...rows[0]!.scores[0]!, id: themeScoreId(id, t), inspectionId: id, themeId: t, step: e.step });
  }
  const scoresByInspection = new Map<string, ThemeScore[]>();
  for (const sc of scores) scoresByInspection.set(sc.inspectionId, [...(scoresByInspection.get(sc.inspectionId) ?? []), sc]);
  return {
    institutions: parsed.rows.map((r) => r.institution),
    finalInspections: inspections,
    scoresByInspection,
    frameworks: new Map([[FRAMEWORK_V1.id, FRAMEWORK_V1]]),
  };
}

const org2027 = GoalSchema.parse({ ...org, id: 'org-2027', targetYear: 2027 });

describe('measuring a goal over its round (24 months up to the reading)', () => {
  it('the baseline round 2020–21 holds all 40 institutions with the fixture\'s 2,40; the round after has none new', () => {
    const m = measureGoal(org2027, fixtureData(), '2023-11-23');
    expect(m.map((x) => [x.year, measurementLabel(x), x.from, x.to, x.n, x.sum])).toEqual([
      [2021, '2020–21', '2020-01-01', '2021-12-31', 40, 96],
      [2022, '2021–22', '2021-01-01', '2022-12-31', 40, 96],
      [2023, '24 mdr. til 23.11.2023', '2021-11-24', '2023-11-23', 0, 0],
    ]);
    expect(m[0]).toMatchObject({ mean: 2.4, inScope: 40, counts: true });
    expect(m[2]).toMatchObject({ mean: null, counts: false });
  });

  it('coverage rule: half the institutions in scope and n ≥ 5', () => {
    expect(measurementCounts(20, 40, { minShare: 0.5, minN: 5 })).toBe(true);
    expect(measurementCounts(19, 40, { minShare: 0.5, minN: 5 })).toBe(false);
    expect(measurementCounts(4, 6, { minShare: 0.5, minN: 5 })).toBe(false);
    expect(measurementCounts(5, 6, { minShare: 0.5, minN: 5 })).toBe(true);
    expect(measurementCounts(35, 40, { minShare: 0.9, minN: 5 })).toBe(false);
  });

  it('a goal stores its round and threshold, with defaults', () => {
    expect(org).toMatchObject({ roundMonths: 24, coverage: { minShare: 0.5, minN: 5 } });
    expect(GoalSchema.safeParse({ ...org, coverage: { minShare: 1.5, minN: 5 } }).error!.issues[0]!.message).toBe('Andelen skal være mellem 0 og 1');
  });
});

describe('readGoal: status only from enough data', () => {
  it('one inspection in a new round (n = 1 of 40) does not set the status: "For få tilsyn (n = 1 af 40)", status from the last round that counts', () => {
    const data = fixtureData([{ institutionId: 'DI-01', date: '2026-02-01', step: 1 }]);
    const r = readGoal(org2027, data, '2026-11-23');
    expect(r.thin).toMatchObject({ measurement: { year: 2026, n: 1, inScope: 40, mean: 1 } });
    expect(thinText(r.thin!.measurement)).toBe('For få tilsyn (n = 1 af 40)');
    expect(r.basis).toMatchObject({ year: 2022, n: 40, mean: 2.4 });
    expect(measurementLabel(r.basis!)).toBe('2021–22');
    // 2,40 in 2022 against a line that expects 2,50: behind, but 0,6 in 5 years is within twice the pace.
    expect(r.latest).toEqual({ year: 2022, mean: 2.4 });
    expect(r.status).toBe('i_risiko');
    // Without the rule the single inspection would have made it red:
    expect(goalStatus(org2027, [{ year: 2026, mean: 1 }], 2026)).toBe('ikke_paa_sporet');
  });

  it('a round with enough inspections counts again and sets the status', () => {
    const better = Array.from({ length: 25 }, (_, k) => ({ institutionId: `DI-${String(k + 1).padStart(2, '0')}`, date: '2026-03-01', step: 3 as const }));
    const r = readGoal(org2027, fixtureData(better), '2026-11-23');
    expect(r.thin).toBeNull();
    expect(r.basis).toMatchObject({ year: 2026, n: 25, mean: 3 });
    expect(r.status).toBe('naaet');
    expect(r.reason).toEqual({ code: 'reached', year: 2026 });
    expect(goalReasonText(r.reason)).toBe('Målet er nået i 2026');
  });

  it('a threshold stored with the goal is respected (90 % of 40 needs 36)', () => {
    const some = Array.from({ length: 35 }, (_, k) => ({ institutionId: `DI-${String(k + 1).padStart(2, '0')}`, date: '2026-03-01', step: 3 as const }));
    const strict = GoalSchema.parse({ ...org2027, coverage: { minShare: 0.9, minN: 5 } });
    const r = readGoal(strict, fixtureData(some), '2026-11-23');
    expect(thinText(r.thin!.measurement)).toBe('For få tilsyn (n = 35 af 40)');
    expect(r.basis?.year).toBe(2022);
  });

  it('an institution filter limits the scope and the denominator', () => {
    const ten = parseInstitutionsImport(EXAMPLE_CSV);
    if (!ten.ok || ten.kind !== 'institutions') throw new Error();
    const ids = ten.rows.slice(0, 10).map((r) => r.institution.id);
    const scoped = GoalSchema.parse({ ...org2027, institutionIds: ids });
    const r = readGoal(scoped, fixtureData([{ institutionId: 'DI-01', date: '2026-02-01', step: 4 }]), '2026-11-23');
    expect(thinText(r.thin!.measurement)).toBe('For få tilsyn (n = 1 af 10)');
    expect(r.measurements[0]).toMatchObject({ n: 10, inScope: 10 });
  });

  it('shows the measured baseline beside the stated one only when they differ', () => {
    expect(readGoal(org2027, fixtureData(), '2026-11-23').measuredBaseline).toBeNull();
    const stated25 = GoalSchema.parse({ ...org2027, baselineValue: 2.5 });
    expect(readGoal(stated25, fixtureData(), '2026-11-23').measuredBaseline).toMatchObject({ year: 2021, roundMonths: 24, to: '2021-12-31', mean: 2.4, n: 40 });
  });
});
