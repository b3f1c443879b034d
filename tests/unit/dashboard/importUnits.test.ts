import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseInstitutionsImport, type InstitutionImportRow } from '../../../shared/importCsv';
import type { Institution } from '../../../shared/institution';

const EXAMPLE = readFileSync(new URL('../../../examples/institutions-units.csv', import.meta.url), 'utf8');
const HEADER = EXAMPLE.split('\n')[0]!;
const STEPS = '3;3;3;3;3;3;3';
const row = (id: string, type: string, unit: string, parent: string) => `${id};Navn ${id};${type};kommunal;10;10;20;0;0;${STEPS};${unit};${parent}`;
const file = (...rows: string[]) => [HEADER, ...rows].join('\n');
const problems = (text: string, existing?: Map<string, Institution>) => {
  const r = parseInstitutionsImport(text, existing ? { existing } : {});
  if (r.ok) throw new Error('forventede fejl');
  return r.problems.map(formatProblem);
};

describe('institutions import with the unit columns (R1.2)', () => {
  it('reads examples/institutions-units.csv: unit types as codes or labels, an enhed under an institution of the same file', () => {
    const r = parseInstitutionsImport(EXAMPLE);
    if (!r.ok || r.kind !== 'institutions') throw new Error(JSON.stringify(r));
    const units = (r.rows as InstitutionImportRow[]).map((x) => [x.institution.id, x.institution.unitType, x.institution.parentInstitutionId ?? null, x.unitColumns]);
    expect(units).toEqual([
      ['BH-10', 'daginstitution', null, true],
      ['BH-10A', 'enhed', 'BH-10', true],
      ['BH-10B', 'enhed', 'BH-10', true],
      ['DP-01', 'dagpleje', null, true],
      ['PU-01', 'puljeordning', null, true],
    ]);
  });

  it('the columns are optional: without them no unit fields, and an existing institution keeps its own', () => {
    const plain = EXAMPLE.split('\n').map((l) => l.split(';').slice(0, 16).join(';')).join('\n');
    const r = parseInstitutionsImport(plain);
    if (!r.ok || r.kind !== 'institutions') throw new Error('forventede rækker');
    expect(r.rows.every((x) => !x.unitColumns && x.institution.unitType === undefined)).toBe(true);
  });

  it('a parent already in the app counts; empty cells mean derived from the type', () => {
    const existing = new Map<string, Institution>([['DI-01', { id: 'DI-01', name: 'Agerhønen', type: 'vuggestue', ownership: 'kommunal', children0to2: 36, children3to5: 0, rev: 1 }]]);
    const r = parseInstitutionsImport(file(row('E-1', 'vuggestue', 'enhed', 'DI-01'), row('X-1', 'vuggestue', '', '')), { existing });
    if (!r.ok || r.kind !== 'institutions') throw new Error(JSON.stringify(r));
    expect(r.rows.map((x) => [x.institution.unitType, x.institution.parentInstitutionId])).toEqual([
      ['enhed', 'DI-01'],
      [undefined, undefined],
    ]);
  });

  it('bad values: a Danish message per row and column, and no rows', () => {
    const existing = new Map<string, Institution>([['E-OLD', { id: 'E-OLD', name: 'Gammel enhed', type: 'vuggestue', ownership: 'kommunal', children0to2: 1, children3to5: 0, unitType: 'enhed', parentInstitutionId: 'DI-01', rev: 1 }]]);
    expect(
      problems(
        file(
          row('A-1', 'vuggestue', 'skole', ''),
          row('A-2', 'vuggestue', 'enhed', ''),
          row('A-3', 'vuggestue', 'daginstitution', 'BH-99'),
          row('A-4', 'vuggestue', 'enhed', 'FINDES-IKKE'),
          row('A-5', 'vuggestue', 'enhed', 'E-OLD'),
          row('A-6', 'vuggestue', 'enhed', 'A-6'),
          row('A-7', 'vuggestue', 'dagpleje', ''),
          row('A-8', 'dagpleje', 'daginstitution', ''),
        ),
        existing,
      ),
    ).toEqual([
      'Linje 2, kolonne enhedstype: Enhedstypen skal være daginstitution, enhed, dagpleje, puljeordning, obligatorisk_laeringstilbud, privat_pasningsordning eller tom (værdi: "skole")',
    ]);
    // Once the values are readable, the unit rule is checked on every row.
    expect(
      problems(
        file(
          row('A-2', 'vuggestue', 'enhed', ''),
          row('A-3', 'vuggestue', 'daginstitution', 'BH-99'),
          row('A-4', 'vuggestue', 'enhed', 'FINDES-IKKE'),
          row('A-5', 'vuggestue', 'enhed', 'E-OLD'),
          row('A-6', 'vuggestue', 'enhed', 'A-6'),
          row('A-7', 'vuggestue', 'dagpleje', ''),
          row('A-8', 'dagpleje', 'daginstitution', ''),
        ),
        existing,
      ),
    ).toEqual([
      'Linje 2, kolonne hoerer_under: En enhed skal høre under en institution',
      'Linje 3, kolonne hoerer_under: Kun en enhed hører under en anden institution',
      'Linje 3, kolonne hoerer_under: Institutionen BH-99 findes ikke (hverken i filen eller i appen)',
      'Linje 4, kolonne hoerer_under: Institutionen FINDES-IKKE findes ikke (hverken i filen eller i appen)',
      'Linje 5, kolonne hoerer_under: En enhed kan ikke høre under en anden enhed',
      'Linje 6, kolonne hoerer_under: En enhed kan ikke høre under sig selv',
      'Linje 7, kolonne enhedstype: En dagpleje har typen Dagpleje, og typen Dagpleje er en dagpleje',
      'Linje 8, kolonne enhedstype: En dagpleje har typen Dagpleje, og typen Dagpleje er en dagpleje',
    ]);
  });

  it('an unknown column beside them is still named', () => {
    expect(problems(EXAMPLE.replace('hoerer_under', 'hovedinstitution'))[0]).toContain('kolonnen hovedinstitution hører ikke til formatet (kendte kolonner: id, navn');
  });
});
