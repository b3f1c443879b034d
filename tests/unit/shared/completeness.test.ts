import { describe, expect, it } from 'vitest';
import { completeness } from '../../../shared/completeness';
import { THEME_IDS, type ThemeId } from '../../../shared/framework';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { AnbefalingSchema, AnerkendelseSchema, ThemeScoreSchema, type ThemeScore } from '../../../shared/inspection';

function score(themeId: ThemeId, fields: Partial<ThemeScore>): ThemeScore {
  return ThemeScoreSchema.parse({ id: `i:${themeId}`, inspectionId: 'i', themeId, ...fields });
}
const finding = (text: string, deleted = false) =>
  AnerkendelseSchema.parse({ id: text || 'empty', inspectionId: 'i', themeId: 'leg', text, createdAt: 'x', deleted });

describe('completeness', () => {
  it('reports every theme missing on an empty inspection', () => {
    const c = completeness(FRAMEWORK_V1, []);
    expect(c).toMatchObject({ assessed: 0, total: 7, complete: false });
    expect(c.missing).toHaveLength(7);
    expect(c.missing[0]).toBe('Pædagogisk organisering: vælg et trin');
    expect(c.missing[6]).toBe('Sammenhængende overgange: vælg et trin');
  });

  it('counts 5 af 7 and names the two missing themes', () => {
    const scores = THEME_IDS.slice(0, 5).map((t) => score(t, { step: 3 }));
    const c = completeness(FRAMEWORK_V1, scores);
    expect(c.assessed).toBe(5);
    expect(c.missing).toEqual(['Børnenes kompetencer: vælg et trin', 'Sammenhængende overgange: vælg et trin']);
  });

  it('counts ikke vurderet with a reason as assessed, and asks for the reason when it is blank', () => {
    const scores = THEME_IDS.map((t) => score(t, { step: 2 }));
    scores[3] = score('leg', { notAssessed: true, notAssessedReason: 'Huset var på tur' });
    expect(completeness(FRAMEWORK_V1, scores)).toEqual({ assessed: 7, total: 7, missing: [], complete: true });
    // A blank reason can be in the local store while the consultant types (not via the schema).
    scores[3] = { ...scores[3]!, notAssessedReason: '  ' };
    const c = completeness(FRAMEWORK_V1, scores);
    expect(c.assessed).toBe(6);
    expect(c.missing).toEqual(['Leg: skriv hvorfor temaet ikke er vurderet']);
  });

  it('flags empty findings, ignores deleted ones', () => {
    const scores = THEME_IDS.map((t) => score(t, { step: 4 }));
    const anbefaling = AnbefalingSchema.parse({ id: 'b', inspectionId: 'i', themeId: 'leg', text: ' ', createdAt: 'x' });
    const c = completeness(FRAMEWORK_V1, scores, [finding(''), finding('   ', false), finding('', true), finding('God leg')], [anbefaling]);
    expect(c.complete).toBe(false);
    expect(c.missing).toEqual(['2 tomme anerkendelser: skriv teksten eller slet', '1 tom anbefaling: skriv teksten eller slet']);
  });

  it('every anbefaling and påbud needs its follow-up instruction (§ 5 b stk. 2) before the draft is complete', () => {
    const scores = THEME_IDS.map((t) => score(t, { step: 3 }));
    const bare = AnbefalingSchema.parse({ id: 'b', inspectionId: 'i', themeId: 'leg', text: 'Mere fri leg', createdAt: 'x' });
    const paabud = AnbefalingSchema.parse({ id: 'p', inspectionId: 'i', themeId: 'interaktion', type: 'paabud', text: 'Ryd flugtvejen', createdAt: 'x', ownerRole: 'leder', dueDate: '2025-04-01', action: 'Flyt reolen' });
    expect(completeness(FRAMEWORK_V1, scores, [], [bare, paabud]).missing).toEqual([
      'Påbud under Interaktion: angiv efterprøvning',
      'Anbefaling under Leg: angiv ansvarlig, frist eller opfølgningsdato og konkret handling',
    ]);
    const done = { ...bare, ownerRole: 'personalegruppen' as const, dueDate: '2025-06-01', action: 'Læg legetid før frokost' };
    expect(completeness(FRAMEWORK_V1, scores, [], [done, { ...paabud, verification: 'uanmeldt_besoeg' as const }]).complete).toBe(true);
  });
});
