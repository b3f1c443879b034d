import { describe, expect, it } from 'vitest';
import { coverage, DUE_AFTER_MONTHS } from '../../../shared/coverage';

const today = '2026-11-23';

describe('coverage (24-month rule)', () => {
  it('uses 24 months', () => expect(DUE_AFTER_MONTHS).toBe(24));

  it('is due when never inspected', () => {
    expect(coverage([], today)).toEqual({ lastFinalDate: null, lastInspectionDate: null, due: true });
  });

  it('is not due when the last final inspection is exactly 24 months ago', () => {
    expect(coverage([{ status: 'endelig', date: '2024-11-23' }], today)).toEqual({
      lastFinalDate: '2024-11-23',
      lastInspectionDate: '2024-11-23',
      due: false,
    });
  });

  it('is due one day past 24 months', () => {
    expect(coverage([{ status: 'endelig', date: '2024-11-22' }], today).due).toBe(true);
  });

  it('handles month ends: 24 months before 29 February is 28 February', () => {
    expect(coverage([{ status: 'endelig', date: '2026-02-28' }], '2028-02-29').due).toBe(false);
    expect(coverage([{ status: 'endelig', date: '2026-02-27' }], '2028-02-29').due).toBe(true);
  });

  it('counts only final inspections for due, but shows the latest inspection so far', () => {
    const c = coverage(
      [
        { status: 'endelig', date: '2023-05-01' },
        { status: 'udkast', date: '2026-10-01' },
        { status: 'planlagt', date: '2027-01-15' },
      ],
      today,
    );
    expect(c).toEqual({ lastFinalDate: '2023-05-01', lastInspectionDate: '2026-10-01', due: true });
  });

  it('takes the latest of several final inspections, in any order', () => {
    const c = coverage(
      [
        { status: 'endelig', date: '2025-09-10' },
        { status: 'endelig', date: '2021-03-01' },
        { status: 'endelig', date: '2023-06-01' },
      ],
      today,
    );
    expect(c.lastFinalDate).toBe('2025-09-10');
    expect(c.due).toBe(false);
  });
});
