import type { CommitteeReport } from '../../../shared/committee';

/** The committee's figures as an Excel workbook: one sheet, real numbers, "registreres ikke endnu" where a figure is not recorded. exceljs loads on demand. */
export async function committeeToXlsx(report: CommitteeReport): Promise<ArrayBuffer> {
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tilsyn';
  const ws = wb.addWorksheet('Udvalgsoversigt');
  ws.columns = [
    { header: 'Nøgletal', key: 'label', width: 80 },
    { header: 'Værdi', key: 'value', width: 22 },
  ];
  ws.addRow({ label: `Periode ${report.from} – ${report.to}`, value: null });
  for (const r of report.rows) ws.addRow({ label: r.label, value: r.value ?? 'registreres ikke endnu' });
  ws.getRow(1).font = { bold: true };
  ws.addRow({});
  ws.addRow({ label: `Beregnet på serveren ${report.generatedAt}. Kun optællinger for hele kommunen; ingen institutioner eller personer nævnes.` });
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
