import { describe, expect, it } from 'vitest';
import { IsoDateSchema } from '../../../shared/dates';
import { FrameworkSchema, StepSchema } from '../../../shared/framework';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import {
  AnbefalingSchema,
  AnerkendelseSchema,
  checkFinalDate,
  FokuspunktNoteSchema,
  InspectionSchema,
  ThemeScoreSchema,
} from '../../../shared/inspection';
import { InstitutionSchema } from '../../../shared/institution';
import { OutboxRowSchema } from '../../../shared/records';

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => i.message);
}

const validInspection = {
  id: 'insp-1',
  rev: 0,
  updatedAt: '2025-03-03T10:00:00.000Z',
  institutionId: 'DI-01',
  frameworkId: 'v1',
  visitType: 'anmeldt',
  date: '2025-03-03',
  consultants: ['Mette Kjærgaard'],
  status: 'i_gang',
};

describe('InstitutionSchema', () => {
  it('accepts a valid institution and defaults rev to 0', () => {
    const parsed = InstitutionSchema.parse({
      id: 'DI-01',
      name: 'Agerhønen',
      type: 'vuggestue',
      ownership: 'kommunal',
      district: 'Nord',
      children0to2: 36,
      children3to5: 0,
    });
    expect(parsed.rev).toBe(0);
    expect(parsed.type).toBe('vuggestue');
  });

  it('refuses an unknown type, an unknown ownership and a negative count, in Danish', () => {
    const r = InstitutionSchema.safeParse({
      id: 'DI-01',
      name: 'Agerhønen',
      type: 'skole',
      ownership: 'statslig',
      children0to2: -1,
      children3to5: 2.5,
    });
    expect(messages(r)).toEqual([
      'Typen skal være vuggestue, børnehave, integreret eller dagpleje',
      'Ejerformen skal være kommunal, selvejende eller privat',
      'Antallet kan ikke være negativt',
      'Antallet skal være et helt tal',
    ]);
  });

  it('refuses a blank name', () => {
    const r = InstitutionSchema.safeParse({ id: 'x', name: '   ', type: 'dagpleje', ownership: 'privat', children0to2: 0, children3to5: 0 });
    expect(messages(r)).toEqual(['Institutionen mangler et navn']);
  });
});

describe('InspectionSchema', () => {
  it('accepts a valid inspection with defaults for kind and participants', () => {
    const parsed = InspectionSchema.parse(validInspection);
    expect(parsed.kind).toBe('ordinaer');
    expect(parsed.participants).toEqual([]);
    expect(parsed.updatedAt).toBe('2025-03-03T10:00:00.000Z');
  });

  it('refuses a malformed date with one Danish message', () => {
    expect(messages(InspectionSchema.safeParse({ ...validInspection, date: '03-03-2025' }))).toEqual([
      'Datoen skal skrives som ÅÅÅÅ-MM-DD',
    ]);
  });

  it('refuses a date that does not exist', () => {
    expect(messages(InspectionSchema.safeParse({ ...validInspection, date: '2025-02-30' }))).toEqual(['Datoen findes ikke']);
    expect(messages(InspectionSchema.safeParse({ ...validInspection, date: '2025-13-01' }))).toEqual(['Datoen findes ikke']);
    expect(IsoDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(messages(IsoDateSchema.safeParse('2023-02-29'))).toEqual(['Datoen findes ikke']);
  });

  it('refuses an inspection without consultant, with a blank consultant name, or with an unknown visit type', () => {
    expect(messages(InspectionSchema.safeParse({ ...validInspection, consultants: [] }))).toEqual(['Angiv mindst én konsulent']);
    expect(messages(InspectionSchema.safeParse({ ...validInspection, consultants: ['  '] }))).toEqual([
      'Skriv et navn eller fjern linjen',
    ]);
    expect(messages(InspectionSchema.safeParse({ ...validInspection, visitType: 'overraskende' }))).toEqual([
      'Vælg anmeldt eller uanmeldt',
    ]);
  });

  it('refuses an inspection without institution', () => {
    expect(messages(InspectionSchema.safeParse({ ...validInspection, institutionId: '' }))).toEqual(['Vælg en institution']);
  });
});

describe('checkFinalDate', () => {
  const today = '2026-11-23';
  it('refuses a final inspection dated in the future', () => {
    expect(checkFinalDate({ status: 'endelig', date: '2026-11-24' }, today)).toBe(
      'Et endeligt tilsyn kan ikke have en dato i fremtiden',
    );
  });
  it('accepts a final inspection dated today or earlier', () => {
    expect(checkFinalDate({ status: 'endelig', date: today }, today)).toBeNull();
    expect(checkFinalDate({ status: 'endelig', date: '2025-01-10' }, today)).toBeNull();
  });
  it('accepts a planned inspection in the future', () => {
    expect(checkFinalDate({ status: 'planlagt', date: '2027-02-01' }, today)).toBeNull();
  });
});

describe('ThemeScoreSchema', () => {
  const base = { id: 's1', inspectionId: 'insp-1', themeId: 'leg' };

  it('accepts each step 1–4 and defaults the other fields', () => {
    for (const step of [1, 2, 3, 4]) {
      const parsed = ThemeScoreSchema.parse({ ...base, step });
      expect(parsed.step).toBe(step);
      expect(parsed.notAssessed).toBe(false);
      expect(parsed.note).toBe('');
    }
  });

  it('accepts a theme not yet scored (step null)', () => {
    expect(ThemeScoreSchema.parse(base).step).toBeNull();
  });

  it('refuses a step outside 1–4 or a fraction, in Danish', () => {
    expect(messages(ThemeScoreSchema.safeParse({ ...base, step: 5 }))).toEqual(['Trinnet skal være fra 1 til 4']);
    expect(messages(ThemeScoreSchema.safeParse({ ...base, step: 0 }))).toEqual(['Trinnet skal være fra 1 til 4']);
    expect(messages(ThemeScoreSchema.safeParse({ ...base, step: 2.5 }))).toEqual(['Trinnet skal være et helt tal fra 1 til 4']);
    expect(messages(StepSchema.safeParse('3'))).toEqual(['Vælg et trin fra 1 til 4']);
  });

  it('accepts ikke vurderet with a reason', () => {
    const parsed = ThemeScoreSchema.parse({ ...base, notAssessed: true, notAssessedReason: 'Huset var lukket' });
    expect(parsed.notAssessed).toBe(true);
  });

  it('refuses ikke vurderet with an empty or blank reason, on the reason field', () => {
    for (const reason of ['', '   ']) {
      const r = ThemeScoreSchema.safeParse({ ...base, notAssessed: true, notAssessedReason: reason });
      expect(r.success).toBe(false);
      expect(r.error!.issues).toEqual([
        expect.objectContaining({ path: ['notAssessedReason'], message: 'Skriv hvorfor temaet ikke er vurderet' }),
      ]);
    }
  });

  it('refuses a step together with ikke vurderet', () => {
    expect(messages(ThemeScoreSchema.safeParse({ ...base, step: 3, notAssessed: true, notAssessedReason: 'x' }))).toEqual([
      'Et tema kan ikke både have et trin og være ikke vurderet',
    ]);
  });

  it('refuses an unknown theme', () => {
    expect(messages(ThemeScoreSchema.safeParse({ ...base, themeId: 'sport', step: 3 }))).toEqual(['Ukendt tema']);
  });

  it('refuses a note longer than 20,000 characters', () => {
    expect(messages(ThemeScoreSchema.safeParse({ ...base, note: 'x'.repeat(20_001) }))).toEqual(['Højst 20000 tegn']);
    expect(ThemeScoreSchema.safeParse({ ...base, note: 'x'.repeat(20_000) }).success).toBe(true);
  });
});

describe('findings and notes', () => {
  it('accepts an anerkendelse and an anbefaling, empty text allowed while typing', () => {
    const a = AnerkendelseSchema.parse({ id: 'a', inspectionId: 'i', themeId: 'interaktion', createdAt: '2025-01-01T00:00:00Z' });
    expect(a.text).toBe('');
    expect(a.deleted).toBe(false);
    const b = AnbefalingSchema.parse({ id: 'b', inspectionId: 'i', themeId: 'overgange', text: 'Aftal faste roller', createdAt: 'x' });
    expect(b.text).toBe('Aftal faste roller');
  });

  it('refuses a finding without createdAt or with an unknown theme', () => {
    expect(AnerkendelseSchema.safeParse({ id: 'a', inspectionId: 'i', themeId: 'interaktion' }).success).toBe(false);
    expect(messages(AnbefalingSchema.safeParse({ id: 'a', inspectionId: 'i', themeId: 'x', createdAt: 'x' }))).toEqual([
      'Ukendt tema',
    ]);
  });

  it('accepts a fokuspunkt note with a supporting step and refuses step 7', () => {
    const base = { id: 'n', inspectionId: 'i', themeId: 'leg', fokuspunktId: 'leg-tid' };
    expect(FokuspunktNoteSchema.parse({ ...base, step: 2 }).step).toBe(2);
    expect(messages(FokuspunktNoteSchema.safeParse({ ...base, step: 7 }))).toEqual(['Trinnet skal være fra 1 til 4']);
  });

  it('accepts an outbox row and refuses an unknown record type', () => {
    const row = { mutationId: 'm', recordType: 'themeScore', recordId: 'r', baseRev: 0, fields: { step: 3 }, createdAt: 'x' };
    expect(OutboxRowSchema.parse(row).recordType).toBe('themeScore');
    expect(messages(OutboxRowSchema.safeParse({ ...row, recordType: 'barn' }))).toEqual(['Ukendt posttype']);
  });
});

describe('FrameworkSchema', () => {
  it('refuses a framework with a theme twice', () => {
    const themes = [...FRAMEWORK_V1.themes];
    themes[1] = { ...themes[0]! };
    expect(messages(FrameworkSchema.safeParse({ ...FRAMEWORK_V1, themes }))).toContain('Hvert tema må kun forekomme én gang');
  });

  it('refuses a framework where two fokuspunkter share an id', () => {
    const themes = FRAMEWORK_V1.themes.map((t, i) =>
      i === 1 ? { ...t, fokuspunkter: [{ ...t.fokuspunkter[0]!, id: 'org-planlaegning' }, ...t.fokuspunkter.slice(1)] } : t,
    );
    expect(messages(FrameworkSchema.safeParse({ ...FRAMEWORK_V1, themes }))).toEqual([
      'Hvert fokuspunkt skal have et id, der kun forekommer én gang i rammen',
    ]);
  });

  it('refuses a theme with one fokuspunkt or five', () => {
    const one = FRAMEWORK_V1.themes.map((t, i) => (i === 0 ? { ...t, fokuspunkter: t.fokuspunkter.slice(0, 1) } : t));
    expect(FrameworkSchema.safeParse({ ...FRAMEWORK_V1, themes: one }).success).toBe(false);
    const t0 = FRAMEWORK_V1.themes[5]!; // 4 fokuspunkter
    const five = FRAMEWORK_V1.themes.map((t, i) =>
      i === 5 ? { ...t, fokuspunkter: [...t0.fokuspunkter, { ...t0.fokuspunkter[0]!, id: 'komp-ekstra' }] } : t,
    );
    expect(FrameworkSchema.safeParse({ ...FRAMEWORK_V1, themes: five }).success).toBe(false);
  });

  it('refuses a scale with three labels', () => {
    const scale = { id: 'x', labels: ['a', 'b', 'c'] };
    expect(FrameworkSchema.safeParse({ ...FRAMEWORK_V1, scale }).success).toBe(false);
  });
});
