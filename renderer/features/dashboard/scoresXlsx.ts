import { AVERAGE_EXPORT_COLUMNS, AVERAGE_EXPORT_HEADINGS, SCORE_EXPORT_COLUMNS, SCORE_EXPORT_HEADINGS, type AverageExportRow, type ScoreExportRow } from '../../../shared/exportScores';

/**
 * The theme-score export as an Excel workbook: one sheet with the rows (real numbers for steps and
 * versions, real dates), a frozen header with filters, and a sheet that says what the file holds.
 * exceljs is large, so it is imported only when someone asks for the file.
 */
export async function scoresToXlsx(rows: readonly ScoreExportRow[], about: { generated: string; selection: string }, averages: readonly AverageExportRow[] = []): Promise<ArrayBuffer> {
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tilsyn';
  wb.created = new Date(`${about.generated}T12:00:00Z`);

  const ws = wb.addWorksheet('Temascorer', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = SCORE_EXPORT_COLUMNS.map((c) => ({
    header: SCORE_EXPORT_HEADINGS[c],
    key: c,
    width: c === 'ikke_vurderet_begrundelse' ? 50 : c === 'tema' || c === 'ramme_navn' || c === 'institution' ? 28 : c === 'tilsyn_id' ? 24 : 14,
    ...(c === 'dato' ? { style: { numFmt: 'dd-mm-yyyy' } } : {}),
  }));
  for (const r of rows) {
    ws.addRow({ ...r, dato: new Date(`${r.dato}T00:00:00Z`), trin: r.trin ?? null });
  }
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SCORE_EXPORT_COLUMNS.length } };

  // The averages Overblik shows, unrounded, with sum and n: Excel's ROUND gives the app's two decimals.
  const avg = wb.addWorksheet('Gennemsnit', { views: [{ state: 'frozen', ySplit: 1 }] });
  avg.columns = AVERAGE_EXPORT_COLUMNS.map((c) => ({ header: AVERAGE_EXPORT_HEADINGS[c], key: c, width: c === 'tema' ? 36 : c === 'gennemsnit' ? 20 : 12 }));
  for (const r of averages) avg.addRow(r);
  avg.getRow(1).font = { bold: true };

  const info = wb.addWorksheet('Om udtrækket');
  info.columns = [{ width: 28 }, { width: 90 }];
  info.addRows([
    ['Udtræk', 'Temascorer fra endelige tilsyn, én række pr. tilsyn × tema'],
    ['Dannet', about.generated],
    ['Udvalg', about.selection],
    ['Rækker', rows.length],
    ['Skala', 'Trin 1–4, 4 er bedst og 3 forventet niveau. Beregn kun gennemsnit inden for samme skala_id.'],
    ['Ikke vurderet', 'Temaer, der ikke er vurderet, har intet trin og en begrundelse; de indgår ikke i gennemsnit.'],
    ['Gennemsnit', 'Arket Gennemsnit: gennemsnittet pr. periode og tema som i Overblik, uafrundet (sum / n), med sum og n. Tilsyn viser det afrundet til to decimaler (halv op).'],
  ]);
  info.getColumn(1).font = { bold: true };

  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
