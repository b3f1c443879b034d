import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coverage } from '../../../shared/coverage';
import {
  buildDemoData,
  DEMO_NOT_ASSESSED_2019,
  DEMO_NOT_INSPECTED_2025,
  demoInspectionId,
} from '../../../shared/demo/demoData';
import { INSTITUTIONS_CSV } from '../../../shared/demo/institutionsCsv';
import {
  districtFor,
  InstitutionsCsvError,
  INSTITUTIONS_CSV_COLUMNS,
  parseInstitutionsCsv,
} from '../../../shared/demo/parseInstitutionsCsv';
import { THEME_IDS } from '../../../shared/framework';
import { AnbefalingSchema, AnerkendelseSchema, checkFinalDate, InspectionSchema, ThemeScoreSchema } from '../../../shared/inspection';
import { InstitutionSchema } from '../../../shared/institution';

const here = path.dirname(fileURLToPath(import.meta.url));
// The repository is /work/main and the shared folder its sibling /work/shared (CI clones: ../shared).
const FIXTURE = path.resolve(here, '../../../../shared/fixtures/institutions.csv');
const HEADER = INSTITUTIONS_CSV_COLUMNS.join(',');

describe('INSTITUTIONS_CSV', () => {
  it('equals shared/fixtures/institutions.csv byte for byte', (ctx) => {
    if (!existsSync(FIXTURE)) ctx.skip(`${FIXTURE} findes ikke (shared/ ligger ikke ved siden af repoet); sammenligningen springes over`);
    expect(Buffer.from(INSTITUTIONS_CSV, 'utf8').equals(readFileSync(FIXTURE))).toBe(true);
  });

  it('has a header and 40 rows', () => {
    const lines = INSTITUTIONS_CSV.trimEnd().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(41);
  });
});

describe('parseInstitutionsCsv', () => {
  const rows = parseInstitutionsCsv(INSTITUTIONS_CSV);

  it('parses the 40 institutions with Gentofte’s counts', () => {
    expect(rows).toHaveLength(40);
    const types = rows.map((r) => r.institution.type);
    expect(types.filter((t) => t === 'vuggestue')).toHaveLength(3);
    expect(types.filter((t) => t === 'børnehave')).toHaveLength(7);
    expect(types.filter((t) => t === 'integreret')).toHaveLength(30);
    expect(rows.filter((r) => r.institution.ownership === 'kommunal')).toHaveLength(15);
    expect(rows.filter((r) => r.institution.ownership === 'selvejende')).toHaveLength(25);
  });

  it('maps the columns onto the institution and the 2021 steps', () => {
    expect(rows[0]).toEqual({
      institution: {
        id: 'DI-01',
        name: 'Agerhønen',
        type: 'vuggestue',
        ownership: 'kommunal',
        district: 'Nord',
        children0to2: 36,
        children3to5: 0,
        rev: 0,
      },
      round2021: {
        'paedagogisk-organisering': 3,
        'fysiske-rammer': 2,
        interaktion: 4,
        leg: 3,
        rutiner: 3,
        'boernenes-kompetencer': 2,
        overgange: 3,
      },
    });
    expect(rows[39]!.institution).toMatchObject({ id: 'DI-40', name: 'Ærenpris', children0to2: 40, children3to5: 75 });
    for (const r of rows) expect(InstitutionSchema.safeParse(r.institution).success).toBe(true);
  });

  it('assigns districts deterministically, ten institutions in each', () => {
    expect(['DI-01', 'DI-02', 'DI-03', 'DI-04', 'DI-05'].map(districtFor)).toEqual(['Nord', 'Øst', 'Syd', 'Vest', 'Nord']);
    const perDistrict = new Map<string, number>();
    for (const r of rows) perDistrict.set(r.institution.district!, (perDistrict.get(r.institution.district!) ?? 0) + 1);
    expect(Object.fromEntries(perDistrict)).toEqual({ Nord: 10, Øst: 10, Syd: 10, Vest: 10 });
  });

  it('accepts CRLF line ends, a BOM and quoted names with commas', () => {
    const text = `\uFEFF${HEADER}\r\nX-1,"Huset, det gule",dagpleje,privat,4,0,4,0,0,1,2,3,4,1,2,3\r\n`;
    const [row] = parseInstitutionsCsv(text);
    expect(row!.institution).toMatchObject({ id: 'X-1', name: 'Huset, det gule', type: 'dagpleje', ownership: 'privat' });
    expect(row!.round2021.leg).toBe(4);
  });

  function errorOf(text: string): InstitutionsCsvError {
    try {
      parseInstitutionsCsv(text);
    } catch (e) {
      if (e instanceof InstitutionsCsvError) return e;
      throw e;
    }
    throw new Error('expected an InstitutionsCsvError');
  }

  it('lists every problem in Danish with its line number', () => {
    const text = [
      HEADER,
      'A-1,Alfa,vuggestue,kommunal,10,0,20,0,0,3,3,3,3,3,3,3',
      'A-2,Beta,skole,kommunal,10,0,20,0,0,3,3,3,3,3,3,3',
      'A-3,Gamma,integreret,selvejende,ti,0,20,0,0,5,3,3,3,3,3,3',
      'A-4,Delta,integreret,selvejende,10,0,20',
      'A-1,Alfa igen,vuggestue,kommunal,10,0,20,0,0,3,3,3,3,3,3,3',
      '',
    ].join('\n');
    const e = errorOf(text);
    expect(e.problems).toEqual([
      'Linje 3, kolonne type: Typen skal være vuggestue, børnehave, integreret eller dagpleje (værdi: "skole")',
      'Linje 4, kolonne born_0_2: Antallet skal være et helt tal, der ikke er negativt (værdi: "ti")',
      'Linje 4, kolonne T1_org: Trinnet skal være fra 1 til 4 (værdi: "5")',
      'Linje 5: har 7 felter, men skal have 16',
      'Linje 6, kolonne id: id "A-1" findes allerede i linje 2',
    ]);
    expect(e.message).toMatch(/^Institutionsfilen kan ikke indlæses \(5 fejl\):\nLinje 3/);
  });

  it('refuses a wrong header, a step of 0 and a file without rows', () => {
    expect(errorOf('id;navn\nx;y').problems[0]).toMatch(/^Linje 1: kolonnerne type, ejerform, born_0_2, .*, T7_ovg mangler$/);
    expect(errorOf(`${HEADER}\nA,B,vuggestue,kommunal,1,0,1,0,0,0,3,3,3,3,3,3`).problems).toEqual([
      'Linje 2, kolonne T1_org: Trinnet skal være fra 1 til 4 (værdi: "0")',
    ]);
    expect(errorOf(`${HEADER}\n`).problems).toEqual(['Linje 2: filen indeholder ingen institutioner']);
  });
});

describe('buildDemoData', () => {
  const demo = buildDemoData();

  it('is deterministic: two calls are deep-equal', () => {
    expect(buildDemoData()).toEqual(demo);
  });

  it('has every record valid against its schema, unchanged by parsing', () => {
    for (const i of demo.institutions) expect(InstitutionSchema.parse(i)).toEqual(i);
    for (const i of demo.inspections) expect(InspectionSchema.parse(i)).toEqual(i);
    for (const s of demo.themeScores) expect(ThemeScoreSchema.parse(s)).toEqual(s);
    for (const a of demo.anerkendelser) expect(AnerkendelseSchema.parse(a)).toEqual(a);
    for (const b of demo.anbefalinger) expect(AnbefalingSchema.parse(b)).toEqual(b);
  });

  it('has unique ids across all records', () => {
    const ids = [
      ...demo.inspections.map((r) => r.id),
      ...demo.themeScores.map((r) => r.id),
      ...demo.anerkendelser.map((r) => r.id),
      ...demo.anbefalinger.map((r) => r.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has final v1 inspections for every institution in 2019, 2021, 2023 and for 35 in 2025', () => {
    expect(demo.institutions).toHaveLength(40);
    expect(demo.inspections).toHaveLength(40 * 3 + 35);
    const perYear = (y: string) => demo.inspections.filter((i) => i.date.startsWith(y)).length;
    expect([perYear('2019'), perYear('2021'), perYear('2023'), perYear('2025')]).toEqual([40, 40, 40, 35]);
    expect(demo.inspections.find((i) => i.id === demoInspectionId('DI-01', 2021))).toMatchObject({
      id: 'demo-DI-01-2021',
      institutionId: 'DI-01',
      rev: 0,
    });
    for (const i of demo.inspections) {
      expect(i).toMatchObject({ status: 'endelig', frameworkId: 'v1', rev: 0 });
      expect(i.date <= '2025-12-31').toBe(true);
      expect(checkFinalDate(i, '2026-11-23')).toBeNull();
      expect(i.consultants).toHaveLength(2);
      expect(new Set(i.consultants).size).toBe(2);
      expect(i.participants).toEqual([]);
      expect(i.dialogue?.leder).toContain('Pædagogisk leder');
      const weekday = new Date(`${i.date}T00:00:00Z`).getUTCDay();
      expect(weekday === 0 || weekday === 6, `${i.id} on a weekend`).toBe(false);
    }
    for (const id of DEMO_NOT_INSPECTED_2025) expect(demo.inspections.some((i) => i.id === `demo-${id}-2025`)).toBe(false);
  });

  it('spreads visits over the year and has some unannounced ones', () => {
    const months = new Set(demo.inspections.filter((i) => i.date.startsWith('2021')).map((i) => i.date.slice(5, 7)));
    expect(months.size).toBeGreaterThanOrEqual(8);
    const unannounced = demo.inspections.filter((i) => i.visitType === 'uanmeldt').length;
    expect(unannounced).toBeGreaterThan(0);
    expect(unannounced).toBeLessThan(demo.inspections.length / 3);
  });

  it('has seven theme scores per inspection, steps 1–4, and 2–4 ikke vurderet with a reason in 2019', () => {
    for (const i of demo.inspections) {
      const s = demo.themeScores.filter((x) => x.inspectionId === i.id);
      expect(s.map((x) => x.themeId)).toEqual([...THEME_IDS]);
      for (const x of s) expect(x.notAssessed ? x.step === null : x.step! >= 1 && x.step! <= 4).toBe(true);
    }
    const skipped = demo.themeScores.filter((x) => x.notAssessed);
    expect(skipped).toHaveLength(DEMO_NOT_ASSESSED_2019.length);
    for (const x of skipped) {
      expect(x.inspectionId).toMatch(/-2019$/);
      expect(x.notAssessedReason.trim().length).toBeGreaterThan(10);
      expect(['paedagogisk-organisering', 'boernenes-kompetencer']).not.toContain(x.themeId);
    }
  });

  it('gives each inspection 1–2 anerkendelser and 1–2 anbefalinger with text', () => {
    for (const i of demo.inspections) {
      const a = demo.anerkendelser.filter((x) => x.inspectionId === i.id);
      const b = demo.anbefalinger.filter((x) => x.inspectionId === i.id);
      expect(a.length).toBeGreaterThanOrEqual(1);
      expect(a.length).toBeLessThanOrEqual(2);
      expect(b.length).toBeGreaterThanOrEqual(1);
      expect(b.length).toBeLessThanOrEqual(2);
      for (const x of [...a, ...b]) {
        expect(x.text.trim().length).toBeGreaterThan(20);
        expect(x.deleted).toBe(false);
        // Findings are never about a theme that was not assessed.
        const score = demo.themeScores.find((s) => s.inspectionId === i.id && s.themeId === x.themeId)!;
        expect(score.notAssessed).toBe(false);
      }
    }
  });

  it('makes exactly the five institutions without a 2025 inspection due on 2026-11-23', () => {
    const due = demo.institutions
      .filter((inst) => coverage(demo.inspections.filter((i) => i.institutionId === inst.id), '2026-11-23').due)
      .map((inst) => inst.id);
    expect(due).toEqual([...DEMO_NOT_INSPECTED_2025]);
    expect(due).toHaveLength(5);
  });
});
