import { describe, expect, it } from 'vitest';
import { INSPECTION_STATUSES, type InspectionStatus } from '../../../shared/inspection';
import { canTransition, IllegalTransitionError, isEditable, transition } from '../../../shared/lifecycle';

describe('lifecycle state machine', () => {
  it('allows planlagt → i_gang → udkast, and reopening udkast → i_gang', () => {
    let s: InspectionStatus = 'planlagt';
    s = transition(s, 'i_gang');
    expect(s).toBe('i_gang');
    s = transition(s, 'udkast');
    expect(s).toBe('udkast');
    expect(transition(s, 'i_gang')).toBe('i_gang');
  });

  it.each([
    ['planlagt', 'udkast'],
    ['planlagt', 'endelig'],
    ['i_gang', 'endelig'],
    ['i_gang', 'planlagt'],
    ['udkast', 'endelig'],
    ['udkast', 'planlagt'],
    ['endelig', 'i_gang'],
    ['endelig', 'udkast'],
    ['i_hoering', 'endelig'],
  ] as [InspectionStatus, InspectionStatus][])('refuses %s → %s with IllegalTransitionError', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    let error: unknown;
    try {
      transition(from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect((error as IllegalTransitionError).from).toBe(from);
    expect((error as IllegalTransitionError).to).toBe(to);
    expect((error as Error).message).toBe(`Et tilsyn kan ikke gå fra "${from}" til "${to}"`);
  });

  it('never allows staying in the same status as a transition', () => {
    for (const s of INSPECTION_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it('allows exactly three transitions in this issue', () => {
    const allowed = INSPECTION_STATUSES.flatMap((a) => INSPECTION_STATUSES.filter((b) => canTransition(a, b)).map((b) => `${a}→${b}`));
    expect(allowed).toEqual(['planlagt→i_gang', 'i_gang→udkast', 'udkast→i_gang']);
  });

  it('lets the consultant edit only before høring', () => {
    expect(INSPECTION_STATUSES.filter(isEditable)).toEqual(['planlagt', 'i_gang', 'udkast']);
  });
});
