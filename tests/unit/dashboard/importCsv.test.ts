import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../../shared/csv';
import { decodeText } from '../../../shared/textDecoding';
import { computeDashboard, indexDashboardData } from '../../../shared/dashboard';
import { THEME_IDS } from '../../../shared/framework';
import { FRAMEWORK_V1, FRAMEWORKS } from '../../../shared/frameworks/v1';
import {
  formatProblem,
  importedInspectionId,
  institutionStepsAsScores,
  parseImportCsv,
  parseInstitutionsImport,
  parseScoresImport,
  SCORE_IMPORT_REQUIRED,
  type ImportResult,
  type ScoreImportContext,
} from '../../../shared/importCsv';
import { TilsynDatabase } from '../../../renderer/db/database';
import { loadDashboardData } from '../../../renderer/db/dashboardRepository';
import { importInstitutions, importScores } from '../../../renderer/db/importRepository';
import { byHand, EXAMPLE_CSV, STEP_COLUMNS } from './fixture';

const TODAY = '2026-11-23';
const frameworks = new Map(FRAMEWORKS.map((f) => [f.id, f]));
const ctx = (ids: string[] = ['DI-01', 'DI-02', 'DI-03']): ScoreImportContext => ({ knownInstitutionIds: new Set(ids), frameworks, today: TODAY, now: '2026-11-23T10:00:00.000Z' });

function problems(r: ImportResult): string[] {
  if (r.ok) throw new Error('expected problems');
  return r.problems.map(formatProblem);
}

/** Replaces one line (1-based) of a text. */
function withLine(text: string, line: number, content: string): string {
  const lines = text.split('\n');
  lines[line - 1] = content;
  return lines.join('\n');
}

const SCORES_HEADER = SCORE_IMPORT_REQUIRED.join(';');
const SCORES_CSV = [
  SCORES_HEADER,
  'DI-01;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3',
  'DI-02;2022-06-14;uanmeldt;v1;2;4;3;3;2;"iv:Ingen planlagte aktiviteter i observationen; temaet blev ikke drøftet";4',
  'DI-03;2022-09-01;Anmeldt;v1;1;1;2;2;3;3;"iv:Citat: ""lukket"" pga. renovering"',
].join('\r\n');

describe('institutions import (the fixture format)', () => {
  it('accepts examples/institutions.csv: 40 institutions with their 2020–21 steps', () => {
    const r = parseImportCsv(EXAMPLE_CSV, ctx());
    expect(r.ok && r.kind).toBe('institutions');
    if (!r.ok || r.kind !== 'institutions') return;
    expect(r.rows).toHaveLength(40);
    expect(r.rows[0]).toMatchObject({ line: 2, institution: { id: 'DI-01', name: 'Agerhønen', type: 'vuggestue', ownership: 'kommunal', children0to2: 36, children3to5: 0 } });
    expect(r.rows[0]!.institution.district).toBeUndefined();
    expect(r.rows[0]!.steps['paedagogisk-organisering']).toBe(3);
  });

  it('also accepts the fixture saved by Danish Excel (BOM, semicolons, CRLF)', () => {
    const excel = '\uFEFF' + EXAMPLE_CSV.trim().split('\n').map((l) => l.split(',').join(';')).join('\r\n') + '\r\n';
    const r = parseInstitutionsImport(excel);
    expect(r.ok && r.rows.length).toBe(40);
  });

  it('a broken row gives Danish errors with line numbers and no rows at all', () => {
    let text = withLine(EXAMPLE_CSV, 5, 'DI-04,Bøgehuset,skole,selvejende,0,58,58,0,1,3,3,4,3,3,2,2');
    text = withLine(text, 9, 'DI-08,Fasanhaven,børnehave,selvejende,0,-3,88,0,7,2,3,3,3,5,2,2');
    text = withLine(text, 12, 'DI-11,Hasselhuset,integreret,selvejende,55,63,173');
    text = withLine(text, 14, 'DI-01,Dobbelt,integreret,selvejende,26,86,138,9,1,2,4,3,2,2,2,3');
    const r = parseImportCsv(text, ctx());
    expect(r.ok).toBe(false);
    expect('rows' in r).toBe(false);
    expect(problems(r)).toEqual([
      'Linje 5, kolonne type: Typen skal være vuggestue, børnehave, integreret eller dagpleje (værdi: "skole")',
      'Linje 9, kolonne born_3_5: Antallet skal være et helt tal, der ikke er negativt (værdi: "-3")',
      'Linje 9, kolonne T5_rut: Trinnet skal være fra 1 til 4 (værdi: "5")',
      'Linje 12: har 7 felter, men skal have 16',
      'Linje 14, kolonne id: id "DI-01" findes allerede i linje 2',
    ]);
  });

  it('a wrong header is reported on line 1, naming the missing columns', () => {
    const r = parseInstitutionsImport(withLine(EXAMPLE_CSV, 1, 'id,navn,type'));
    expect(problems(r)).toEqual([
      'Linje 1: kolonnerne ejerform, born_0_2, born_3_5, enheder, kompetencecenter_pladser, paed_social_inklusion, T1_org, T2_fys, T3_int, T4_leg, T5_rut, T6_komp, T7_ovg mangler',
    ]);
  });

  it('an unclosed quote names its line', () => {
    const r = parseInstitutionsImport(withLine(EXAMPLE_CSV, 3, 'DI-02,"Bakkehuset,vuggestue,selvejende,44,0,88,0,5,2,4,3,3,2,2,4'));
    expect(problems(r)).toEqual(['Linje 3: et anførselstegn er ikke lukket']);
  });
});

describe('historical theme-score import', () => {
  it('reads steps and iv:<begrundelse>, with quoted fields and any case of the visit type', () => {
    const r = parseScoresImport(SCORES_CSV, ctx());
    expect(r.ok).toBe(true);
    if (!r.ok || r.kind !== 'scores') return;
    expect(r.rows).toHaveLength(3);
    const [a, b, c] = r.rows;
    expect(a!.inspection).toMatchObject({ id: importedInspectionId('DI-01', '2022-05-03'), status: 'endelig', frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', consultants: ['importeret'] });
    expect(a!.inspection.imported).toBeUndefined();
    expect(a!.scores.map((s) => s.step)).toEqual([3, 2, 4, 3, 3, 2, 3]);
    expect(b!.inspection.visitType).toBe('uanmeldt');
    expect(b!.scores[5]).toMatchObject({ themeId: 'boernenes-kompetencer', step: null, notAssessed: true, notAssessedReason: 'Ingen planlagte aktiviteter i observationen; temaet blev ikke drøftet' });
    expect(c!.scores[6]).toMatchObject({ notAssessed: true, notAssessedReason: 'Citat: "lukket" pga. renovering' });
    expect(c!.line).toBe(4);
  });

  it('the optional columns tilsynstype and konsulenter', () => {
    const text = `${SCORES_HEADER};tilsynstype;konsulenter\r\nDI-01;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3;skaerpet;Mette Kjær | Lars Holm`;
    const r = parseScoresImport(text, ctx());
    expect(r.ok && r.kind === 'scores' && r.rows[0]!.inspection).toMatchObject({ kind: 'skaerpet', consultants: ['Mette Kjær', 'Lars Holm'] });
  });

  it('lists every problem in Danish with its line and column, and returns no rows', () => {
    const text = [
      SCORES_HEADER,
      'DI-01;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3',
      'DI-99;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3',
      'DI-02;2022-02-30;anmeldt;v9;3;2;4;3;3;2;3',
      'DI-03;2027-01-10;anmeldt;v1;3;2;4;3;3;2;3',
      'DI-01;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3',
      'DI-02;2022-06-01;telefonisk;v1;0;2,5;;iv:;x;3;3',
    ].join('\n');
    const r = parseScoresImport(text, ctx());
    expect('rows' in r).toBe(false);
    expect(problems(r)).toEqual([
      'Linje 3, kolonne institution_id: institutionen "DI-99" findes ikke. Importér institutionerne først',
      'Linje 4, kolonne dato: Datoen findes ikke (værdi: "2022-02-30")',
      'Linje 5, kolonne dato: Et endeligt tilsyn kan ikke have en dato i fremtiden (2027-01-10)',
      'Linje 6: institution DI-01 har allerede et tilsyn den 2022-05-03 i linje 2',
      'Linje 7, kolonne tilsynsform: Vælg anmeldt eller uanmeldt (værdi: "telefonisk")',
      'Linje 7, kolonne paedagogisk-organisering: Værdien skal være et trin fra 1 til 4 eller iv:<begrundelse> (ikke vurderet) (værdi: "0")',
      'Linje 7, kolonne fysiske-rammer: Værdien skal være et trin fra 1 til 4 eller iv:<begrundelse> (ikke vurderet) (værdi: "2,5")',
      'Linje 7, kolonne interaktion: Feltet er tomt: det skal være et trin fra 1 til 4 eller iv:<begrundelse> (ikke vurderet) (værdi: "")',
      'Linje 7, kolonne leg: Skriv en begrundelse efter iv:, når temaet ikke er vurderet (værdi: "iv:")',
      'Linje 7, kolonne rutiner: Værdien skal være et trin fra 1 til 4 eller iv:<begrundelse> (ikke vurderet) (værdi: "x")',
    ]);
  });

  it('an unknown framework is named with the known ones', () => {
    const r = parseScoresImport(`${SCORES_HEADER}\nDI-02;2022-02-03;anmeldt;v9;3;2;4;3;3;2;3`, ctx());
    expect(problems(r)).toEqual(['Linje 2, kolonne ramme_id: tilsynskonceptet "v9" kendes ikke (kendte: v1)']);
  });

  it('missing and unknown columns are reported on line 1', () => {
    const header = SCORES_HEADER.replace(';leg', '') + ';ekstra';
    expect(problems(parseScoresImport(`${header}\nx`, ctx()))).toEqual([
      'Linje 1: kolonnen leg mangler',
      `Linje 1: kolonnen ekstra hører ikke til formatet (kendte kolonner: ${[...SCORE_IMPORT_REQUIRED, 'tilsynstype', 'konsulenter'].join(', ')})`,
    ]);
  });

  it('a file that is neither format is refused with a pointer to the documentation', () => {
    expect(problems(parseImportCsv('a;b;c\n1;2;3', ctx()))[0]).toMatch(/^Linje 1: kolonnerne passer hverken til institutioner .* Se docs\/import-format.md$/);
    expect(problems(parseImportCsv('', ctx()))).toEqual(['Linje 1: filen er tom']);
  });
});

describe('writing an import to IndexedDB (fake-indexeddb)', () => {
  let db: TilsynDatabase;
  let n = 0;
  beforeEach(() => {
    db = new TilsynDatabase(`import-test-${++n}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('imports the fixture and its steps as 2021 inspections: the dashboard shows 2.40 / 2.60, n = 40', async () => {
    const r = parseImportCsv(EXAMPLE_CSV, ctx());
    if (!r.ok || r.kind !== 'institutions') throw new Error('not accepted');
    expect(await importInstitutions(db, r.rows)).toEqual({ created: 40, updated: 0 });
    expect(await importScores(db, institutionStepsAsScores(r.rows, '2021-06-15', FRAMEWORK_V1, '2026-11-23T10:00:00.000Z'))).toEqual({ created: 40, updated: 0 });
    expect(await db.institutions.count()).toBe(40);
    expect(await db.themeScores.count()).toBe(280);
    expect(await db.outbox.count()).toBe(0);

    const d = computeDashboard(indexDashboardData(await loadDashboardData(db)), {}, { today: TODAY });
    const p = d.periods.find((x) => x.year === 2021)!;
    expect(p.stats['paedagogisk-organisering'].mean).toBeCloseTo(2.4, 10);
    expect(p.stats['boernenes-kompetencer'].mean).toBeCloseTo(2.6, 10);
    for (const t of THEME_IDS) expect(p.stats[t]).toMatchObject({ n: 40, counts: byHand(STEP_COLUMNS[t]).counts });
  });

  it('importing the same file again replaces instead of duplicating, and keeps a district set in the app', async () => {
    const r = parseInstitutionsImport(EXAMPLE_CSV);
    if (!r.ok || r.kind !== 'institutions') throw new Error('not accepted');
    await importInstitutions(db, r.rows);
    await db.institutions.update('DI-01', { district: 'Nord' });
    expect(await importInstitutions(db, r.rows)).toEqual({ created: 0, updated: 40 });
    expect((await db.institutions.get('DI-01'))!.district).toBe('Nord');
    const s = parseScoresImport(SCORES_CSV, ctx(r.rows.map((x) => x.institution.id)));
    if (!s.ok || s.kind !== 'scores') throw new Error('not accepted');
    await importScores(db, s.rows);
    expect(await importScores(db, s.rows)).toEqual({ created: 0, updated: 3 });
    expect(await db.inspections.count()).toBe(3);
  });

  it('a file with a broken row writes nothing (the parser returns no rows)', async () => {
    const broken = withLine(EXAMPLE_CSV, 30, 'DI-29,Navn,integreret,kommunal,x,1,1,1,1,1,1,1,1,1,1,1');
    const r = parseImportCsv(broken, ctx());
    expect(problems(r)).toEqual(['Linje 30, kolonne born_0_2: Antallet skal være et helt tal, der ikke er negativt (værdi: "x")']);
    expect(await db.institutions.count()).toBe(0);
  });

  it('the write is one transaction: a record failing inside it rolls back everything before it', async () => {
    const r = parseInstitutionsImport(EXAMPLE_CSV);
    if (!r.ok || r.kind !== 'institutions') throw new Error('not accepted');
    await importInstitutions(db, r.rows);
    const rows = institutionStepsAsScores(r.rows, '2021-06-15', FRAMEWORK_V1);
    // Tamper with the last row after parsing: step 7 fails the schema inside the transaction.
    const last = rows.at(-1)!;
    const bad = { ...last, scores: last.scores.map((s, k) => (k === 0 ? { ...s, step: 7 as never } : s)) };
    await expect(importScores(db, [...rows.slice(0, -1), bad])).rejects.toThrow();
    expect(await db.inspections.count()).toBe(0);
    expect(await db.themeScores.count()).toBe(0);
  });

  it('score rows for an institution that is not in the database are refused inside the transaction too', async () => {
    const s = parseScoresImport(SCORES_CSV, ctx());
    if (!s.ok || s.kind !== 'scores') throw new Error('not accepted');
    await expect(importScores(db, s.rows)).rejects.toThrow('Linje 2: institutionen DI-01 findes ikke');
    expect(await db.inspections.count()).toBe(0);
  });
});

/** Windows-1252 bytes (Latin-1 range is enough for Danish letters). */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
}
/** What Danish Excel's "CSV (semikolonsepareret)" writes: semicolons, CRLF, Windows-1252. */
function asDanishExcel(csv: string): Uint8Array {
  return windows1252(csv.trim().split('\n').map((l) => l.split(',').join(';')).join('\r\n') + '\r\n');
}
const parseBytes = (bytes: Uint8Array, c = ctx()) => parseImportCsv(decodeText(bytes).text, c);

describe('files as Danish offices have them (bytes → decoder → parser)', () => {
  it('UTF-8 without BOM', () => {
    const r = parseBytes(new TextEncoder().encode(EXAMPLE_CSV));
    expect(r.ok && r.kind === 'institutions' && r.rows[0]!.institution.name).toBe('Agerhønen');
  });

  it('UTF-8 with BOM, semicolons and CRLF', () => {
    const text = EXAMPLE_CSV.trim().split('\n').map((l) => l.split(',').join(';')).join('\r\n');
    const r = parseBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]));
    expect(r.ok && r.kind === 'institutions' && r.rows.map((x) => x.institution.name)).toContain('Bøgehuset');
  });

  it('Windows-1252 with æøå: names come out right, types with ø are recognised', () => {
    const bytes = asDanishExcel(EXAMPLE_CSV);
    expect(decodeText(bytes).encoding).toBe('windows-1252');
    const r = parseBytes(bytes);
    if (!r.ok || r.kind !== 'institutions') throw new Error(JSON.stringify(r));
    expect(r.rows).toHaveLength(40);
    expect(r.rows[0]!.institution.name).toBe('Agerhønen');
    expect(r.rows[3]!.institution).toMatchObject({ name: 'Bøgehuset', type: 'børnehave' });
  });

  it('capitalised codes and the labels the app shows ("Integreret institution", "Selvejende")', () => {
    let text = withLine(EXAMPLE_CSV, 2, 'DI-01,Agerhønen,Integreret institution,Kommunal,36,0,72,0,0,3,2,4,3,3,2,3');
    text = withLine(text, 3, 'DI-02,Bakkehuset,VUGGESTUE,SELVEJENDE,44,0,88,0,5,2,4,3,3,2,2,4');
    text = withLine(text, 4, 'DI-03,Birkely,boernehave,privat,52,0,104,0,0,2,2,3,4,3,3,2');
    text = withLine(text, 1, EXAMPLE_CSV.split('\n')[0]!.replace('navn', 'Navn').replace('T1_org', 't1_ORG'));
    const r = parseInstitutionsImport(text);
    if (!r.ok || r.kind !== 'institutions') throw new Error(JSON.stringify(r));
    expect(r.rows.slice(0, 3).map((x) => [x.institution.type, x.institution.ownership])).toEqual([
      ['integreret', 'kommunal'],
      ['vuggestue', 'selvejende'],
      ['børnehave', 'privat'],
    ]);
  });

  it('an unknown type is still refused with the Danish message', () => {
    const r = parseInstitutionsImport(withLine(EXAMPLE_CSV, 2, 'DI-01,Agerhønen,Skole,Kommunal,36,0,72,0,0,3,2,4,3,3,2,3'));
    expect(problems(r)).toEqual(['Linje 2, kolonne type: Typen skal være vuggestue, børnehave, integreret eller dagpleje (værdi: "Skole")']);
  });

  it('columns may come in another order', () => {
    const lines = EXAMPLE_CSV.trim().split('\n').map((l) => {
      const f = l.split(',');
      return [f[1], f[0], ...f.slice(2)].join(',');
    });
    const r = parseInstitutionsImport(lines.join('\n'));
    expect(r.ok && r.kind === 'institutions' && r.rows[0]!.institution).toMatchObject({ id: 'DI-01', name: 'Agerhønen' });
  });

  it('a missing column is named', () => {
    const lines = EXAMPLE_CSV.trim().split('\n').map((l) => l.split(',').filter((_, j) => j !== 7).join(','));
    expect(problems(parseImportCsv(lines.join('\n'), ctx()))).toEqual(['Linje 1: kolonnen kompetencecenter_pladser mangler']);
  });

  it('an extra column is named', () => {
    const lines = EXAMPLE_CSV.trim().split('\n').map((l, k) => `${l},${k === 0 ? 'Bemærkning' : 'x'}`);
    expect(problems(parseImportCsv(lines.join('\n'), ctx()))).toEqual([
      `Linje 1: kolonnen Bemærkning hører ikke til formatet (kendte kolonner: ${EXAMPLE_CSV.split('\n')[0]!.trim().split(',').join(', ')}, enhedstype, hoerer_under)`,
    ]);
  });

  it('Danish dates 30-06-2021 and 30.06.2021 beside ISO; labels for visit type and kind; header in any case', () => {
    const text = [
      `${SCORES_HEADER.replace('dato', 'Dato').replace('tilsynsform', 'Tilsynsform')};Tilsynstype`,
      'DI-01;2021-06-30;anmeldt;v1;3;2;4;3;3;2;3;ordinaer',
      'DI-02;30-06-2021;Uanmeldt;v1;3;2;4;3;3;2;3;Skærpet',
      'DI-03;1.6.2021;ANMELDT;v1;3;2;4;3;3;2;3;Ordinært',
    ].join('\r\n');
    const r = parseBytes(windows1252(text));
    if (!r.ok || r.kind !== 'scores') throw new Error(JSON.stringify(r));
    expect(r.rows.map((x) => [x.inspection.date, x.inspection.visitType, x.inspection.kind])).toEqual([
      ['2021-06-30', 'anmeldt', 'ordinaer'],
      ['2021-06-30', 'uanmeldt', 'skaerpet'],
      ['2021-06-01', 'anmeldt', 'ordinaer'],
    ]);
    expect(parseScoresImport(`${SCORES_HEADER}\nDI-01;30.06.2021;anmeldt;v1;3;2;4;3;3;2;3`, ctx()).ok).toBe(true);
  });

  it('a date in no accepted form names the forms; an impossible Danish date is "findes ikke"', () => {
    const text = [SCORES_HEADER, 'DI-01;06/30/2021;anmeldt;v1;3;2;4;3;3;2;3', 'DI-02;31.06.2021;anmeldt;v1;3;2;4;3;3;2;3'].join('\n');
    expect(problems(parseScoresImport(text, ctx()))).toEqual([
      'Linje 2, kolonne dato: Datoen skal skrives som ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ (værdi: "06/30/2021")',
      'Linje 3, kolonne dato: Datoen findes ikke (værdi: "31.06.2021")',
    ]);
  });

  it('a CPR-like number in a text field is refused with its line, without repeating the number', () => {
    const text = [
      SCORES_HEADER,
      'DI-01;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3',
      'DI-02;2022-06-14;uanmeldt;v1;2;4;3;3;2;"iv:Barnet med cpr 010203-1234 var syg";4',
    ].join('\n');
    const p = problems(parseScoresImport(text, ctx()));
    expect(p).toEqual(['Linje 3, kolonne boernenes-kompetencer: feltet ligner et CPR-nummer. Fjern det fra filen: tilsynet handler om praksis, ikke om personer']);
    expect(p.join('')).not.toContain('1234');
    const inst = problems(parseInstitutionsImport(withLine(EXAMPLE_CSV, 6, 'DI-05,Bøgely 150516 4012,vuggestue,kommunal,36,0,72,0,0,3,2,4,3,3,2,3')));
    expect(inst).toEqual(['Linje 6, kolonne navn: feltet ligner et CPR-nummer. Fjern det fra filen: tilsynet handler om praksis, ikke om personer']);
  });

  it('marks imported inspections with file and user, and "importeret" instead of consultant names', () => {
    const r = parseScoresImport(SCORES_CSV, { ...ctx(), source: { fileName: 'scorer 2022.csv', importedBy: 'Forvaltning Test' } });
    if (!r.ok || r.kind !== 'scores') throw new Error('not accepted');
    expect(r.rows[0]!.inspection).toMatchObject({
      consultants: ['importeret'],
      imported: { fileName: 'scorer 2022.csv', importedBy: 'Forvaltning Test', importedAt: '2026-11-23T10:00:00.000Z' },
    });
    const i = parseInstitutionsImport(EXAMPLE_CSV);
    if (!i.ok || i.kind !== 'institutions') throw new Error('not accepted');
    const steps = institutionStepsAsScores(i.rows, '2021-06-30', FRAMEWORK_V1, '2026-11-23T10:00:00.000Z', { fileName: 'institutions.csv', importedBy: 'F' });
    expect(steps[0]!.inspection).toMatchObject({ consultants: ['importeret'], imported: { fileName: 'institutions.csv', importedBy: 'F' } });
  });
});

describe('the CSV reader', () => {
  it('keeps the starting line of a row whose quoted field spans lines', () => {
    const t = readCsv('a;b\r\n1;"to\r\nlinjer"\r\n\r\n3;4\r\n');
    expect(t.separator).toBe(';');
    expect(t.rows).toEqual([
      { line: 2, fields: ['1', 'to\r\nlinjer'] },
      { line: 5, fields: ['3', '4'] },
    ]);
  });

  it('detects the separator even when a quoted field spans lines or holds the other separator', () => {
    expect(readCsv('a;b;c\r\n"x, y";"to\r\nlinjer";3\r\n').separator).toBe(';');
    expect(readCsv('a,b,c\n"x; y","z",3\n').separator).toBe(',');
  });
});
