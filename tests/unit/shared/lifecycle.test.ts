import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/accounts';
import { INSPECTION_STATUSES, type InspectionStatus } from '../../../shared/inspection';
import {
  CORRECTION_REASON_REQUIRED,
  INITIAL_STATUSES,
  LEDER_CANNOT_CHANGE_STATUS,
  canTransition,
  IllegalTransitionError,
  isCorrecting,
  isEditable,
  transition,
} from '../../../shared/lifecycle';
import { judge, reasonMessage, type Actor } from '../../../shared/rules';

/** A status change judged by the shared write judge, as a Danish message or null. */
function transitionProblem(role: Actor['role'], from: InspectionStatus, to: InspectionStatus, inspection: { correctionReason?: string } = {}): string | null {
  const reopening = from === 'endelig' && to === 'udkast';
  const fields = { status: to, ...(reopening ? { correctionReason: inspection.correctionReason ?? '' } : {}) };
  // Issue 12: "endelig" also needs the visit's evidence; these tests are about the transitions, so the visit has it.
  const evidenced = { dialogue: { at: '2025-03-01T13:00', leder: ['Leder'], staff: ['Medarbejderrepræsentant'], consultantIds: [] }, concernLevel: 'ingen' };
  const current = { status: from, ...evidenced, ...(reopening ? {} : inspection) };
  const verdict = judge({ role, institutionIds: 'all' }, 'inspection', current, { fields }, { observationCount: 1 });
  return verdict.ok ? null : reasonMessage(verdict);
}

const edges = (correcting = false) =>
  INSPECTION_STATUSES.flatMap((a) => INSPECTION_STATUSES.filter((b) => canTransition(a, b, { correcting })).map((b) => `${a}→${b}`));

describe('lifecycle state machine', () => {
  it('walks planlagt → i gang → udkast → i høring → endelig', () => {
    let s: InspectionStatus = 'planlagt';
    for (const next of ['i_gang', 'udkast', 'i_hoering', 'endelig'] as const) {
      s = transition(s, next);
      expect(s).toBe(next);
    }
  });

  it('has exactly these transitions: forward, reopening a draft, pulling back from høring, reopening a final report', () => {
    expect(edges()).toEqual(['planlagt→i_gang', 'i_gang→udkast', 'udkast→i_gang', 'udkast→i_hoering', 'i_hoering→udkast', 'i_hoering→endelig', 'endelig→udkast']);
  });

  it('while a final report is corrected, the draft may be finalised without a new høring', () => {
    expect(canTransition('udkast', 'endelig')).toBe(false);
    expect(canTransition('udkast', 'endelig', { correcting: true })).toBe(true);
    expect(edges(true).filter((e) => !edges().includes(e))).toEqual(['udkast→endelig']);
    expect(isCorrecting({ status: 'udkast', correctionReason: 'Forkert dato' })).toBe(true);
    expect(isCorrecting({ status: 'udkast', correctionReason: '  ' })).toBe(false);
    expect(isCorrecting({ status: 'udkast' })).toBe(false);
    // A final report that was once corrected is not "being corrected" any more.
    expect(isCorrecting({ status: 'endelig', correctionReason: 'Forkert dato' })).toBe(false);
  });

  it.each([
    ['planlagt', 'udkast'],
    ['planlagt', 'endelig'],
    ['planlagt', 'i_hoering'],
    ['i_gang', 'endelig'],
    ['i_gang', 'i_hoering'],
    ['i_gang', 'planlagt'],
    ['udkast', 'endelig'],
    ['udkast', 'planlagt'],
    ['i_hoering', 'i_gang'],
    ['i_hoering', 'planlagt'],
    ['endelig', 'i_gang'],
    ['endelig', 'i_hoering'],
    ['endelig', 'planlagt'],
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
    for (const s of INSPECTION_STATUSES) {
      expect(canTransition(s, s)).toBe(false);
      expect(canTransition(s, s, { correcting: true })).toBe(false);
    }
  });

  it('lets the consultant edit only before høring', () => {
    expect(INSPECTION_STATUSES.filter(isEditable)).toEqual(['planlagt', 'i_gang', 'udkast']);
  });

  it('never lets an inspection be created final', () => {
    expect(INITIAL_STATUSES).not.toContain('endelig');
  });
});

describe('who may make which transition', () => {
  const allEdges = INSPECTION_STATUSES.flatMap((a) => INSPECTION_STATUSES.map((b) => [a, b] as const));

  it('a leder changes no status at all, not even along the lifecycle', () => {
    for (const [from, to] of allEdges.filter(([a, b]) => a !== b)) expect(transitionProblem('leder', from, to, { correctionReason: 'x' })).toBe(LEDER_CANNOT_CHANGE_STATUS);
  });

  it('a status that does not change is no change at all, for anyone (a double click)', () => {
    for (const role of ROLES) for (const s of INSPECTION_STATUSES) expect(transitionProblem(role, s, s)).toBeNull();
  });

  it('a konsulent (and forvaltning) sends to høring, finalises, pulls back and reopens', () => {
    for (const role of ROLES.filter((r) => r !== 'leder')) {
      expect(transitionProblem(role, 'udkast', 'i_hoering')).toBeNull();
      expect(transitionProblem(role, 'i_hoering', 'endelig')).toBeNull();
      expect(transitionProblem(role, 'i_hoering', 'udkast')).toBeNull();
      expect(transitionProblem(role, 'endelig', 'udkast', { correctionReason: 'Forkert trin i leg' })).toBeNull();
    }
  });

  it('reopening a final report needs a reason, in Danish', () => {
    expect(transitionProblem('konsulent', 'endelig', 'udkast')).toBe(CORRECTION_REASON_REQUIRED);
    expect(transitionProblem('konsulent', 'endelig', 'udkast', { correctionReason: '   ' })).toBe('Skriv hvorfor den endelige rapport skal rettes');
  });

  it('illegal transitions are refused with the statuses in Danish', () => {
    expect(transitionProblem('konsulent', 'i_gang', 'endelig')).toBe('Et tilsyn kan ikke gå fra "I gang" til "Endelig"');
    expect(transitionProblem('konsulent', 'udkast', 'endelig')).toBe('Et tilsyn kan ikke gå fra "Udkast" til "Endelig"');
    expect(transitionProblem('konsulent', 'endelig', 'i_hoering')).toBe('Et tilsyn kan ikke gå fra "Endelig" til "I høring"');
  });

  it('a reopened report (with its reason) may be finalised directly', () => {
    expect(transitionProblem('konsulent', 'udkast', 'endelig', { correctionReason: 'Forkert trin i leg' })).toBeNull();
    expect(transitionProblem('forvaltning', 'udkast', 'endelig', { correctionReason: 'Forkert trin i leg' })).toBeNull();
  });
});
