import type { CommitteeReport } from '../../../shared/committee';
import { translate } from '../../../shared/i18n/i18n';

/** The committee's export is Danish whatever the UI language (docs/i18n.md, "What stays Danish"). */
const da = (key: string, values?: Record<string, string>) => translate(`skaerpet:xlsx.${key}`, { ...values, lng: 'da' });

/** The committee's figures as an Excel workbook: one sheet, real numbers, "registreres ikke endnu" where a figure is not recorded. exceljs loads on demand. */
export async function committeeToXlsx(report: CommitteeReport): Promise<ArrayBuffer> {
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tilsyn';
  const ws = wb.addWorksheet(da('sheet'));
  ws.columns = [
    { header: da('figure'), key: 'label', width: 80 },
    { header: da('value'), key: 'value', width: 22 },
  ];
  ws.addRow({ label: da('period', { from: report.from, to: report.to }), value: null });
  for (const r of report.rows) ws.addRow({ label: r.label, value: r.value ?? da('notRecorded') });
  ws.getRow(1).font = { bold: true };
  ws.addRow({});
  ws.addRow({ label: da('computed', { at: report.generatedAt }) });
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
