import { describe, expect, it } from 'vitest';
import { withFollowUpChange, type Opfoelgning } from '../../../shared/followUp';
import { instructionProblems } from '../../../shared/inspection';
import { isOverduePaabud, overduePaabudByInstitution, paabudState } from '../../../shared/paabud';
import { judge, reasonMessage, type Actor, type Verdict } from '../../../shared/rules';
import { addLimit, caseStartedOn, concernOpens, nextCheckpoint, openCases, startLimit, startState, type Handleplan, type SkaerpetTilsyn } from '../../../shared/skaerpetTilsyn';
import { DEFAULT_RAMME_RULES } from '../../../shared/tilsynsramme';

const konsulent: Actor = { role: 'konsulent', institutionIds: ['DI-01'] };
const leder: Actor = { role: 'leder', institutionIds: ['DI-01'] };
const I = '0197a000-0000-7000-8000-000000000001';
const code = (v: Verdict) => (v.ok ? 'ok' : v.code);
const final = { parentStatus: 'endelig' as const, parentInstitutionId: 'DI-01' };
// Issue 12: finalising also needs the visit's evidence (or a reason); these tests are about the concern level, so a reason is on record.
const inspection = (status: string, extra: Record<string, unknown> = {}) => ({
  id: I, institutionId: 'DI-01', frameworkId: 'v1', status, date: '2025-03-03', visitType: 'anmeldt', consultants: ['Mette'], evidenceReason: 'Prøvesag uden observationer', ...extra,
});

const caseRecord = (over: Partial<SkaerpetTilsyn> = {}): SkaerpetTilsyn => ({
  id: I, rev: 1, updatedAt: '2025-03-03T12:00:00Z', inspectionId: I, institutionId: 'DI-01', level: 'alvorlig', establishedOn: '2025-03-03',
  decidedBy: 'Mette Kjær', decidedAt: '2025-03-03T12:00:00Z', startedOn: null, status: 'aaben', closedOn: null, closedBy: '', closingAssessment: '', ...over,
});
const plan = (over: Partial<Handleplan> = {}): Handleplan => ({
  id: I, rev: 1, updatedAt: '2025-03-03T12:00:00Z', inspectionId: I, institutionId: 'DI-01', createdAt: '2025-03-03T12:00:00Z', status: 'udkast',
  actions: [], checkpoints: [], lederDialogueOn: null, boardInformedOn: null, boardComments: '', activatedOn: null, activatedBy: '', closedOn: null, closedBy: '', closingAssessment: '', ...over,
});

describe('concern level (§ 5 b stk. 3–4)', () => {
  it('finalising needs a concern level, in the same change as the status (the inspection is locked in høring otherwise)', () => {
    const v = judge(konsulent, 'inspection', inspection('i_hoering'), { fields: { status: 'endelig' } });
    expect(code(v)).toBe('concern_level_required');
    expect(reasonMessage(v as Extract<Verdict, { ok: false }>)).toBe('Vælg om tilsynet giver anledning til ingen bekymring, bekymring eller alvorlig bekymring');
    for (const level of ['ingen', 'bekymring', 'alvorlig']) expect(code(judge(konsulent, 'inspection', inspection('i_hoering'), { fields: { status: 'endelig', concernLevel: level } }))).toBe('ok');
    expect(code(judge(konsulent, 'inspection', inspection('i_hoering'), { fields: { status: 'endelig', concernLevel: 'lidt' } }))).toBe('concern_level_required');
    // Not without finalising: the report in høring is locked.
    expect(code(judge(konsulent, 'inspection', inspection('i_hoering'), { fields: { concernLevel: 'bekymring' } }))).toBe('inspection_locked');
    // A correction finalised again keeps the level on record.
    expect(code(judge(konsulent, 'inspection', inspection('udkast', { correctionReason: 'Forkert trin', concernLevel: 'ingen' }), { fields: { status: 'endelig' } }))).toBe('ok');
    expect(code(judge(konsulent, 'inspection', inspection('udkast', { correctionReason: 'Forkert trin' }), { fields: { status: 'endelig' } }))).toBe('concern_level_required');
  });

  it('bekymring opens a skærpet tilsyn; alvorlig bekymring also a handleplan; ingen nothing', () => {
    expect(concernOpens('ingen')).toEqual({ skaerpetTilsyn: false, handleplan: false });
    expect(concernOpens('bekymring')).toEqual({ skaerpetTilsyn: true, handleplan: false });
    expect(concernOpens('alvorlig')).toEqual({ skaerpetTilsyn: true, handleplan: true });
    expect(concernOpens(null)).toEqual({ skaerpetTilsyn: false, handleplan: false });
  });

  it('the case is made for a final report only, with the inspection id; who decided and when are fixed; the leder reads it', () => {
    const c = caseRecord();
    expect(code(judge(konsulent, 'skaerpetTilsyn', undefined, { recordId: I, fields: c }, final))).toBe('ok');
    expect(code(judge(konsulent, 'skaerpetTilsyn', undefined, { recordId: I, fields: c }, { ...final, parentStatus: 'i_hoering' }))).toBe('case_needs_final');
    expect(code(judge(konsulent, 'skaerpetTilsyn', undefined, { recordId: 'x', fields: c }, final))).toBe('id_not_inspection');
    expect(code(judge(konsulent, 'skaerpetTilsyn', c, { fields: { decidedBy: 'En anden' } }, final))).toBe('fixed_field');
    expect(code(judge(konsulent, 'skaerpetTilsyn', c, { fields: { establishedOn: '2025-04-01' } }, final))).toBe('fixed_field');
    expect(code(judge(leder, 'skaerpetTilsyn', c, { fields: { startedOn: '2025-03-05' } }, final))).toBe('leder_read_only');
    expect(code(judge(konsulent, 'skaerpetTilsyn', c, { fields: { startedOn: '2025-03-05' } }, final))).toBe('ok');
  });

  it('a case is closed only with a date and an assessment, and stays closed', () => {
    const c = caseRecord();
    expect(code(judge(konsulent, 'skaerpetTilsyn', c, { fields: { status: 'lukket', closedOn: '2025-09-01' } }, final))).toBe('closing_needs_assessment');
    expect(code(judge(konsulent, 'skaerpetTilsyn', c, { fields: { status: 'lukket', closedOn: '2025-09-01', closingAssessment: 'Læringsmiljøet er styrket.' } }, final))).toBe('ok');
    const closed = caseRecord({ status: 'lukket', closedOn: '2025-09-01', closingAssessment: 'Styrket.' });
    expect(code(judge(konsulent, 'skaerpetTilsyn', closed, { fields: { status: 'aaben' } }, final))).toBe('handleplan_status_step');
  });
});

describe('handleplan (§ 5 b stk. 5)', () => {
  const ready = { actions: [{ id: 'h1', text: 'Fast morgenplan for garderoben' }], checkpoints: [{ id: 'c1', date: '2025-04-01', kind: 'uanmeldt_besoeg' as const, doneOn: null }] };

  it('cannot be activated without the date of the dialogue with the leder, nor without an action and a checkpoint', () => {
    const p = plan(ready);
    const v = judge(konsulent, 'handleplan', p, { fields: { status: 'aktiv', activatedOn: '2025-03-10' } }, final);
    expect(code(v)).toBe('handleplan_needs_leder_dialogue');
    expect(reasonMessage(v as Extract<Verdict, { ok: false }>)).toBe('Handleplanen kan ikke sættes i gang uden datoen for dialogen med lederen');
    expect(code(judge(konsulent, 'handleplan', p, { fields: { status: 'aktiv', lederDialogueOn: '2025-03-07' } }, final))).toBe('ok');
    expect(code(judge(konsulent, 'handleplan', plan({ ...ready, actions: [] }), { fields: { status: 'aktiv', lederDialogueOn: '2025-03-07' } }, final))).toBe('handleplan_needs_actions');
    expect(code(judge(konsulent, 'handleplan', plan({ ...ready, checkpoints: [] }), { fields: { status: 'aktiv', lederDialogueOn: '2025-03-07' } }, final))).toBe('handleplan_needs_checkpoints');
    // Created active in one go: the same rule.
    expect(code(judge(konsulent, 'handleplan', undefined, { recordId: I, fields: plan({ ...ready, status: 'aktiv' }) }, final))).toBe('handleplan_needs_leder_dialogue');
    // A draft may be incomplete.
    expect(code(judge(konsulent, 'handleplan', undefined, { recordId: I, fields: plan() }, final))).toBe('ok');
  });

  it('goes udkast → aktiv → lukket; closing needs a dated assessment; the leder only reads it', () => {
    const active = plan({ ...ready, status: 'aktiv', lederDialogueOn: '2025-03-07' });
    expect(code(judge(konsulent, 'handleplan', plan(ready), { fields: { status: 'lukket' } }, final))).toBe('handleplan_status_step');
    expect(code(judge(konsulent, 'handleplan', active, { fields: { status: 'udkast' } }, final))).toBe('handleplan_status_step');
    expect(code(judge(konsulent, 'handleplan', active, { fields: { status: 'lukket', closedOn: '2025-10-01' } }, final))).toBe('closing_needs_assessment');
    expect(code(judge(konsulent, 'handleplan', active, { fields: { status: 'lukket', closedOn: '2025-10-01', closingAssessment: 'Målene er nået.' } }, final))).toBe('ok');
    expect(code(judge(leder, 'handleplan', active, { fields: { boardComments: 'Vi er enige' } }, final))).toBe('leder_read_only');
  });
});

describe('start within the ramme limit and the next checkpoint', () => {
  it('the limit is the working days of the tilsynsramme in force when the concern was established; 10 before any', () => {
    const ramme = (version: number, inForceFrom: string, days: number) => ({ version, inForceFrom, status: 'gaeldende' as const, rules: { ...DEFAULT_RAMME_RULES, skaerpetStartLimitDays: days } });
    const rammer = [ramme(1, '2024-01-01', 5), ramme(2, '2025-06-01', 15)];
    expect(startLimit(rammer, '2025-03-03')).toEqual({ days: 5, unit: 'arbejdsdage' });
    expect(startLimit(rammer, '2025-07-01')).toEqual({ days: 15, unit: 'arbejdsdage' });
    expect(startLimit(rammer, '2023-07-01')).toEqual({ days: 10, unit: 'arbejdsdage' });
    expect(startLimit([], '2025-07-01')).toEqual({ days: 10, unit: 'arbejdsdage' });
  });

  it('adds working days over weekends, or calendar days', () => {
    // Monday 3 March 2025 + 10 working days = Monday 17 March.
    expect(addLimit('2025-03-03', { days: 10, unit: 'arbejdsdage' })).toBe('2025-03-17');
    // Friday + 1 working day = Monday.
    expect(addLimit('2025-03-07', { days: 1, unit: 'arbejdsdage' })).toBe('2025-03-10');
    expect(addLimit('2025-03-03', { days: 14, unit: 'kalenderdage' })).toBe('2025-03-17');
  });

  it('on time up to and on the deadline; overdue from the day after when not started; late when started after it', () => {
    const limit = { days: 10, unit: 'arbejdsdage' as const };
    expect(startState('2025-03-03', null, '2025-03-17', limit)).toEqual({ state: 'ikke_startet', deadline: '2025-03-17' });
    expect(startState('2025-03-03', null, '2025-03-18', limit).state).toBe('overskredet');
    expect(startState('2025-03-03', '2025-03-17', '2025-06-01', limit).state).toBe('rettidigt');
    expect(startState('2025-03-03', '2025-03-18', '2025-06-01', limit).state).toBe('for_sent');
  });

  it('a skærpet visit to the institution after the concern starts the case (kind: skaerpet)', () => {
    const c = caseRecord();
    const visits = [
      { id: I, institutionId: 'DI-01', kind: 'ordinaer' as const, date: '2025-03-03', status: 'endelig' as const },
      { id: 'v2', institutionId: 'DI-01', kind: 'skaerpet' as const, date: '2025-03-12', status: 'i_gang' as const },
      { id: 'v3', institutionId: 'DI-02', kind: 'skaerpet' as const, date: '2025-03-05', status: 'i_gang' as const },
      { id: 'v4', institutionId: 'DI-01', kind: 'skaerpet' as const, date: '2025-03-06', status: 'planlagt' as const },
    ];
    expect(caseStartedOn(c, visits)).toBe('2025-03-12');
    expect(caseStartedOn({ ...c, startedOn: '2025-03-10' }, visits)).toBe('2025-03-10');
    expect(caseStartedOn(c, [])).toBeNull();
  });

  it('lists open cases, late ones first, with the next checkpoint not yet held', () => {
    const p = plan({
      status: 'aktiv', lederDialogueOn: '2025-03-05', activatedOn: '2025-03-06', actions: [{ id: 'a', text: 'x' }],
      checkpoints: [
        { id: 'c1', date: '2025-04-01', kind: 'anmeldt_besoeg', doneOn: '2025-04-01' },
        { id: 'c3', date: '2025-06-01', kind: 'skriftlig_opfoelgning', doneOn: null },
        { id: 'c2', date: '2025-05-01', kind: 'uanmeldt_besoeg', doneOn: null },
      ],
    });
    expect(nextCheckpoint(p)?.id).toBe('c2');
    const onTime = caseRecord({ startedOn: '2025-03-04' });
    const late = caseRecord({ id: 'other', inspectionId: 'other', institutionId: 'DI-02', level: 'bekymring', establishedOn: '2025-01-06' });
    const closed = caseRecord({ id: 'closed', status: 'lukket' });
    const rows = openCases([onTime, late, closed], [p], [], '2025-05-02', () => ({ days: 10, unit: 'arbejdsdage' }));
    expect(rows.map((r) => r.case.id)).toEqual(['other', I]);
    expect(rows[0]).toMatchObject({ start: { state: 'overskredet', deadline: '2025-01-20' }, planStart: null, next: null });
    expect(rows[1]).toMatchObject({ start: { state: 'rettidigt' }, planStart: { state: 'rettidigt' }, next: { id: 'c2' }, checkpointOverdue: true });
  });
});

describe('påbud deadline and follow-up instructions', () => {
  const item = (over: Partial<Opfoelgning>): Opfoelgning => ({
    id: 'p1', rev: 1, updatedAt: '', inspectionId: I, institutionId: 'DI-01', anbefalingId: 'p1', themeId: 'leg', anbefaling: 'Ryd flugtvejen', createdAt: '2025-03-03T12:00:00Z',
    status: 'aaben', owner: 'Leder', dueDate: '2025-04-01', notes: '', hoeringAnswer: null, hoeringText: '', deleted: false, type: 'paabud',
    proposedOwner: 'leder', proposedDueDate: '2025-04-01', action: 'Flyt reolen', verification: 'uanmeldt_besoeg', verifiedOn: null, verifiedBy: '', history: [], ...over,
  });

  it('a påbud is overdue from the day after its deadline until it is verified; an anbefaling never is', () => {
    expect(paabudState(item({}), '2025-03-31')).toBe('inden_fristen');
    expect(paabudState(item({}), '2025-04-01')).toBe('sidste_frist_i_dag');
    expect(isOverduePaabud(item({}), '2025-04-01')).toBe(false);
    expect(isOverduePaabud(item({}), '2025-04-02')).toBe(true);
    // The leder marking it done does not meet it; the consultant's verification does.
    expect(isOverduePaabud(item({ status: 'gennemfoert' }), '2025-04-02')).toBe(true);
    expect(isOverduePaabud(item({ verifiedOn: '2025-04-03' }), '2025-05-01')).toBe(false);
    expect(isOverduePaabud(item({ type: 'anbefaling' }), '2025-05-01')).toBe(false);
    expect(isOverduePaabud(item({ deleted: true }), '2025-05-01')).toBe(false);
    const flags = overduePaabudByInstitution([item({}), item({ id: 'p2', dueDate: '2025-03-20' }), item({ id: 'p3', institutionId: 'DI-02', dueDate: '2025-05-01' })], '2025-04-10');
    expect(flags.map((f) => [f.institutionId, f.items.map((i) => i.id), f.oldestDue])).toEqual([['DI-01', ['p2', 'p1'], '2025-03-20']]);
  });

  it('every anbefaling and påbud needs owner, due date and action; a påbud also how it is verified', () => {
    expect(instructionProblems({ type: 'anbefaling', ownerRole: null, dueDate: null, action: ' ', verification: null })).toEqual(['ansvarlig', 'frist eller opfølgningsdato', 'konkret handling']);
    expect(instructionProblems({ type: 'paabud', ownerRole: 'leder', dueDate: '2025-04-01', action: 'Flyt reolen', verification: null })).toEqual(['efterprøvning']);
    expect(instructionProblems({ type: 'paabud', ownerRole: 'leder', dueDate: '2025-04-01', action: 'Flyt reolen', verification: 'skriftlig_dokumentation' })).toEqual([]);
  });

  it('the leder’s change of owner and due date is kept in the history, which only grows', () => {
    const before = item({});
    const after = withFollowUpChange(before, { owner: 'Pædagogisk leder', dueDate: '2025-04-15' }, 'Lone Leder', '2025-03-20T09:00:00Z');
    expect(after.history).toEqual([
      { at: '2025-03-20T09:00:00Z', by: 'Lone Leder', field: 'owner', from: 'Leder', to: 'Pædagogisk leder' },
      { at: '2025-03-20T09:00:00Z', by: 'Lone Leder', field: 'dueDate', from: '2025-04-01', to: '2025-04-15' },
    ]);
    expect(withFollowUpChange(before, { owner: 'Leder' }, 'Lone').history).toEqual([]);
    const ctx = { parentStatus: 'endelig' as const, parentInstitutionId: 'DI-01' };
    expect(code(judge(leder, 'opfoelgning', before, { fields: { owner: after.owner, dueDate: after.dueDate, history: after.history } }, ctx))).toBe('ok');
    expect(code(judge(leder, 'opfoelgning', after, { fields: { history: [] } }, ctx))).toBe('history_append_only');
    expect(code(judge(leder, 'opfoelgning', after, { fields: { history: [{ ...after.history[0]!, by: 'Nogen' }, after.history[1]] } }, ctx))).toBe('history_append_only');
    // Verification is the consultant's.
    expect(code(judge(leder, 'opfoelgning', before, { fields: { verifiedOn: '2025-04-01' } }, ctx))).toBe('leder_read_only');
    expect(code(judge(konsulent, 'opfoelgning', before, { fields: { verifiedOn: '2025-04-01', verifiedBy: 'Mette' } }, ctx))).toBe('ok');
    expect(code(judge(konsulent, 'opfoelgning', before, { fields: { type: 'anbefaling' } }, ctx))).toBe('fixed_field');
  });
});
