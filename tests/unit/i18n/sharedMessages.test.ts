import { afterEach, describe, expect, it } from 'vitest';
import { CreateUserSchema } from '../../../shared/accounts';
import { AGE_BUCKET_LABELS } from '../../../shared/followUp';
import { i18n } from '../../../shared/i18n/i18n';
import { danishLabel } from '../../../shared/i18n/labels';
import { formatProblem, formatProblemIn, parseImportCsv, parseInstitutionsImport } from '../../../shared/importCsv';
import { passwordProblem, passwordRefusal } from '../../../shared/passwordRules';
import { TilbagetraekningSchema, withdrawalText } from '../../../shared/publicationWithdrawal';

/*
 * Messages of shared/ that reach a screen (the import's problems, the password rules, a withdrawal's
 * form, the follow-up ages) come from the resources: in the UI language on a screen, also when they
 * were made before a language switch or by the (Danish) server; Danish where they are stored.
 */
afterEach(() => void i18n.changeLanguage('da'));

const HEADER = 'id,navn,type,ejerform,born_0_2,born_3_5,enheder,kompetencecenter_pladser,paed_social_inklusion,T1_org,T2_fys,T3_int,T4_leg,T5_rut,T6_komp,T7_ovg';

describe('import problems', () => {
  it('are kept as key + params: Danish text for the server, worded again in English on a screen', async () => {
    const result = parseInstitutionsImport(`${HEADER}\nA,Æblehaven,skole,kommunal,ti,0,1,0,0,3,3,3,3,3,3,3\nA,B,vuggestue,kommunal,1,0,1,0,0,3,3,3,3,3,3,3`);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map(formatProblem)).toEqual([
      'Linje 2, kolonne type: Typen skal være vuggestue, børnehave, integreret eller dagpleje (værdi: "skole")',
      'Linje 2, kolonne born_0_2: Antallet skal være et helt tal, der ikke er negativt (værdi: "ti")',
    ]);
    // The same problems (made in Danish) on a screen in English.
    await i18n.changeLanguage('en');
    expect(problems.map((p) => formatProblemIn(p, 'en'))).toEqual([
      'Line 2, column type: The type must be nursery, kindergarten, integrated or childminding (value: "skole")',
      'Line 2, column born_0_2: The number must be a whole number that is not negative (value: "ti")',
    ]);
    expect(formatProblemIn(problems[0]!, 'en')).not.toMatch(/Typen|værdi/);
  });

  it('a file parsed in English words its problems in English and keeps the Danish message for the server', async () => {
    await i18n.changeLanguage('en');
    const empty = parseImportCsv('', { knownInstitutionIds: new Set(), frameworks: new Map(), today: '2026-01-01' });
    const problems = empty.ok ? [] : empty.problems;
    expect(problems.map((p) => formatProblemIn(p, 'en'))).toEqual(['Line 1: the file is empty']);
    expect(problems.map((p) => p.message)).toEqual(['filen er tom']);
    const header = parseImportCsv('id,navn\nx,y', { knownInstitutionIds: new Set(), frameworks: new Map(), today: '2026-01-01' });
    const first = header.ok ? undefined : header.problems[0];
    expect(first && formatProblemIn(first, 'en')).toMatch(/^Line 1: the columns type, ejerform, .* are missing$/);
    expect(first?.message).toMatch(/^kolonnerne type, ejerform, .* mangler$/);
  });
});

describe('password rules', () => {
  it('give a code and params; the text follows the language', async () => {
    expect(passwordRefusal('kort', 'leder')).toEqual({ reason: 'tooShort', key: 'validation:password.tooShort', params: { min: 10 } });
    expect(passwordRefusal('qwertyuiop', 'konsulent')?.reason).toBe('common');
    expect(passwordRefusal('Sommer2025!', 'konsulent')?.reason).toBe('guessableWord');
    expect(passwordRefusal('en lang og god sætning', 'forvaltning')).toBeNull();
    expect(passwordProblem('kort', 'forvaltning')).toBe('Adgangskoden skal have mindst 12 tegn for forvaltningsbrugere');
    await i18n.changeLanguage('en');
    expect(passwordProblem('kort', 'forvaltning')).toBe('The password must have at least 12 characters for administration users');
    const parsed = CreateUserSchema.safeParse({ username: 'ny', displayName: 'Ny', role: 'leder', password: 'aaaaaaaaaaaa', institutionIds: [] });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => [i.message, i.code === 'custom' ? i.params?.key : undefined])).toEqual([
      ['The password is the same character repeated; choose another', 'validation:password.repeated'],
    ]);
  });
});

describe('a publication’s withdrawal', () => {
  const w = { withdrawnOn: '2026-05-03', withdrawnBy: 'Forvaltningen', reason: 'Fejl i navnet' };
  it('the case file’s text is Danish whatever the UI language; a screen may ask for English', async () => {
    await i18n.changeLanguage('en');
    expect(withdrawalText(w)).toBe('Trukket tilbage 3. maj 2026 af Forvaltningen: Fejl i navnet');
    expect(withdrawalText(w, 'en')).toBe('Withdrawn on 3 May 2026 by Forvaltningen: Fejl i navnet');
  });
  it('the form’s messages follow the UI language', async () => {
    const bad = { id: 'x', updatedAt: '2026-05-03T10:00:00Z', inspectionId: 'i', institutionId: 'DI-01', version: 1, withdrawnOn: '2026-05-03', reason: 'x'.repeat(2001), withdrawnBy: ' ' };
    const messages = () => {
      const r = TilbagetraekningSchema.safeParse(bad);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages()).toEqual(['Højst 2000 tegn', 'Angiv hvem der trækker offentliggørelsen tilbage']);
    await i18n.changeLanguage('en');
    expect(messages()).toEqual(['At most 2000 characters', 'Say who withdraws the publication']);
  });
});

describe('follow-up ages', () => {
  it('the age buckets read the UI language; danishLabel gives the Danish', async () => {
    expect({ ...AGE_BUCKET_LABELS }).toEqual({ 'under-3': 'Under 3 måneder', '3-6': '3–6 måneder', '6-12': '6–12 måneder', 'over-12': 'Over 12 måneder' });
    await i18n.changeLanguage('en');
    expect(AGE_BUCKET_LABELS['over-12']).not.toBe('Over 12 måneder');
    expect(danishLabel(AGE_BUCKET_LABELS, 'over-12')).toBe('Over 12 måneder');
  });
});
