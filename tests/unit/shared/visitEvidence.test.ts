import { describe, expect, it } from 'vitest';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { blockingRelation, isBlocking } from '../../../shared/impartiality';
import type { Inspection } from '../../../shared/inspection';
import { formatObservedTime, observationEvidence } from '../../../shared/observation';
import { briefCasesOf, buildPreVisitBrief, priorKnowledgeOf } from '../../../shared/previsitBrief';
import type { Handleplan, SkaerpetTilsyn } from '../../../shared/skaerpetTilsyn';
import { buildReport } from '../../../shared/reportModel';
import type { Rapportversion } from '../../../shared/reportVersion';
import type { Opfoelgning } from '../../../shared/followUp';
import { blockingEvidenceGaps, evidenceGaps } from '../../../shared/visitEvidence';

const obs = (observedAt: string, minutes: number, deleted = false) => ({ observedAt, minutes, deleted });

describe('observation evidence', () => {
  it('counts records and the observed time with overlaps once; deleted ones do not count', () => {
    expect(observationEvidence([])).toEqual({ count: 0, minutes: 0 });
    expect(observationEvidence([obs('2026-12-01T09:00', 60), obs('2026-12-01T09:30', 60), obs('2026-12-01T11:00', 15), obs('2026-12-01T12:00', 60, true)])).toEqual({ count: 3, minutes: 105 });
    // One inside another.
    expect(observationEvidence([obs('2026-12-01T09:00', 180), obs('2026-12-01T10:00', 10)])).toEqual({ count: 2, minutes: 180 });
  });

  it('says the time in Danish', () => {
    expect(formatObservedTime(45)).toBe('45 minutter');
    expect(formatObservedTime(60)).toBe('1 time');
    expect(formatObservedTime(195)).toBe('3 timer og 15 minutter');
    expect(formatObservedTime(61)).toBe('1 time og 1 minut');
  });

  it('finalising needs an observation, a leder and a staff representative in the dialogue, unless a reason is stated', () => {
    const dialogue = { at: '2026-12-01T13:00', leder: ['Lone'], staff: ['Medarbejderrepræsentant'], consultantIds: [] };
    expect(evidenceGaps({}, 0)).toEqual(['observation', 'dialogue_leder', 'dialogue_staff']);
    expect(evidenceGaps({ dialogue: { ...dialogue, leder: [] } }, 1)).toEqual(['dialogue_leder']);
    expect(evidenceGaps({ dialogue }, 1)).toEqual([]);
    expect(blockingEvidenceGaps({ evidenceReason: 'Brandøvelse' }, 0)).toEqual([]);
    expect(blockingEvidenceGaps({ evidenceReason: '  ' }, 0)).toHaveLength(3);
  });
});

describe('impartiality', () => {
  it('every relation blocks, employment for two years after its last day', () => {
    expect(isBlocking({ kind: 'personlig', endedOn: null }, '2026-01-01')).toBe(true);
    expect(isBlocking({ kind: 'tidligere_ansat', endedOn: null }, '2026-01-01')).toBe(true);
    expect(isBlocking({ kind: 'tidligere_ansat', endedOn: '2024-01-01' }, '2026-01-01')).toBe(true);
    expect(isBlocking({ kind: 'tidligere_ansat', endedOn: '2023-12-31' }, '2026-01-01')).toBe(false);
    expect(isBlocking({ kind: 'tidligere_ansat', endedOn: '2022-02-28' }, '2024-02-29')).toBe(true);
    const relations = [{ userId: 'u1', institutionId: 'DI-01', kind: 'leder' as const, endedOn: null }];
    expect(blockingRelation(relations, 'u1', 'DI-01', '2026-01-01')?.kind).toBe('leder');
    expect(blockingRelation(relations, 'u1', 'DI-02', '2026-01-01')).toBeUndefined();
  });
});

const inspection: Inspection = {
  id: 'i-now', rev: 0, updatedAt: '', institutionId: 'DI-01', frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-12-01', status: 'udkast',
  consultantIds: ['u1'], consultants: ['Gammelt Navn'], participants: [],
  dialogue: { at: '2026-12-01T13:00', leder: ['Lone Leder'], staff: ['Medarbejderrepræsentant'], consultantIds: ['u1'] },
  impartialityOverrides: [{ userId: 'u1', reason: 'Hemmelig begrundelse for dispensation', by: 'Frida', at: '2026-11-01T10:00:00Z' }],
};

describe('the report says what the assessment rests on', () => {
  it('names consultant users and legacy names, counts observations and time, and never shows an override', () => {
    const report = buildReport(FRAMEWORK_V1, inspection, undefined, [], [], [], { svar: [] }, { consultantNames: new Map([['u1', 'Mette Kjær']]), observations: [obs('2026-12-01T09:00', 90), obs('2026-12-01T10:00', 60)] });
    expect(report.consultants).toEqual(['Mette Kjær', 'Gammelt Navn']);
    expect(report.evidence).toEqual({
      observations: 2,
      observedMinutes: 120,
      observedTime: '2 timer',
      dialogue: { when: '1. december 2026 kl. 13.00', leder: ['Lone Leder'], staff: ['Medarbejderrepræsentant'], consultants: ['Mette Kjær'] },
      reason: '',
    });
    expect(JSON.stringify(report)).not.toContain('Hemmelig begrundelse');
  });
});

describe('the pre-visit brief', () => {
  const version = (inspectionId: string, v: number, institutionId = 'DI-01', isoDate = '2025-05-06') =>
    ({ id: `${inspectionId}:v${v}`, inspectionId, version: v, createdBy: 'Mette', snapshot: { institutionId, isoDate, date: isoDate } }) as unknown as Rapportversion;
  const item = (id: string, status: Opfoelgning['status'], inspectionId = 'i-old') => ({ id, inspectionId, institutionId: 'DI-01', status, deleted: false, createdAt: '2025-05-20' }) as Opfoelgning;

  it('lists the latest version of each earlier report and the open items, never this visit\'s own; finalising records their ids', () => {
    const brief = buildPreVisitBrief({
      inspectionId: 'i-now',
      institutionId: 'DI-01',
      versions: [version('i-old', 1), version('i-old', 2), version('i-older', 1, 'DI-01', '2023-04-01'), version('i-now', 1), version('i-other', 1, 'DI-02')],
      followUps: [item('f1', 'aaben'), item('f2', 'gennemfoert'), item('f3', 'i_gang'), item('f4', 'aaben', 'i-now')],
    });
    expect(brief.previousReports.map((r) => r.versionId)).toEqual(['i-old:v2', 'i-older:v1']);
    expect(brief.openFollowUps.map((f) => f.id)).toEqual(['f1', 'f3']);
    expect(priorKnowledgeOf(brief, '2026-12-01T15:00:00Z')).toEqual({ recordedAt: '2026-12-01T15:00:00Z', reportVersionIds: ['i-old:v2', 'i-older:v1'], followUpIds: ['f1', 'f3'], caseIds: [], dataItems: [] });
  });
});

describe('skærpet tilsyn history in the brief', () => {
  it('lists cases and handleplaner newest first with their status', () => {
    const c = { id: 'c1', inspectionId: 'i-old', institutionId: 'DI-01', level: 'alvorlig', establishedOn: '2025-05-20', status: 'lukket', closedOn: '2025-12-01' } as SkaerpetTilsyn;
    const p = { id: 'c1', inspectionId: 'i-old', institutionId: 'DI-01', status: 'aktiv', activatedOn: '2025-06-01', createdAt: '2025-05-21T10:00:00Z', closedOn: null } as Handleplan;
    expect(briefCasesOf([c], [p])).toEqual([
      { id: 'handleplan:c1', label: 'Handleplan', openedOn: '2025-06-01', status: 'Aktiv' },
      { id: 'c1', label: 'Skærpet tilsyn (alvorlig bekymring)', openedOn: '2025-05-20', status: 'Lukket 2025-12-01' },
    ]);
  });
});
