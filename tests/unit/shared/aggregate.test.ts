import { describe, expect, it } from 'vitest';
import {
  groupByInspection,
  latestFinalPerInstitution,
  periodAverages,
  themeProfile,
  themeStats,
} from '../../../shared/aggregate';
import { buildDemoData } from '../../../shared/demo/demoData';
import { INSTITUTIONS_CSV } from '../../../shared/demo/institutionsCsv';
import { FrameworkSchema, THEME_IDS, type Framework, type Step, type ThemeId } from '../../../shared/framework';
import { FRAMEWORK_V1, FRAMEWORKS } from '../../../shared/frameworks/v1';
import type { Inspection, ThemeScore } from '../../../shared/inspection';
import { formatMean } from '../../../shared/format';

const frameworks = new Map(FRAMEWORKS.map((f) => [f.id, f]));
const SCALE = FRAMEWORK_V1.scale.id;
const year = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });

/** Counts per step straight from the CSV text, independent of the app's parser. */
function fixtureCounts(column: string): Record<Step, number> {
  const [header, ...lines] = INSTITUTIONS_CSV.trim().split('\n');
  const idx = header!.split(',').indexOf(column);
  const counts: Record<Step, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const line of lines) counts[Number(line.split(',')[idx]) as Step]++;
  return counts;
}

function inspection(id: string, institutionId: string, date: string, extra: Partial<Inspection> = {}): Inspection {
  return {
    id,
    rev: 0,
    updatedAt: `${date}T12:00:00.000Z`,
    institutionId,
    frameworkId: 'v1',
    visitType: 'anmeldt',
    kind: 'ordinaer',
    date,
    consultants: ['Test Konsulent'],
    participants: [],
    status: 'endelig',
    ...extra,
  };
}

function scores(inspectionId: string, step: Step | null, notAssessed: ThemeId[] = []): ThemeScore[] {
  return THEME_IDS.map((themeId) => ({
    id: `${inspectionId}:${themeId}`,
    rev: 0,
    updatedAt: 'x',
    inspectionId,
    themeId,
    step: notAssessed.includes(themeId) ? null : step,
    notAssessed: notAssessed.includes(themeId),
    notAssessedReason: notAssessed.includes(themeId) ? 'Ikke observeret' : '',
    note: '',
  }));
}

describe('periodAverages on the demo data', () => {
  const demo = buildDemoData();
  const byInspection = groupByInspection(demo.themeScores);

  it('2021: pædagogisk organisering 2.40 and børnenes kompetencer 2.60 over n = 40, counts as in the fixture', () => {
    const stats = periodAverages(demo.inspections, byInspection, year(2021), frameworks, SCALE);
    const org = stats['paedagogisk-organisering'];
    const komp = stats['boernenes-kompetencer'];
    expect(org.n).toBe(40);
    expect(komp.n).toBe(40);
    expect(org.mean).toBeCloseTo(2.4, 10);
    expect(komp.mean).toBeCloseTo(2.6, 10);
    expect(formatMean(org.mean)).toBe('2,40');
    expect(formatMean(komp.mean)).toBe('2,60');
    expect(org.counts).toEqual(fixtureCounts('T1_org'));
    expect(komp.counts).toEqual(fixtureCounts('T6_komp'));
    expect(org.counts).toEqual({ 1: 4, 2: 18, 3: 16, 4: 2 });
    expect(komp.counts).toEqual({ 1: 2, 2: 15, 3: 20, 4: 3 });
    // Every theme of 2021 matches the fixture column.
    const columns = ['T1_org', 'T2_fys', 'T3_int', 'T4_leg', 'T5_rut', 'T6_komp', 'T7_ovg'];
    THEME_IDS.forEach((t, i) => {
      expect(stats[t].counts).toEqual(fixtureCounts(columns[i]!));
      expect(stats[t].notAssessed).toBe(0);
    });
  });

  it('shows the trend towards 3.0: 2019 lower, 2023 higher, 2025 at 3.00', () => {
    const mean = (y: number, t: ThemeId) => periodAverages(demo.inspections, byInspection, year(y), frameworks, SCALE)[t];
    expect(mean(2019, 'paedagogisk-organisering').mean).toBeCloseTo(2.2, 10);
    expect(mean(2019, 'boernenes-kompetencer').mean).toBeCloseTo(2.45, 10);
    expect(mean(2023, 'paedagogisk-organisering').mean).toBeCloseTo(2.7, 10);
    expect(mean(2023, 'boernenes-kompetencer').mean).toBeCloseTo(2.8, 10);
    expect(mean(2025, 'paedagogisk-organisering')).toMatchObject({ mean: 3, n: 35 });
    expect(mean(2025, 'boernenes-kompetencer')).toMatchObject({ mean: 3, n: 35 });
  });

  it('excludes ikke vurderet from n and mean and counts it in notAssessed (2019)', () => {
    const stats = periodAverages(demo.inspections, byInspection, year(2019), frameworks, SCALE);
    const skipped = demo.themeScores.filter((s) => s.notAssessed);
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(skipped.length).toBeLessThanOrEqual(4);
    for (const s of skipped) {
      const st = stats[s.themeId];
      expect(st.notAssessed).toBe(1);
      expect(st.n).toBe(39);
      const stepsOfTheme = demo.themeScores.filter(
        (x) => x.themeId === s.themeId && x.inspectionId.endsWith('-2019') && x.step !== null,
      );
      expect(stepsOfTheme).toHaveLength(39);
      expect(st.mean).toBeCloseTo(stepsOfTheme.reduce((a, x) => a + x.step!, 0) / 39, 10);
      expect(st.counts[1] + st.counts[2] + st.counts[3] + st.counts[4]).toBe(39);
    }
  });

  it('takes the latest final inspection per institution in the period', () => {
    const later = inspection('extra-later', 'DI-01', '2021-12-20', { visitType: 'uanmeldt' });
    const earlier = inspection('extra-earlier', 'DI-02', '2021-01-04');
    const draft = inspection('extra-draft', 'DI-03', '2021-12-30', { status: 'udkast' });
    const map = new Map(byInspection);
    map.set(later.id, scores(later.id, 4));
    map.set(earlier.id, scores(earlier.id, 1));
    map.set(draft.id, scores(draft.id, 1));
    const all = [...demo.inspections, later, earlier, draft];

    const latest = latestFinalPerInstitution(all, year(2021), frameworks, SCALE);
    expect(latest.size).toBe(40);
    expect(latest.get('DI-01')!.id).toBe('extra-later');
    expect(latest.get('DI-02')!.id).toBe('demo-DI-02-2021');
    expect(latest.get('DI-03')!.id).toBe('demo-DI-03-2021');

    const stats = periodAverages(all, map, year(2021), frameworks, SCALE);
    // DI-01 had step 3 in organisering in the fixture; now 4. Everything else unchanged.
    expect(stats['paedagogisk-organisering'].n).toBe(40);
    expect(stats['paedagogisk-organisering'].counts).toEqual({ 1: 4, 2: 18, 3: 15, 4: 3 });
    expect(stats['paedagogisk-organisering'].mean).toBeCloseTo(97 / 40, 10);
    // DI-01 had step 2 in kompetencer.
    expect(stats['boernenes-kompetencer'].counts).toEqual({ 1: 2, 2: 14, 3: 20, 4: 4 });
  });

  it('breaks a tie on the same date by id', () => {
    const a = inspection('a-same-day', 'DI-05', '2021-12-31');
    const b = inspection('b-same-day', 'DI-05', '2021-12-31');
    expect(latestFinalPerInstitution([b, a], year(2021), frameworks, SCALE).get('DI-05')!.id).toBe('b-same-day');
    expect(latestFinalPerInstitution([a, b], year(2021), frameworks, SCALE).get('DI-05')!.id).toBe('b-same-day');
  });

  it('excludes inspections on a framework with another scale', () => {
    const otherScale: Framework = FrameworkSchema.parse({
      ...FRAMEWORK_V1,
      id: 'x5',
      version: 2,
      scale: { id: 'fem-trin', labels: ['a', 'b', 'c', 'd'] },
    });
    const fws = new Map([...frameworks, [otherScale.id, otherScale]]);
    const foreign = inspection('foreign', 'DI-01', '2021-12-31', { frameworkId: 'x5' });
    const unknown = inspection('unknown', 'DI-02', '2021-12-31', { frameworkId: 'nope' });
    const map = new Map(byInspection);
    map.set(foreign.id, scores(foreign.id, 4));
    map.set(unknown.id, scores(unknown.id, 4));
    const stats = periodAverages([...demo.inspections, foreign, unknown], map, year(2021), fws, SCALE);
    expect(stats['paedagogisk-organisering']).toMatchObject({ n: 40, counts: { 1: 4, 2: 18, 3: 16, 4: 2 } });
    expect(stats['paedagogisk-organisering'].mean).toBeCloseTo(2.4, 10);
    // And over the other scale only the foreign inspection counts.
    const otherStats = periodAverages([...demo.inspections, foreign], map, year(2021), fws, 'fem-trin');
    expect(otherStats['paedagogisk-organisering']).toMatchObject({ n: 1, mean: 4 });
  });

  it('restricts to a set of institutions and to the period', () => {
    const ids = new Set(['DI-01', 'DI-02']);
    const stats = periodAverages(demo.inspections, byInspection, year(2021), frameworks, SCALE, ids);
    // DI-01: org 3, DI-02: org 2.
    expect(stats['paedagogisk-organisering']).toMatchObject({ n: 2, mean: 2.5, counts: { 1: 0, 2: 1, 3: 1, 4: 0 } });
    const none = periodAverages(demo.inspections, byInspection, year(2020), frameworks, SCALE);
    expect(none['leg']).toEqual({ themeId: 'leg', mean: null, n: 0, counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, notAssessed: 0 });
    expect(formatMean(none['leg'].mean)).toBe('–');
  });
});

describe('themeStats and themeProfile', () => {
  it('a theme only ikke vurderet has mean null, n 0', () => {
    const i = inspection('i', 'X', '2024-01-10');
    const stats = themeStats([i], new Map([['i', scores('i', 2, ['leg'])]]));
    expect(stats.leg).toMatchObject({ mean: null, n: 0, notAssessed: 1 });
    expect(stats.interaktion).toMatchObject({ mean: 2, n: 1, notAssessed: 0, counts: { 1: 0, 2: 1, 3: 0, 4: 0 } });
  });

  it('profiles one inspection in framework order with labels', () => {
    const s = scores('i', 3, ['rutiner']).filter((x) => x.themeId !== 'overgange');
    s[0] = { ...s[0]!, step: 1 };
    const profile = themeProfile(FRAMEWORK_V1, s.reverse());
    expect(profile.map((p) => p.themeId)).toEqual([...THEME_IDS]);
    expect(profile[0]).toEqual({
      themeId: 'paedagogisk-organisering',
      themeName: 'Pædagogisk organisering',
      step: 1,
      label: 'Ikke tilfredsstillende',
      notAssessed: false,
      notAssessedReason: '',
    });
    expect(profile[1]).toMatchObject({ step: 3, label: 'Tilfredsstillende' });
    expect(profile[4]).toMatchObject({ step: null, label: null, notAssessed: true, notAssessedReason: 'Ikke observeret' });
    expect(profile[6]).toMatchObject({ step: null, label: null, notAssessed: false });
  });
});
