import { describe, expect, it } from 'vitest';
import { DUE_SOON_MONTHS } from '../../../shared/coverage';
import { computeDashboard, dashboard, indexDashboardData } from '../../../shared/dashboard';
import { buildDemoData, DEMO_NOT_INSPECTED_2025 } from '../../../shared/demo/demoData';
import { FRAMEWORK_V1, FRAMEWORKS } from '../../../shared/frameworks/v1';
import type { Institution } from '../../../shared/institution';
import { FRAMEWORK_V2_OTHER_SCALE, inspection } from './fixture';

const inst = (id: string, extra: Partial<Institution> = {}): Institution => ({
  id,
  name: `Institution ${id}`,
  type: 'integreret',
  ownership: 'kommunal',
  district: 'Nord',
  children0to2: 10,
  children3to5: 20,
  rev: 0,
  ...extra,
});

describe('coverage: the 24-month rule on the dashboard', () => {
  const today = '2026-11-23';
  const d = dashboard(
    {
      institutions: [inst('exact'), inst('oneDayLate'), inst('never'), inst('draftOnly'), inst('soon'), inst('fine'), inst('otherScale'), inst('syd', { district: 'Syd' })],
      inspections: [
        inspection('e', 'exact', '2024-11-23'),
        inspection('l', 'oneDayLate', '2024-11-22'),
        inspection('d', 'draftOnly', '2026-10-01', { status: 'udkast' }),
        inspection('d0', 'draftOnly', '2023-01-10'),
        inspection('s', 'soon', '2025-01-15'),
        inspection('f', 'fine', '2026-03-01'),
        // Any final inspection satisfies the law, whatever its framework's scale.
        inspection('o', 'otherScale', '2026-01-05', { frameworkId: 'v2' }),
        inspection('p', 'oneDayLate', '2026-12-10', { status: 'planlagt' }),
        inspection('p2', 'fine', '2027-02-01', { status: 'planlagt', visitType: 'uanmeldt' }),
        inspection('syd1', 'syd', '2020-01-01'),
      ],
      themeScores: [],
      frameworks: [FRAMEWORK_V1, FRAMEWORK_V2_OTHER_SCALE],
    },
    { district: 'Nord' },
    { today },
  );
  const ids = (rows: { institutionId: string }[]) => rows.map((r) => r.institutionId);

  it('exactly 24 months ago is still covered; one day more is overdue', () => {
    expect(ids(d.coverage.overdue)).not.toContain('exact');
    expect(ids(d.coverage.overdue)).toContain('oneDayLate');
  });

  it('never inspected and only a draft since are overdue; the oldest is listed first', () => {
    expect(ids(d.coverage.overdue)).toEqual(['never', 'draftOnly', 'oneDayLate']);
    expect(d.coverage.overdue[0]).toMatchObject({ lastFinalDate: null, coveredUntil: null });
    expect(d.coverage.overdue[1]).toMatchObject({ lastFinalDate: '2023-01-10', coveredUntil: '2025-01-10' });
  });

  it(`due soon: covered today, but the 24 months run out within ${DUE_SOON_MONTHS} months`, () => {
    expect(ids(d.coverage.dueSoon)).toEqual(['exact', 'soon']);
    expect(d.coverage.dueSoon[1]).toMatchObject({ coveredUntil: '2027-01-15' });
    expect(d.coverage.covered).toBe(4);
  });

  it('lists planned visits by date and shows the next one on an overdue row', () => {
    expect(d.coverage.planned.map((p) => [p.institutionId, p.date, p.visitType])).toEqual([
      ['oneDayLate', '2026-12-10', 'anmeldt'],
      ['fine', '2027-02-01', 'uanmeldt'],
    ]);
    expect(d.coverage.overdue.find((r) => r.institutionId === 'oneDayLate')!.plannedDate).toBe('2026-12-10');
  });

  it('respects the institution filters', () => {
    expect(ids(d.coverage.overdue)).not.toContain('syd');
    expect(d.institutionCount).toBe(7);
  });

  it('the demo: the five institutions not inspected in 2025 are overdue on 2026-11-23', () => {
    const demo = computeDashboard(indexDashboardData({ ...buildDemoData(), frameworks: [...FRAMEWORKS] }), {}, { today });
    expect(ids(demo.coverage.overdue).sort()).toEqual([...DEMO_NOT_INSPECTED_2025].sort());
    expect(demo.coverage.covered).toBe(35);
  });
});
