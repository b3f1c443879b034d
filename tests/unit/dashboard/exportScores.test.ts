import { describe, expect, it } from 'vitest';
import { buildDemoData, DEMO_NOT_ASSESSED_2019 } from '../../../shared/demo/demoData';
import { FRAMEWORK_V1, FRAMEWORKS } from '../../../shared/frameworks/v1';
import { parseScoresImport, SCORE_IMPORT_REQUIRED } from '../../../shared/importCsv';
import {
  AVERAGE_EXPORT_COLUMNS,
  averageExportRows,
  averagesToCsv,
  EXPORT_SEPARATOR,
  parseScoresCsv,
  SCORE_EXPORT_COLUMNS,
  SCORE_EXPORT_HEADINGS,
  scoreExportRows,
  scoresToCsv,
  UTF8_BOM,
} from '../../../shared/exportScores';
import type { Institution } from '../../../shared/institution';
import { scoresToXlsx } from '../../../renderer/features/dashboard/scoresXlsx';
import { FRAMEWORK_V2_OTHER_SCALE, inspection, scores } from './fixture';
import { computeDashboard, indexDashboardData } from '../../../shared/dashboard';
import { formatMean } from '../../../shared/format';

const demo = buildDemoData();
const input = { ...demo, frameworks: [...FRAMEWORKS] };

describe('scoreExportRows', () => {
  const rows = scoreExportRows(input);

  it('has one row per final inspection × theme, with the framework version on every row', () => {
    expect(rows).toHaveLength(demo.inspections.length * 7);
    expect(rows.every((r) => r.ramme_id === 'v1' && r.ramme_version === 1 && r.skala_id === 'tilsyn-4-trin')).toBe(true);
    const first = rows[0]!;
    expect(first).toMatchObject({ institution: 'Agerhønen', institution_id: 'DI-01', dato: expect.stringMatching(/^2019-/), tema_nr: 1, tema_id: 'paedagogisk-organisering', tema: 'Pædagogisk organisering' });
    expect(first.trin_tekst).toBe(FRAMEWORK_V1.scale.labels[first.trin! - 1]);
  });

  it('keeps "ikke vurderet" with its reason and no step', () => {
    const iv = DEMO_NOT_ASSESSED_2019[0]!;
    const row = rows.find((r) => r.institution_id === iv.institutionId && r.dato.startsWith('2019') && r.tema_id === iv.themeId)!;
    expect(row).toMatchObject({ trin: null, trin_tekst: '', ikke_vurderet: 'ja', ikke_vurderet_begrundelse: iv.reason });
  });

  it('follows the filters and leaves drafts out; keeps both framework versions apart, never drops one', () => {
    expect(scoreExportRows(input, { institutionIds: new Set(['DI-01']), from: '2021-01-01', to: '2021-12-31' })).toHaveLength(7);
    const inst: Institution[] = [{ id: 'A', name: 'A', type: 'dagpleje', ownership: 'privat', children0to2: 4, children3to5: 0, rev: 0 }];
    const mixed = scoreExportRows({
      institutions: inst,
      inspections: [inspection('a1', 'A', '2026-03-01'), inspection('a2', 'A', '2027-03-01', { frameworkId: 'v2' }), inspection('a3', 'A', '2027-05-01', { status: 'udkast' })],
      themeScores: [...scores('a1', 2), ...scores('a2', 4), ...scores('a3', 1)],
      frameworks: [FRAMEWORK_V1, FRAMEWORK_V2_OTHER_SCALE],
    });
    expect(mixed).toHaveLength(14);
    expect(new Set(mixed.map((r) => `${r.ramme_id}/${r.skala_id}`))).toEqual(new Set(['v1/tilsyn-4-trin', 'v2/tilsyn-2027']));
    expect(mixed.find((r) => r.ramme_id === 'v2')!.trin_tekst).toBe('Fremragende');
  });
});

describe('CSV for Danish Excel', () => {
  it('starts with a UTF-8 BOM, uses semicolons and CRLF, and has the documented header', () => {
    const csv = scoresToCsv(scoreExportRows(input));
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(EXPORT_SEPARATOR).toBe(';');
    expect(csv.slice(1).split('\r\n')[0]).toBe(SCORE_EXPORT_COLUMNS.join(';'));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('round trip: parse(export(rows)) equals rows, also with ; " line breaks, æøå and formula-like text', () => {
    const rows = scoreExportRows(input);
    const tricky = rows.map((r, k) =>
      k === 3
        ? { ...r, trin: null, trin_tekst: '', ikke_vurderet: 'ja' as const, ikke_vurderet_begrundelse: 'Lukket; "renovering"\r\nog flytning – børnene var på tur i Ålholm' }
        : k === 4
          ? { ...r, ikke_vurderet: 'ja' as const, trin: null, trin_tekst: '', ikke_vurderet_begrundelse: '=HYPERLINK("http://x")' }
          : k === 5
            ? { ...r, institution: '  Mellemrum  ' }
            : r,
    );
    const csv = scoresToCsv(tricky);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(parseScoresCsv(csv)).toEqual(tricky);
  });

  it('round trip through the import: a historical file exported again gives the same steps and reasons', () => {
    const file = [
      SCORE_IMPORT_REQUIRED.join(';'),
      'A;2022-05-03;anmeldt;v1;3;2;4;3;3;2;3',
      'A;2024-06-14;uanmeldt;v1;2;4;3;3;2;iv:Ingen overgange i perioden;4',
    ].join('\n');
    const parsed = parseScoresImport(file, { knownInstitutionIds: new Set(['A']), frameworks: new Map([['v1', FRAMEWORK_V1]]), today: '2026-11-23' });
    if (!parsed.ok || parsed.kind !== 'scores') throw new Error('not accepted');
    const inst: Institution[] = [{ id: 'A', name: 'Ålen', type: 'dagpleje', ownership: 'privat', children0to2: 4, children3to5: 0, rev: 0 }];
    const out = parseScoresCsv(
      scoresToCsv(
        scoreExportRows({ institutions: inst, inspections: parsed.rows.map((r) => r.inspection), themeScores: parsed.rows.flatMap((r) => r.scores), frameworks: [FRAMEWORK_V1] }),
      ),
    );
    expect(out.filter((r) => r.dato === '2022-05-03').map((r) => r.trin)).toEqual([3, 2, 4, 3, 3, 2, 3]);
    expect(out.find((r) => r.dato === '2024-06-14' && r.tema_id === 'boernenes-kompetencer')).toMatchObject({ trin: null, ikke_vurderet: 'ja', ikke_vurderet_begrundelse: 'Ingen overgange i perioden', tilsynsform: 'uanmeldt' });
  });
});

describe('XLSX', () => {
  it('writes a workbook exceljs reads back: same rows, numbers as numbers, dates as dates', async () => {
    const rows = scoreExportRows(input, { institutionIds: new Set(['DI-09']) });
    const buffer = await scoresToXlsx(rows, { generated: '2026-11-23', selection: 'DI-09' });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer);
    const ws = wb.getWorksheet('Temascorer')!;
    expect(ws.rowCount).toBe(rows.length + 1);
    expect(ws.getRow(1).getCell(1).value).toBe(SCORE_EXPORT_HEADINGS.tilsyn_id);
    const col = (c: (typeof SCORE_EXPORT_COLUMNS)[number]) => SCORE_EXPORT_COLUMNS.indexOf(c) + 1;
    rows.forEach((r, k) => {
      const row = ws.getRow(k + 2);
      expect(row.getCell(col('tilsyn_id')).value).toBe(r.tilsyn_id);
      expect(row.getCell(col('trin')).value ?? null).toBe(r.trin);
      expect(row.getCell(col('ramme_version')).value).toBe(1);
      expect((row.getCell(col('dato')).value as Date).toISOString().slice(0, 10)).toBe(r.dato);
      expect(row.getCell(col('ikke_vurderet_begrundelse')).value ?? '').toBe(r.ikke_vurderet_begrundelse);
    });
    expect(wb.getWorksheet('Om udtrækket')!.getRow(4).getCell(2).value).toBe(rows.length);
  });
});

describe('averages in the export: the exact mean with sum and n', () => {
  const d = computeDashboard(indexDashboardData(input), {}, { today: '2026-11-23' });
  const rows = averageExportRows(d);

  it('one row per period × theme with the unrounded mean, sum and n, as Overblik counts', () => {
    expect(rows).toHaveLength(d.periods.length * 7);
    const org2021 = rows.find((r) => r.periode === '2021' && r.tema_id === 'paedagogisk-organisering')!;
    expect(org2021).toMatchObject({ gennemsnit: 2.4, sum: 96, n: 40, skala_id: 'tilsyn-4-trin', tema_nr: 1 });
    expect(org2021.trin_1 + org2021.trin_2 + org2021.trin_3 + org2021.trin_4).toBe(40);
    for (const r of rows) if (r.n) expect(r.gennemsnit).toBe(r.sum / r.n);
  });

  it('the XLSX has them as numbers on the sheet Gennemsnit; ROUND of the exact value is what the app shows', async () => {
    const buffer = await scoresToXlsx([], { generated: '2026-11-23', selection: 'alle' }, rows);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer);
    const ws = wb.getWorksheet('Gennemsnit')!;
    expect(ws.rowCount).toBe(rows.length + 1);
    const col = (c: (typeof AVERAGE_EXPORT_COLUMNS)[number]) => AVERAGE_EXPORT_COLUMNS.indexOf(c) + 1;
    rows.forEach((r, k) => {
      const row = ws.getRow(k + 2);
      expect(row.getCell(col('gennemsnit')).value ?? null).toBe(r.gennemsnit);
      expect(row.getCell(col('sum')).value).toBe(r.sum);
      expect(row.getCell(col('n')).value).toBe(r.n);
    });
  });

  it('107 / 40: the export keeps 2.675 exactly, the app shows 2,68', () => {
    const stats = { ...d.periods[0]!.stats };
    stats.leg = { ...stats.leg, mean: 107 / 40, n: 40, counts: { 1: 2, 2: 14, 3: 19, 4: 5 } };
    const [row] = averageExportRows({ ...d, periods: [{ ...d.periods[0]!, stats }] }).filter((r) => r.tema_id === 'leg');
    expect(row).toMatchObject({ gennemsnit: 2.675, sum: 107, n: 40 });
    expect(formatMean(row!.gennemsnit, row!.n)).toBe('2,68');
  });
});

describe('averages as CSV', () => {
  it('carries the exact mean with a decimal comma, and sum and n beside it (107/40 → 2,675, not 2,68 nor 2.67)', () => {
    const row = { periode: '2021', skala_id: 'fire-trin', tema_nr: 1, tema_id: 'paedagogisk-organisering', tema: 'Pædagogisk organisering', gennemsnit: 107 / 40, sum: 107, n: 40, trin_1: 2, trin_2: 15, trin_3: 17, trin_4: 6, ikke_vurderet: 0 };
    const csv = averagesToCsv([row, { ...row, periode: '2017', gennemsnit: null, sum: 0, n: 0, trin_1: 0, trin_2: 0, trin_3: 0, trin_4: 0 }]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(UTF8_BOM.length).trim().split(/\r?\n/);
    expect(lines[0]).toBe(AVERAGE_EXPORT_COLUMNS.join(EXPORT_SEPARATOR));
    expect(lines[1]).toBe('2021;fire-trin;1;paedagogisk-organisering;Pædagogisk organisering;2,675;107;40;2;15;17;6;0');
    expect(lines[2]).toBe('2017;fire-trin;1;paedagogisk-organisering;Pædagogisk organisering;;0;0;0;0;0;0;0');
  });
});
