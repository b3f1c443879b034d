import { describe, expect, it } from 'vitest';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { AGE_BUCKETS, OpfoelgningSchema, daysBetween, formatAge, isOpenFollowUp, openFollowUpsByAge, type Opfoelgning } from '../../../shared/followUp';
import { HoeringssvarSchema, HoeringskommentarSchema, hoeringProgress } from '../../../shared/hoering';
import type { Anbefaling, Inspection, ThemeScore } from '../../../shared/inspection';
import { buildReport } from '../../../shared/reportModel';
import { RapportversionSchema, reportVersionId, sortVersions, versionLabel, type ReportSnapshot } from '../../../shared/reportVersion';

const inspection = (over: Partial<Inspection> = {}): Inspection => ({
  id: 'insp-1',
  rev: 1,
  updatedAt: '2026-03-12T10:00:00.000Z',
  institutionId: 'DI-01',
  frameworkId: 'v1',
  visitType: 'anmeldt',
  kind: 'ordinaer',
  date: '2026-03-10',
  consultants: ['Mette Kjær'],
  participants: [],
  status: 'i_hoering',
  ...over,
});
const anbefaling = (id: string, themeId: Anbefaling['themeId'], text: string, createdAt: string, deleted = false): Anbefaling => ({
  id,
  rev: 1,
  updatedAt: createdAt,
  inspectionId: 'insp-1',
  themeId,
  text,
  createdAt,
  deleted,
  type: 'anbefaling',
  ownerRole: 'leder',
  dueDate: '2025-06-01',
  action: 'Drøft det på personalemødet',
  verification: null,
});
const scores: ThemeScore[] = FRAMEWORK_V1.themes.map((t, i) => ({
  id: `insp-1:${t.id}`,
  rev: 1,
  updatedAt: '',
  inspectionId: 'insp-1',
  themeId: t.id,
  step: ((i % 4) + 1) as ThemeScore['step'],
  notAssessed: false,
  notAssessedReason: '',
  note: '',
}));
const institution = { id: 'DI-01', name: 'Agerhønen', type: 'integreret' as const, ownership: 'kommunal' as const, children0to2: 10, children3to5: 20, rev: 1 };

describe('høring in the report model', () => {
  const anbefalinger = [
    anbefaling('a-leg', 'leg', 'Mere fri leg ude', '2026-03-10T10:02:00Z'),
    anbefaling('a-org', 'paedagogisk-organisering', 'Fordel de voksne efter børnenes behov', '2026-03-10T10:05:00Z'),
    anbefaling('a-org-2', 'paedagogisk-organisering', '  Planlæg overgangene  ', '2026-03-10T10:01:00Z'),
    anbefaling('a-empty', 'leg', '   ', '2026-03-10T10:03:00Z'),
    anbefaling('a-gone', 'leg', 'Slettet', '2026-03-10T10:04:00Z', true),
  ];

  it('lists each reported anbefaling in theme order with the leder’s answer, text and comment', () => {
    const svar = [
      HoeringssvarSchema.parse({ id: 'a-org', inspectionId: 'insp-1', anbefalingId: 'a-org', answer: 'plan', text: ' Vi laver en plan i april ' }),
      HoeringssvarSchema.parse({ id: 'a-leg', inspectionId: 'insp-1', anbefalingId: 'a-leg', text: 'Skrevet før valget' }),
    ];
    const report = buildReport(FRAMEWORK_V1, inspection(), institution, scores, [], anbefalinger, { svar, kommentar: { text: ' Tak for besøget ' } });
    expect(report.hoering).toEqual({
      items: [
        { anbefalingId: 'a-org-2', themeId: 'paedagogisk-organisering', themeName: 'Pædagogisk organisering', anbefaling: 'Planlæg overgangene', answer: null, answerLabel: 'Ikke besvaret', text: '' },
        { anbefalingId: 'a-org', themeId: 'paedagogisk-organisering', themeName: 'Pædagogisk organisering', anbefaling: 'Fordel de voksne efter børnenes behov', answer: 'plan', answerLabel: 'Plan', text: 'Vi laver en plan i april' },
        { anbefalingId: 'a-leg', themeId: 'leg', themeName: 'Leg', anbefaling: 'Mere fri leg ude', answer: null, answerLabel: 'Ikke besvaret', text: 'Skrevet før valget' },
      ],
      comment: 'Tak for besøget',
      answered: 1,
      total: 3,
    });
    expect(report.institutionId).toBe('DI-01');
    expect(report.isoDate).toBe('2026-03-10');
  });

  it('has no høring section before høring, unless answers exist (a draft pulled back from høring)', () => {
    expect(buildReport(FRAMEWORK_V1, inspection({ status: 'udkast' }), institution, scores, [], anbefalinger).hoering).toBeNull();
    const svar = [HoeringssvarSchema.parse({ id: 'a-leg', inspectionId: 'insp-1', anbefalingId: 'a-leg', answer: 'enig' })];
    expect(buildReport(FRAMEWORK_V1, inspection({ status: 'udkast' }), institution, scores, [], anbefalinger, { svar })!.hoering?.answered).toBe(1);
    expect(buildReport(FRAMEWORK_V1, inspection({ status: 'endelig' }), institution, scores, [], []).hoering).toEqual({ items: [], comment: '', answered: 0, total: 0 });
  });

  it('counts answered anbefalinger only among those still in the report', () => {
    expect(hoeringProgress(['a', 'b'], [{ anbefalingId: 'a', answer: 'enig' }, { anbefalingId: 'b', answer: null }, { anbefalingId: 'x', answer: 'uenig' }])).toEqual({ answered: 1, total: 2 });
  });
});

describe('høring schemas', () => {
  it('refuses an unknown answer and too long texts in Danish', () => {
    const bad = HoeringssvarSchema.safeParse({ id: 'a', inspectionId: 'i', anbefalingId: 'a', answer: 'måske' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('Vælg enig, uenig eller plan');
    const long = HoeringskommentarSchema.safeParse({ id: 'i', inspectionId: 'i', text: 'x'.repeat(4001) });
    expect(long.error!.issues[0]!.message).toBe('Højst 4000 tegn');
  });
});

const snapshot = (): ReportSnapshot => ({
  ...buildReport(FRAMEWORK_V1, inspection({ status: 'endelig' }), institution, scores, [], []),
  comparison: [],
  previousDate: null,
  municipalLabel: 'Kommunens gennemsnit (24 mdr.)',
});

describe('report versions', () => {
  it('a version is the whole report, with who and when; version 2 and later need a reason', () => {
    const v1 = RapportversionSchema.parse({ id: reportVersionId('insp-1', 1), inspectionId: 'insp-1', version: 1, createdAt: '2026-03-12T09:30:00.000Z', createdBy: 'Mette Kjær', snapshot: snapshot() });
    expect(v1.reason).toBe('');
    expect(v1.snapshot.rows).toHaveLength(7);
    const v2 = RapportversionSchema.safeParse({ id: 'insp-1:v2', inspectionId: 'insp-1', version: 2, createdAt: '2026-03-14T09:30:00.000Z', createdBy: 'Mette Kjær', reason: '  ', snapshot: snapshot() });
    expect(v2.success).toBe(false);
    expect(v2.error!.issues.map((i) => i.message)).toEqual(['En rettet rapport skal have en begrundelse for rettelsen']);
    const noWho = RapportversionSchema.safeParse({ id: 'insp-1:v1', inspectionId: 'insp-1', version: 1, createdAt: 'x', createdBy: ' ', snapshot: snapshot() });
    expect(noWho.error!.issues[0]!.message).toBe('Angiv hvem der gjorde rapporten endelig');
    expect(RapportversionSchema.safeParse({ id: 'insp-1:v1', inspectionId: 'insp-1', version: 1, createdAt: 'x', createdBy: 'M', snapshot: { title: 'x' } }).success).toBe(false);
  });

  it('keeps snapshot fields a newer app added', () => {
    const v = RapportversionSchema.parse({ id: 'insp-1:v1', inspectionId: 'insp-1', version: 1, createdAt: '2026-03-12T09:30:00.000Z', createdBy: 'M', snapshot: { ...snapshot(), signatur: 'ny' } });
    expect((v.snapshot as Record<string, unknown>).signatur).toBe('ny');
  });

  it('labels versions for the picker and sorts the newest first', () => {
    expect(versionLabel({ version: 1, createdAt: '2026-03-12T09:30:00.000Z', createdBy: 'Mette Kjær' })).toBe('Version 1 (12. marts 2026, Mette Kjær)');
    expect(sortVersions([{ version: 1 }, { version: 3 }, { version: 2 }]).map((v) => v.version)).toEqual([3, 2, 1]);
    expect(reportVersionId('abc', 2)).toBe('abc:v2');
  });
});

const item = (id: string, institutionId: string, createdAt: string, over: Partial<Opfoelgning> = {}): Opfoelgning =>
  OpfoelgningSchema.parse({ id, inspectionId: `insp-${institutionId}`, institutionId, anbefalingId: id, themeId: 'leg', anbefaling: `Anbefaling ${id}`, createdAt, ...over });

describe('openFollowUpsByAge', () => {
  const today = '2026-03-12';
  const items = [
    item('a1', 'DI-01', '2026-03-01T10:00:00.000Z'), // 11 days
    item('a2', 'DI-01', '2025-03-01T10:00:00.000Z', { status: 'i_gang', dueDate: '2025-12-31' }), // 376 days, overdue
    item('b1', 'DI-02', '2025-10-01T10:00:00.000Z', { dueDate: '2026-06-01' }), // 162 days
    item('b2', 'DI-02', '2025-06-01T10:00:00.000Z'), // 284 days
    item('c1', 'DI-03', '2024-01-01T10:00:00.000Z', { status: 'gennemfoert' }),
    item('c2', 'DI-03', '2024-01-01T10:00:00.000Z', { status: 'ikke_fulgt' }),
    item('c3', 'DI-03', '2024-01-01T10:00:00.000Z', { deleted: true }),
  ];

  it('keeps only åben and i gang, not removed ones, oldest first, grouped by institution', () => {
    const board = openFollowUpsByAge(items, today);
    expect(board.total).toBe(4);
    expect(board.overdue).toBe(1);
    expect(board.institutions.map((g) => g.institutionId)).toEqual(['DI-01', 'DI-02']);
    expect(board.institutions[0]!.items.map((o) => [o.item.id, o.ageDays, o.bucket, o.overdue])).toEqual([
      ['a2', 376, 'over-12', true],
      ['a1', 11, 'under-3', false],
    ]);
    expect(board.institutions[0]!.oldestDays).toBe(376);
    expect(board.institutions[1]!.items.map((o) => [o.item.id, o.ageDays, o.bucket])).toEqual([
      ['b2', 284, '6-12'],
      ['b1', 162, '3-6'],
    ]);
    expect(board.buckets).toEqual(AGE_BUCKETS.map((b) => ({ id: b.id, count: { 'under-3': 1, '3-6': 1, '6-12': 1, 'over-12': 1 }[b.id] })));
  });

  it('bucket edges: 90 days is under 3 months, 91 is 3–6', () => {
    const board = openFollowUpsByAge([item('x', 'DI-01', '2025-12-12'), item('y', 'DI-01', '2025-12-11')], today);
    expect(board.institutions[0]!.items.map((o) => [o.ageDays, o.bucket])).toEqual([
      [91, '3-6'],
      [90, 'under-3'],
    ]);
  });

  it('is empty for no items, and a due date today is not overdue', () => {
    expect(openFollowUpsByAge([], today)).toMatchObject({ total: 0, overdue: 0, institutions: [] });
    expect(openFollowUpsByAge([item('z', 'DI-01', '2026-03-01', { dueDate: today })], today).overdue).toBe(0);
  });

  it('helpers', () => {
    expect(daysBetween('2026-03-01', '2026-03-12')).toBe(11);
    expect(daysBetween('2026-03-20', '2026-03-12')).toBe(0);
    expect(isOpenFollowUp({ status: 'i_gang', deleted: false })).toBe(true);
    expect(isOpenFollowUp({ status: 'aaben', deleted: true })).toBe(false);
    expect(formatAge(1)).toBe('1 dag');
    expect(formatAge(20)).toBe('20 dage');
    expect(formatAge(100)).toBe('3 måneder');
    expect(formatAge(800)).toBe('2 år');
  });

  it('the follow-up schema refuses unknown statuses and bad dates in Danish', () => {
    const bad = OpfoelgningSchema.safeParse({ ...item('q', 'DI-01', today), status: 'lukket', dueDate: '2026-02-30' });
    expect(bad.error!.issues.map((i) => i.message).sort()).toEqual(['Datoen findes ikke', 'Vælg åben, i gang, gennemført eller ikke fulgt']);
  });
});
