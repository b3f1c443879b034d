import { afterEach, describe, expect, it } from 'vitest';
import { buildCaseFileDocument } from '../../../shared/caseFileDocument';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import { GOAL_STATUS_LABELS, GoalSchema, DEMO_GOALS, goalReasonText, measurementLabel, thinText } from '../../../shared/goals';
import { HOERING_ANSWER_LABELS, HoeringssvarSchema } from '../../../shared/hoering';
import { i18n } from '../../../shared/i18n/i18n';
import { unitProblems } from '../../../shared/institution';
import { danishLabel } from '../../../shared/i18n/labels';
import type { Anbefaling, Inspection } from '../../../shared/inspection';
import { BOARD_FORM_LABELS, publicationProblems } from '../../../shared/publication';
import { buildPublishedReport } from '../../../shared/publishedReport';
import { buildReport } from '../../../shared/reportModel';
import type { ReportSnapshot } from '../../../shared/reportVersion';
import { CHECKPOINT_KIND_LABELS, HandleplanSchema, START_STATE_LABELS, SkaerpetTilsynSchema } from '../../../shared/skaerpetTilsyn';
import { gaeldendeProblems, RAMME_SECTION_LABELS, RAMME_STATUS_LABELS, TilsynsrammeSchema } from '../../../shared/tilsynsramme';

/*
 * The label tables and explanations of shared/ (goals, skærpet tilsyn, høring, publication,
 * tilsynsramme) speak the UI language when read on a screen; what is frozen or published (the case
 * file, the published report, a report's høring answers) stays Danish with the UI in English.
 */
afterEach(() => void i18n.changeLanguage('da'));

const I = '0197a000-0000-7000-8000-000000000001';
const institution = { id: 'DI-01', name: 'Agerhønen', type: 'integreret' as const, ownership: 'kommunal' as const, children0to2: 10, children3to5: 20, rev: 1 };

describe('label tables read in the UI language', () => {
  it('Danish by default, English after a switch, Danish again through danishLabel', async () => {
    expect(GOAL_STATUS_LABELS.i_risiko).toBe('I risiko');
    expect(CHECKPOINT_KIND_LABELS.dialogmoede).toBe('Dialogmøde med ledelsen');
    expect(START_STATE_LABELS.overskredet).toBe('Ikke startet inden fristen');
    expect(HOERING_ANSWER_LABELS.uenig).toBe('Uenig');
    expect(BOARD_FORM_LABELS.skriftligt).toBe('Skriftligt');
    expect(RAMME_SECTION_LABELS.uvildighed).toBe('Sådan sikres uvildighed');
    expect(RAMME_STATUS_LABELS.gaeldende).toBe('Gældende');
    await i18n.changeLanguage('en');
    expect({ ...GOAL_STATUS_LABELS }).toEqual({ naaet: 'Goal reached', paa_sporet: 'On track', i_risiko: 'At risk', ikke_paa_sporet: 'Off track' });
    expect(CHECKPOINT_KIND_LABELS.dialogmoede).toBe('Dialogue meeting with the management');
    expect(START_STATE_LABELS.overskredet).toBe('Not started within the time limit');
    expect(HOERING_ANSWER_LABELS.uenig).toBe('Disagree');
    expect(BOARD_FORM_LABELS.skriftligt).toBe('In writing');
    expect(RAMME_SECTION_LABELS.uvildighed).toBe('How impartiality is ensured');
    expect(RAMME_STATUS_LABELS.gaeldende).toBe('Current');
    expect(danishLabel(RAMME_STATUS_LABELS, 'kladde')).toBe('Kladde');
    expect(danishLabel(CHECKPOINT_KIND_LABELS, 'anmeldt_besoeg')).toBe('Anmeldt opfølgningsbesøg');
  });
});

describe('explanations in the UI language', () => {
  it('a goal’s reason, round and thin reading', async () => {
    const round = { to: '2026-11-23', roundMonths: 24 };
    expect(goalReasonText({ code: 'not_realistic', targetYear: 2025 })).toBe('Så langt bagud, at målet ikke er realistisk inden 2025');
    expect(measurementLabel(round)).toBe('24 mdr. til 23.11.2026');
    expect(thinText({ n: 1, inScope: 40 })).toBe('For få tilsyn (n = 1 af 40)');
    await i18n.changeLanguage('en');
    expect(goalReasonText({ code: 'not_realistic', targetYear: 2025 })).toBe('So far behind that the goal is not realistic by 2025');
    expect(goalReasonText({ code: 'none_after_deadline', baselineYear: 2021, targetYear: 2025 })).toBe('There is no measurement after 2021, and the target year 2025 is over');
    expect(measurementLabel(round)).toBe('24 months to 23/11/2026');
    expect(measurementLabel({ to: '2022-12-31', roundMonths: 24 })).toBe('2021–22');
    expect(thinText({ n: 1, inScope: 40 })).toBe('Too few inspections (n = 1 of 40)');
  });

  it('the form rules: a goal, a tilsynsramme that cannot become gældende, a handleplan’s checkpoint, a publication', async () => {
    await i18n.changeLanguage('en');
    const goal = GoalSchema.safeParse({ ...DEMO_GOALS[0], targetValue: 5 });
    expect(goal.error!.issues.map((i) => i.message)).toContain('The value must be between 1 and 4');
    const ramme = TilsynsrammeSchema.parse({ id: 'r1', version: 1, title: 'Ramme' });
    const problems = gaeldendeProblems(ramme);
    expect(problems[0]).toEqual({ path: 'sections.organisering', message: 'The section «Organisation of the supervision of the pedagogical content» is empty. The law requires the framework to describe it.' });
    expect(problems.map((p) => p.message)).toContain('Enter the date the framework was approved');
    const plan = HandleplanSchema.safeParse({ id: I, inspectionId: I, institutionId: 'DI-01', createdAt: '2025-03-03T12:00:00Z', checkpoints: [{ id: 'c', date: '2025-04-01', kind: 'telefon' }] });
    expect(plan.error!.issues[0]!.message).toBe('Choose the kind of follow-up');
    const snapshot = { final: false, rows: [], hoering: null, participants: [] } as unknown as ReportSnapshot;
    expect(publicationProblems({ snapshot, board: null, followUp: [], privacyOverrideReason: '' }).map((p) => p.message)).toEqual([
      'Only a final report can be published',
      'The parent board must be informed before the report is published (Day Care Act § 5 b(1))',
    ]);
    expect(unitProblems({ id: 'E-1', type: 'integreret', unitType: 'enhed' })).toEqual([{ path: 'parentInstitutionId', message: 'A unit must belong to an institution', key: 'validation:institution.unitNeedsParent' }]);
    await i18n.changeLanguage('da');
    expect(unitProblems({ id: 'E-1', type: 'integreret', unitType: 'enhed' })[0]!.message).toBe('En enhed skal høre under en institution');
    expect(gaeldendeProblems(ramme)[0]!.message).toBe('Afsnittet «Organisering af tilsynet med det pædagogiske indhold» er tomt. Loven kræver, at rammen beskriver det.');
  });
});

describe('frozen and published documents stay Danish with the UI in English', () => {
  const inspection: Inspection = {
    id: I, rev: 1, updatedAt: '2026-03-12T10:00:00.000Z', institutionId: 'DI-01', frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-03-10',
    consultants: ['Mette Kjær'], participants: [], status: 'endelig', concernLevel: 'alvorlig',
  } as Inspection;
  const anbefaling: Anbefaling = {
    id: 'a1', rev: 1, updatedAt: '', inspectionId: I, themeId: 'leg', text: 'Mere fri leg ude', createdAt: '2026-03-10T10:00:00Z', deleted: false,
    type: 'anbefaling', ownerRole: 'leder', dueDate: null, action: '', verification: null,
  } as Anbefaling;

  it('the case file: the case, the handleplan and its checkpoints', async () => {
    await i18n.changeLanguage('en');
    const c = SkaerpetTilsynSchema.parse({ id: I, inspectionId: I, institutionId: 'DI-01', level: 'alvorlig', establishedOn: '2026-03-12', decidedBy: 'Mette Kjær', decidedAt: '2026-03-12T12:00:00Z' });
    const plan = HandleplanSchema.parse({
      id: I, inspectionId: I, institutionId: 'DI-01', createdAt: '2026-03-12T12:00:00Z', status: 'aktiv', lederDialogueOn: '2026-03-13', activatedOn: '2026-03-14',
      actions: [{ id: 'a', text: 'Ny dagsrytme' }], checkpoints: [{ id: 'k1', date: '2026-04-01', kind: 'uanmeldt_besoeg' }, { id: 'k2', date: '2026-05-01', kind: 'dialogmoede', doneOn: '2026-05-01' }],
    });
    const doc = buildCaseFileDocument({
      institution, inspections: [inspection], versions: [], cases: [c], plans: [plan], followUps: [], publications: [], orientations: [],
      frameworkOf: () => FRAMEWORK_V1, municipality: { name: 'Gentofte Kommune', logoDataUrl: null }, generatedAt: '2026-06-01T10:00:00Z', generatedBy: 'Forvaltningen', today: '2026-06-01',
    });
    const text = JSON.stringify(doc.blocks);
    for (const da of ['Uanmeldt opfølgningsbesøg', 'Dialogmøde med ledelsen', 'Ikke holdt', 'Handleplan (aktiv)', 'Åben', 'Alvorlig bekymring', 'Integreret'])
      expect(text).toContain(da);
    for (const en of ['Unannounced', 'Dialogue meeting', 'Active', 'Open', 'Serious concern', 'Integrated']) expect(text).not.toContain(en);
  });

  it('a report’s høring answers as frozen, and the published report’s board orientation', async () => {
    await i18n.changeLanguage('en');
    const svar = [HoeringssvarSchema.parse({ id: 'a1', inspectionId: I, anbefalingId: 'a1', answer: 'uenig', text: 'Vi ser det anderledes' })];
    const report = buildReport(FRAMEWORK_V1, inspection, institution, [], [], [anbefaling], { svar });
    expect(report.hoering!.items[0]).toMatchObject({ answer: 'uenig', answerLabel: 'Uenig' });
    const snapshot = { ...report, comparison: [], final: true } as unknown as ReportSnapshot;
    const published = buildPublishedReport(snapshot, { version: 1, publishedOn: '2026-04-01', url: 'https://example.dk/rapport', publishedBy: 'Mette Kjær', board: { informedOn: '2026-03-20', form: 'bestyrelsesmoede', comment: '' }, followUp: [] }, { name: 'Gentofte Kommune', logoDataUrl: null }, FRAMEWORK_V1);
    expect(published.board).toMatchObject({ formLabel: 'På et bestyrelsesmøde' });
  });
});
