import { describe, expect, it } from 'vitest';
import { publicationClock, publicationClocks } from '../../../shared/publicationClock';
import { DEFAULT_PUBLICATION_POLICY, PubliceringSchema, publicationId, publicationPolicyOf, publicationProblems, type BoardNotice } from '../../../shared/publication';
import { DEFAULT_RAMME_RULES } from '../../../shared/tilsynsramme';
import { hyphenateDanish } from '../../../shared/hyphenate';
import { latestPublications } from '../../../shared/publishedReport';
import type { ReportSnapshot } from '../../../shared/reportVersion';
import { TilbagetraekningSchema, standingPublications, withdrawalId, withdrawalText } from '../../../shared/publicationWithdrawal';
import { judge } from '../../../shared/rules';

describe('the two-year publication clock (§ 5 stk. 3)', () => {
  // Visit 2024-01-10, published 2024-06-01, warning 60 days: the clock runs from the publication.
  const published = '2024-06-01';
  const at = (today: string) => publicationClock(published, today, 60);

  it('is fine before the warning period, whatever the visit date', () => {
    expect(at('2026-01-10').state).toBe('ok'); // 24 months after the visit: not due
    expect(at('2026-04-01')).toEqual({ state: 'ok', dueDate: '2026-06-01', daysLeft: 61 });
  });
  it('says "snart" from 2026-04-02 and on 2026-05-31 (not yet due)', () => {
    expect(at('2026-04-02')).toEqual({ state: 'snart', dueDate: '2026-06-01', daysLeft: 60 });
    expect(at('2026-05-31').state).toBe('snart');
  });
  it('has 2026-06-01 as the last day ("sidste frist i dag")', () => {
    expect(at('2026-06-01')).toEqual({ state: 'sidste_frist', dueDate: '2026-06-01', daysLeft: 0 });
  });
  it('is overdue from 2026-06-02', () => {
    expect(at('2026-06-02')).toEqual({ state: 'overskredet', dueDate: '2026-06-01', daysLeft: -1 });
  });
  it('uses the configured warning period', () => {
    expect(publicationClock(published, '2026-04-02', 30).state).toBe('ok');
    expect(publicationClock(published, '2026-05-02', 30).state).toBe('snart');
  });
  it('says when nothing has been published', () => {
    expect(publicationClock(null, '2026-01-01').state).toBe('aldrig');
  });
  it('lists the units that need attention first, nearest last day first, from each unit’s latest publication', () => {
    const units = [{ institutionId: 'a', name: 'A' }, { institutionId: 'b', name: 'B' }, { institutionId: 'c', name: 'C' }, { institutionId: 'd', name: 'D' }];
    const pubs = [{ institutionId: 'a', publishedOn: '2022-01-01' }, { institutionId: 'a', publishedOn: '2025-06-01' }, { institutionId: 'b', publishedOn: '2024-05-01' }, { institutionId: 'c', publishedOn: '2024-06-01' }];
    const clocks = publicationClocks(units, pubs, '2026-05-15', 60);
    expect(clocks.map((c) => [c.institutionId, c.state])).toEqual([['d', 'aldrig'], ['b', 'overskredet'], ['c', 'snart'], ['a', 'ok']]);
  });
  it('clamps to the month (published 29 February)', () => {
    expect(publicationClock('2024-02-29', '2026-02-28', 60).state).toBe('sidste_frist');
  });
});

const snapshot = (over: Partial<ReportSnapshot> = {}): ReportSnapshot => ({
  title: 'Tilsynsrapport',
  institutionId: 'inst-1',
  institutionName: 'Solsikken',
  institutionType: 'Børnehave',
  date: '10. januar 2024',
  isoDate: '2024-01-10',
  visitType: 'Anmeldt tilsyn',
  consultants: ['Mette Kjær'],
  participants: ['Leder'],
  status: 'Endelig',
  final: true,
  frameworkName: 'Tilsynskoncept 2021 (version 1)',
  rows: [{ themeId: 'leg', themeName: 'Leg', step: 3, label: 'Tilfredsstillende', notAssessed: false, notAssessedReason: '', descriptor: 'x', anerkendelser: ['God leg'], anbefalinger: ['Mere leg ude'] }],
  hoering: null,
  comparison: [],
  previousDate: null,
  municipalLabel: 'Kommunens gennemsnit (24 mdr.)',
  ...over,
});
const board: BoardNotice = { informedOn: '2024-05-20', form: 'bestyrelsesmoede', comment: '' };

describe('publishing (R1.4, R1.11)', () => {
  it('may publish a final version with the board informed and nothing personal in it', () => {
    expect(publicationProblems({ snapshot: snapshot(), board, followUp: [], privacyOverrideReason: '' })).toEqual([]);
  });
  it('waits for the board orientation by default, not when the ramme says otherwise', () => {
    expect(publicationProblems({ snapshot: snapshot(), board: null, followUp: [], privacyOverrideReason: '' }).map((p) => p.code)).toEqual(['board_not_informed']);
    expect(DEFAULT_PUBLICATION_POLICY.boardOrientationRequired).toBe(true);
    // The ramme in force decides; without one, the default; the ramme's own default waits too.
    expect(publicationPolicyOf(null)).toEqual(DEFAULT_PUBLICATION_POLICY);
    expect(publicationPolicyOf({ rules: DEFAULT_RAMME_RULES })).toEqual({ boardOrientationRequired: true });
    expect(publicationPolicyOf({ rules: { ...DEFAULT_RAMME_RULES, publishWaitsForBoard: false } })).toEqual({ boardOrientationRequired: false });
    expect(publicationProblems({ snapshot: snapshot(), board: null, followUp: [], privacyOverrideReason: '', policy: { boardOrientationRequired: false } })).toEqual([]);
  });
  it('is refused while the privacy check finds something, unless overridden with a reason', () => {
    const s = snapshot({ rows: [{ ...snapshot().rows[0]!, anerkendelser: ['Pigen Sofie leger godt'] }] });
    const problems = publicationProblems({ snapshot: s, board, followUp: [], privacyOverrideReason: '' });
    expect(problems.map((p) => p.code)).toEqual(['privacy_check_failed']);
    expect(problems[0]!.message).toContain('barn nævnt ved navn');
    expect(publicationProblems({ snapshot: s, board, followUp: [], privacyOverrideReason: 'Sofie er navnet på en dukke' })).toEqual([]);
    // The board's comment is published too, so it is checked.
    expect(publicationProblems({ snapshot: snapshot(), board: { ...board, comment: 'Ring på 12 34 56 78' }, followUp: [], privacyOverrideReason: '' })[0]!.code).toBe('privacy_check_failed');
  });
  it('ids and numbers of the snapshot are not texts the check reads', () => {
    const s = snapshot({ hoering: { items: [{ anbefalingId: '01934567-89ab-7000', themeId: 'leg', themeName: 'Leg', anbefaling: 'Mere leg', answer: 'enig', answerLabel: 'Enig', text: '' }], comment: '', answered: 1, total: 1 } });
    expect(publicationProblems({ snapshot: s, board, followUp: [], privacyOverrideReason: '' })).toEqual([]);
  });
  it('the publication names a web address and its id is made from the version', () => {
    const base = { id: publicationId('i1', 2), inspectionId: 'i1', institutionId: 'inst-1', version: 2, publishedOn: '2024-06-01', publishedBy: 'Mette Kjær', board };
    expect(PubliceringSchema.safeParse({ ...base, url: 'https://solsikken.dk/tilsyn' }).success).toBe(true);
    const bad = PubliceringSchema.safeParse({ ...base, url: 'solsikken' });
    expect(bad.error?.issues[0]?.message).toBe('Skriv en hel adresse, der begynder med https://');
    expect(publicationId('i1', 2)).toBe('i1:v2:publiceret');
  });
  it('lists the latest publication per institution; a unit left out (a dagplejer) is not listed', () => {
    const p = (institutionId: string, inspectionId: string, publishedOn: string, version = 1) => ({ institutionId, inspectionId, publishedOn, version });
    const list = [p('a', 'i1', '2024-06-01'), p('a', 'i2', '2025-06-01'), p('a', 'i2', '2025-06-01', 2), p('b', 'i3', '2023-01-01'), p('c', 'i4', '2025-01-01')];
    expect(latestPublications(list, (id) => id !== 'c')).toEqual([p('a', 'i2', '2025-06-01', 2), p('b', 'i3', '2023-01-01')]);
  });
});

describe('Danish hyphenation', () => {
  it('puts soft hyphens at syllables and leaves words under eight letters whole', () => {
    expect(hyphenateDanish('Sammenhængende læringsmiljøer for alle børn')).toBe('Sam\u00ADmen\u00ADhæn\u00ADgen\u00ADde læ\u00ADrings\u00ADmil\u00ADjø\u00ADer for alle børn');
    expect(hyphenateDanish('Rutiner og overgange')).toBe('Rutiner og over\u00ADgan\u00ADge');
    // No break on each side of a lone letter.
    expect(hyphenateDanish('Medarbejderne på personalemøderne')).toBe('Med\u00ADar\u00ADbej\u00ADder\u00ADne på per\u00ADso\u00ADna\u00ADle\u00ADmø\u00ADder\u00ADne');
  });
});

describe('a withdrawn publication (shared/publicationWithdrawal.ts)', () => {
  const pub = (inspectionId: string, publishedOn: string) => ({ id: publicationId(inspectionId, 1), inspectionId, institutionId: 'I1', version: 1, publishedOn });
  const older = pub('a', '2024-06-01');
  const newer = pub('b', '2025-03-01');
  const units = [{ institutionId: 'I1', name: 'Solsikken' }];

  it('the clock runs from the previous publication, and says none when every one is withdrawn', () => {
    expect(publicationClocks(units, standingPublications([older, newer], []), '2026-04-02')[0]).toMatchObject({ lastPublishedOn: '2025-03-01', state: 'ok' });
    const withdrawnNewer = standingPublications([older, newer], [{ inspectionId: 'b', version: 1 }]);
    expect(withdrawnNewer).toEqual([older]);
    // Back on the older publication's clock: 2024-06-01 + 24 months, "snart" from 2026-04-02 (warning 60 days).
    expect(publicationClocks(units, withdrawnNewer, '2026-04-02')[0]).toMatchObject({ lastPublishedOn: '2024-06-01', dueDate: '2026-06-01', state: 'snart' });
    expect(latestPublications(withdrawnNewer)).toEqual([older]);
    expect(publicationClocks(units, standingPublications([older, newer], [{ inspectionId: 'a', version: 1 }, { inspectionId: 'b', version: 1 }]), '2026-04-02')[0]).toMatchObject({ state: 'aldrig' });
  });

  it('the withdrawal needs a reason; its id names the publication', () => {
    const base = { id: withdrawalId('a', 1), rev: 0, updatedAt: '', inspectionId: 'a', institutionId: 'I1', version: 1, withdrawnOn: '2026-05-03', withdrawnBy: 'Forvaltningen' };
    expect(withdrawalId('a', 1)).toBe(`${publicationId('a', 1)}:tilbagetrukket`);
    expect(TilbagetraekningSchema.safeParse({ ...base, reason: ' ' }).error?.issues[0]?.message).toBe('Skriv hvorfor offentliggørelsen trækkes tilbage');
    expect(TilbagetraekningSchema.parse({ ...base, reason: 'Ved en fejl' }).reason).toBe('Ved en fejl');
    expect(withdrawalText({ withdrawnOn: '2026-05-03', withdrawnBy: 'Frida', reason: 'Ved en fejl' })).toBe('Trukket tilbage 3. maj 2026 af Frida: Ved en fejl');
  });

  it('only forvaltning may withdraw, never change it (the write judge)', () => {
    const next = { inspectionId: 'a', institutionId: 'I1', version: 1, withdrawnOn: '2026-05-03', reason: 'x', withdrawnBy: 'F' };
    const change = { fields: next, recordId: withdrawalId('a', 1) };
    const ctx = { parentStatus: 'endelig' as const, parentInstitutionId: 'I1' };
    expect(judge({ role: 'konsulent', institutionIds: ['I1'] }, 'tilbagetraekning', undefined, change, ctx)).toMatchObject({ ok: false, code: 'withdrawal_forvaltning_only' });
    expect(judge({ role: 'konsulent', institutionIds: 'all', local: true }, 'tilbagetraekning', undefined, change, ctx)).toMatchObject({ ok: false, code: 'withdrawal_forvaltning_only' });
    expect(judge({ role: 'forvaltning', institutionIds: 'all' }, 'tilbagetraekning', undefined, change, ctx)).toEqual({ ok: true });
    expect(judge({ role: 'forvaltning', institutionIds: 'all' }, 'tilbagetraekning', next, { fields: { reason: 'y' } }, ctx)).toMatchObject({ ok: false, code: 'withdrawal_frozen' });
  });
});
