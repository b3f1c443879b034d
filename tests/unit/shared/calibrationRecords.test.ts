import { describe, expect, it } from 'vitest';
import { consensusRule, consensusThemes, independentScoreReadable, uafhaengigScoreId, type UafhaengigScore } from '../../../shared/calibration/records';
import { judge } from '../../../shared/rules';

/** The double-scoring rules of the one write judge (issue 16 part A), as the device and the server apply them. */
const set = (raterId: string, scores: UafhaengigScore['scores'], sealedAt: string | null = '2026-03-10T12:00:00Z') => ({ raterId, scores, sealedAt });
const konsulent = (userId: string) => ({ role: 'konsulent' as const, institutionIds: ['I'] as string[], userId });
const DS = { raterIds: ['a', 'b'] as [string, string], consensus: {} };

describe('double scoring rules', () => {
  it('a blind set is readable by its rater, by the other rater and forvaltning only once revealed, never by a leder', () => {
    const s = { raterId: 'a' };
    expect(independentScoreReadable({ id: 'a', role: 'konsulent' }, s)).toBe(true);
    expect(independentScoreReadable({ id: 'b', role: 'konsulent' }, s)).toBe(false);
    expect(independentScoreReadable({ id: 'f', role: 'forvaltning' }, s)).toBe(false);
    const revealed = { raterId: 'a', revealedTo: ['a', 'b'] };
    expect(independentScoreReadable({ id: 'b', role: 'konsulent' }, revealed)).toBe(true);
    expect(independentScoreReadable({ id: 'f', role: 'forvaltning' }, revealed)).toBe(true);
    expect(independentScoreReadable({ id: 'c', role: 'konsulent' }, revealed)).toBe(false);
    expect(independentScoreReadable({ id: 'a', role: 'leder' }, revealed)).toBe(false);
  });

  it('consensus: not before both seals, a reason where the steps differ, complete when every scored theme has a step', () => {
    const sets = [set('a', { leg: 3, interaktion: 2 }), set('b', { leg: 4, interaktion: 2 })];
    expect(consensusThemes(sets).map((t) => [t.themeId, t.differ])).toEqual([
      ['interaktion', false],
      ['leg', true],
    ]);
    expect(consensusRule({ ...DS, consensus: { leg: { step: 3, reason: '' } } }, [sets[0]!, set('b', { leg: 4 }, null)])).toBe('consensus_before_seals');
    expect(consensusRule({ ...DS, consensus: { leg: { step: 3, reason: '' } } }, sets)).toBe('consensus_reason_required');
    expect(consensusRule({ ...DS, consensus: { leg: { step: 3, reason: 'Set forskelligt' } } }, sets)).toBeNull();
    expect(consensusRule({ ...DS, consensus: { leg: { step: 3, reason: 'Set forskelligt' } } }, sets, { complete: true })).toBe('consensus_missing');
    expect(consensusRule({ ...DS, consensus: { leg: { step: 3, reason: 'x' }, interaktion: { step: 2, reason: '' } } }, sets, { complete: true })).toBeNull();
  });

  it('the judge: only the own set, never a sealed one, only on a visit double-scored with that rater; the consensus only by the raters', () => {
    const context = { parentStatus: 'i_gang' as const, parentInstitutionId: 'I', doubleScoring: DS };
    const own = { id: uafhaengigScoreId('x', 'a'), inspectionId: 'x', institutionId: 'I', raterId: 'a', scores: { leg: 3 }, sealedAt: null };
    expect(judge(konsulent('a'), 'uafhaengigScore', undefined, { fields: own }, context)).toEqual({ ok: true });
    expect(judge(konsulent('b'), 'uafhaengigScore', undefined, { fields: own }, context)).toMatchObject({ code: 'not_your_independent_score' });
    expect(judge(konsulent('a'), 'uafhaengigScore', undefined, { fields: own }, { ...context, doubleScoring: { ...DS, raterIds: ['c', 'b'] } })).toMatchObject({ code: 'not_double_scored' });
    const sealed = { ...own, sealedAt: '2026-03-10T12:00:00Z' };
    expect(judge(konsulent('a'), 'uafhaengigScore', sealed, { fields: { scores: { leg: 4 } } }, context)).toMatchObject({ code: 'independent_score_sealed' });
    expect(judge(konsulent('a'), 'uafhaengigScore', sealed, { fields: { scores: { leg: 3 } } }, context)).toEqual({ ok: true }); // a re-send changes nothing
    expect(judge(konsulent('a'), 'uafhaengigScore', own, { fields: { scores: {}, sealedAt: '2026-03-10T12:00:00Z' } }, context)).toMatchObject({ code: 'seal_needs_a_step' });
    expect(judge({ role: 'leder', institutionIds: ['I'], userId: 'a' }, 'uafhaengigScore', undefined, { fields: own }, context)).toMatchObject({ code: 'leder_never_scores' });

    const d = { id: 'x', inspectionId: 'x', institutionId: 'I', raterIds: ['a', 'b'], selection: 'tilfaeldig', drawnAt: '2026-03-01T00:00:00Z', consensus: {}, consensusAt: null };
    expect(judge(konsulent('a'), 'dobbeltscoring', undefined, { fields: d }, context)).toMatchObject({ code: 'double_scoring_by_server' });
    expect(judge(konsulent('c'), 'dobbeltscoring', d, { fields: { consensus: { leg: { step: 3, reason: '' } } } }, context)).toMatchObject({ code: 'not_a_rater' });
    expect(judge(konsulent('a'), 'dobbeltscoring', d, { fields: { selection: 'haandplukket' } }, context)).toMatchObject({ code: 'double_scoring_fields_server' });
    // A themeScore's step on a double-scored visit is the consensus.
    const score = { id: 'x:leg', inspectionId: 'x', themeId: 'leg', step: 3 };
    expect(judge(konsulent('a'), 'themeScore', undefined, { fields: score }, context)).toMatchObject({ code: 'official_score_not_consensus' });
    expect(judge(konsulent('a'), 'themeScore', undefined, { fields: score }, { ...context, doubleScoring: { ...DS, consensus: { leg: { step: 3, reason: '' } } } })).toEqual({ ok: true });
  });

  it('a fokuspunkt’s supporting step (shared by both raters) waits for both seals; its note does not', () => {
    const note = { id: 'x:leg-tid', inspectionId: 'x', themeId: 'leg', fokuspunktId: 'leg-tid', note: 'Legen fylder' };
    const blind = { parentStatus: 'i_gang' as const, parentInstitutionId: 'I', doubleScoring: DS, independentScores: [set('a', { leg: 3 }), set('b', { leg: 4 }, null)] };
    expect(judge(konsulent('b'), 'fokuspunktNote', undefined, { fields: { ...note, step: 4 } }, blind)).toMatchObject({ code: 'support_step_while_blind' });
    expect(judge(konsulent('c'), 'fokuspunktNote', undefined, { fields: { ...note, step: 4 } }, blind)).toMatchObject({ code: 'support_step_while_blind' });
    expect(judge(konsulent('b'), 'fokuspunktNote', undefined, { fields: note }, blind)).toEqual({ ok: true });
    // A note written beside a step set before the visit was picked is not refused: only setting the step is.
    expect(judge(konsulent('b'), 'fokuspunktNote', { ...note, step: 2 }, { fields: { note: 'Mere' } }, blind)).toEqual({ ok: true });
    const sealed = { ...blind, independentScores: [set('a', { leg: 3 }), set('b', { leg: 4 })] };
    expect(judge(konsulent('b'), 'fokuspunktNote', undefined, { fields: { ...note, step: 4 } }, sealed)).toEqual({ ok: true });
    // Not double-scored: as before.
    expect(judge(konsulent('b'), 'fokuspunktNote', undefined, { fields: { ...note, step: 4 } }, { parentStatus: 'i_gang', parentInstitutionId: 'I' })).toEqual({ ok: true });
  });
});
