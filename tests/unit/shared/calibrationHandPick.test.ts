import { describe, expect, it } from 'vitest';
import { HandPickRequestSchema, handPickVisitProblem, secondRaterCandidates, secondRaterProblem } from '../../../shared/calibration/handPick';
import type { UserRelation } from '../../../shared/impartiality';

const visit = { institutionId: 'DI-01', date: '2027-06-15', consultantIds: ['mette'] };
const users = [
  { id: 'mette', role: 'konsulent' },
  { id: 'jonas', role: 'konsulent' },
  { id: 'kira', role: 'konsulent' },
  { id: 'ole', role: 'konsulent' },
  { id: 'admin', role: 'forvaltning' },
];
const relations: UserRelation[] = [
  { userId: 'kira', institutionId: 'DI-01', kind: 'personlig', endedOn: null },
  // Employment ended more than two years before the visit: no longer blocking.
  { userId: 'ole', institutionId: 'DI-01', kind: 'tidligere_ansat', endedOn: '2025-01-31' },
];

describe('hand-picking and the second rater (one rule for the server and the page)', () => {
  it('a second rater is an active konsulent not on the visit without a blocking relation on its date', () => {
    expect(secondRaterProblem(users[0]!, relations, visit)).toBe('on_visit');
    expect(secondRaterProblem(users[2]!, relations, visit)).toBe('blocking_relation');
    expect(secondRaterProblem(users[4]!, relations, visit)).toBe('not_konsulent');
    expect(secondRaterCandidates(users, relations, visit).map((u) => u.id)).toEqual(['jonas', 'ole']);
    // Within two years of the employment, Ole is barred too.
    expect(secondRaterCandidates(users, relations, { ...visit, date: '2026-06-15' }).map((u) => u.id)).toEqual(['jonas']);
  });

  it('only a visit nobody has scored can be hand-picked, once', () => {
    expect(handPickVisitProblem({ status: 'planlagt', hasOfficialStep: false, doubleScored: false })).toBeNull();
    expect(handPickVisitProblem({ status: 'i_gang', hasOfficialStep: false, doubleScored: false })).toBeNull();
    expect(handPickVisitProblem({ status: 'i_gang', hasOfficialStep: true, doubleScored: false })).toBe('already_scored');
    expect(handPickVisitProblem({ status: 'udkast', hasOfficialStep: false, doubleScored: false })).toBe('already_scored');
    expect(handPickVisitProblem({ status: 'planlagt', hasOfficialStep: false, doubleScored: true })).toBe('already_double_scored');
  });

  it('a hand-pick needs a reason', () => {
    const bad = HandPickRequestSchema.safeParse({ inspectionId: 'x', reason: '  kort ' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reason', 'Skriv en begrundelse på mindst 10 tegn']]);
    expect(HandPickRequestSchema.parse({ inspectionId: 'x', reason: ' Nyt hus, nye rutiner ' }).reason).toBe('Nyt hus, nye rutiner');
  });
});
