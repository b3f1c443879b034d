import { describe, expect, it } from 'vitest';
import { buildDagplejeReport } from '../../../shared/dagplejeReport';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { unitProblems, unitTypeOf, type Institution } from '../../../shared/institution';
import { AnbefalingSchema, themeScoreId, type Anbefaling, type Inspection, type ThemeScore } from '../../../shared/inspection';
import { gaeldendeProblems, rammeInForce, RAMME_SECTIONS, TilsynsrammeSchema } from '../../../shared/tilsynsramme';
import { unannouncedWarnings, visitMixByYear } from '../../../shared/visitMix';

const inst = (over: Partial<Institution>): Institution => ({ id: 'X', name: 'X', type: 'integreret', ownership: 'kommunal', children0to2: 1, children3to5: 1, rev: 0, ...over });
const visit = (over: Partial<Inspection>): Inspection => ({
  id: `i-${Math.random()}`,
  rev: 0,
  updatedAt: '',
  institutionId: 'A',
  frameworkId: 'v1',
  visitType: 'anmeldt',
  kind: 'ordinaer',
  date: '2025-01-01',
  consultants: ['K'],
  participants: [],
  status: 'endelig',
  ...over,
});

describe('tilsynsramme rules (R1.1)', () => {
  const full = TilsynsrammeSchema.parse({
    id: 'v1',
    version: 1,
    title: 'Ramme',
    sections: Object.fromEntries(RAMME_SECTIONS.map((s) => [s, 'tekst'])),
    approvedOn: '2024-11-20',
    approvedBy: 'Udvalget',
    publicUrl: 'https://k.dk/r',
    inForceFrom: '2025-01-01',
  });
  it('names each empty (or blank) section, and nothing for a complete version', () => {
    expect(gaeldendeProblems(full)).toEqual([]);
    const problems = gaeldendeProblems({ ...full, sections: { ...full.sections, data: ' \n ', skaerpet: '' } });
    expect(problems.map((p) => p.path)).toEqual(['sections.data', 'sections.skaerpet']);
    expect(problems[0]!.message).toBe('Afsnittet «Brug af data, herunder observationer» er tomt. Loven kræver, at rammen beskriver det.');
  });
  it('the version in force on a date: latest gældende from on or before it; kladder never', () => {
    const v2 = { ...full, id: 'v2', version: 2, inForceFrom: '2026-01-01' };
    const v3 = { ...full, id: 'v3', version: 3, inForceFrom: '2025-06-01', status: 'kladde' as const };
    const all = [{ ...full, status: 'gaeldende' as const }, { ...v2, status: 'gaeldende' as const }, v3];
    expect(rammeInForce(all, '2024-12-31')).toBeNull();
    expect(rammeInForce(all, '2025-01-01')?.id).toBe('v1');
    expect(rammeInForce(all, '2025-12-31')?.id).toBe('v1');
    expect(rammeInForce(all, '2026-01-01')?.id).toBe('v2');
  });
});

describe('units as the law counts them (R1.2)', () => {
  it('derives the unit from the type when none is set', () => {
    expect(unitTypeOf(inst({}))).toBe('daginstitution');
    expect(unitTypeOf(inst({ type: 'dagpleje' }))).toBe('dagpleje');
    expect(unitTypeOf(inst({ unitType: 'puljeordning' }))).toBe('puljeordning');
  });
  it('an enhed belongs to one institution that is not an enhed; only an enhed has a parent; a dagpleje is of type Dagpleje', () => {
    const parent = inst({ id: 'P' });
    expect(unitProblems(inst({ unitType: 'enhed', parentInstitutionId: 'P' }), parent)).toEqual([]);
    expect(unitProblems(inst({ unitType: 'enhed' }))).toEqual([{ path: 'parentInstitutionId', message: 'En enhed skal høre under en institution', key: 'validation:institution.unitNeedsParent' }]);
    expect(unitProblems(inst({ parentInstitutionId: 'P' }), parent)[0]!.message).toBe('Kun en enhed hører under en anden institution');
    expect(unitProblems(inst({ unitType: 'enhed', parentInstitutionId: 'Q' }), null)[0]!.message).toBe('Institutionen Q findes ikke');
    expect(unitProblems(inst({ unitType: 'enhed', parentInstitutionId: 'X' }), inst({}))[0]!.message).toBe('En enhed kan ikke høre under sig selv');
    expect(unitProblems(inst({ unitType: 'enhed', parentInstitutionId: 'E' }), inst({ id: 'E', unitType: 'enhed' }))[0]!.message).toBe('En enhed kan ikke høre under en anden enhed');
    expect(unitProblems(inst({ unitType: 'dagpleje' }))[0]!.path).toBe('unitType');
    expect(unitProblems(inst({ type: 'dagpleje', unitType: 'daginstitution' }))[0]!.path).toBe('unitType');
  });
});

describe('announced and unannounced (R1.7)', () => {
  const today = '2026-12-01';
  const visits = [
    visit({ institutionId: 'A', date: '2025-03-01', visitType: 'uanmeldt' }),
    visit({ institutionId: 'A', date: '2026-02-01' }),
    visit({ institutionId: 'B', date: '2026-05-01', visitType: 'uanmeldt', status: 'udkast' }),
    // Planned or in the future: not a visit yet.
    visit({ institutionId: 'C', date: '2026-11-01', visitType: 'uanmeldt', status: 'planlagt' }),
    visit({ institutionId: 'C', date: '2026-12-24', visitType: 'uanmeldt', status: 'i_gang' }),
  ];
  it('counts the mix per institution and year, visits carried out only', () => {
    const mix = visitMixByYear(visits, today);
    expect(mix.get('A')?.get('2025')).toEqual({ announced: 0, unannounced: 1 });
    expect(mix.get('A')?.get('2026')).toEqual({ announced: 1, unannounced: 0 });
    expect(mix.get('B')?.get('2026')).toEqual({ announced: 0, unannounced: 1 });
    expect(mix.has('C')).toBe(false);
  });
  it('warns where the cycle has no unannounced visit; the cycle is (today − months, today]', () => {
    expect(unannouncedWarnings(['A', 'B', 'C', 'D'], visits, 12, today)).toEqual([
      { institutionId: 'A', lastUnannounced: '2025-03-01', since: '2025-12-01' },
      { institutionId: 'C', lastUnannounced: null, since: '2025-12-01' },
      { institutionId: 'D', lastUnannounced: null, since: '2025-12-01' },
    ]);
    // With a 24-month cycle A's visit counts; on the cycle's first day still, the day before not.
    expect(unannouncedWarnings(['A'], visits, 24, today)).toEqual([]);
    expect(unannouncedWarnings(['A'], visits, 24, '2027-03-01')).toEqual([{ institutionId: 'A', lastUnannounced: '2025-03-01', since: '2025-03-01' }]);
    expect(unannouncedWarnings(['A'], visits, 24, '2027-02-28')).toEqual([]);
  });
});

describe('the combined dagpleje report (R1.2)', () => {
  it('pools the final visits of the round per theme, counts the unannounced, and names no visit', () => {
    const a = visit({ institutionId: 'DP', date: '2026-03-01' });
    const b = visit({ institutionId: 'DP', date: '2026-04-01', visitType: 'uanmeldt' });
    const old = visit({ institutionId: 'DP', date: '2024-01-01' });
    const draft = visit({ institutionId: 'DP', date: '2026-05-01', status: 'udkast' });
    const score = (i: Inspection, step: 1 | 2 | 3 | 4): ThemeScore => ({ id: themeScoreId(i.id, 'leg'), rev: 0, updatedAt: '', inspectionId: i.id, themeId: 'leg', step, notAssessed: false, notAssessedReason: '', note: '' });
    const anb = (i: Inspection, text: string, deleted = false): Anbefaling => AnbefalingSchema.parse({ id: `${i.id}:a`, rev: 0, updatedAt: '', inspectionId: i.id, themeId: 'leg', text, createdAt: '', deleted });
    const scores = new Map([a, b, old, draft].map((i, k) => [i.id, [score(i, ([2, 4, 1, 1] as const)[k]!)]]));
    const report = buildDagplejeReport(FRAMEWORK_V1, {
      institutionName: 'Dagplejen',
      inspections: [a, b, old, draft],
      scoresByInspection: scores,
      anerkendelser: [],
      anbefalinger: [anb(a, 'Mere leg ude'), anb(b, ' '), anb(old, 'Gammel'), anb(draft, 'Kladde'), { ...anb(b, 'Slettet', true), id: 'x' }],
      to: '2026-12-01',
    });
    expect(report).toMatchObject({ from: '2024-12-02', to: '2026-12-01', visits: 2, unannounced: 1, periodLabel: '2. december 2024 – 1. december 2026' });
    const leg = report.rows.find((r) => r.themeId === 'leg')!;
    expect(leg).toMatchObject({ n: 2, mean: 3, counts: { 1: 0, 2: 1, 3: 0, 4: 1 }, anbefalinger: ['Mere leg ude'] });
    expect(report.rows.map((r) => r.themeId)).toEqual(FRAMEWORK_V1.themes.map((t) => t.id));
    expect(JSON.stringify(report)).not.toContain('2026-03-01');
  });
});
