// The report as an Excel workbook: the figures on one sheet (numbers as numbers, flags beside
// them), the notes on a sheet of their own. exceljs is large, so it is loaded only when someone
// asks for a workbook (a separate chunk that the page does not load otherwise).
import { notes, type ReportInfo, type Value } from './exports.js';
import { t } from './i18n.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function xlsxBlob(
  rows: readonly Value[][],
  info: ReportInfo,
  extra: { name: string; rows: readonly Value[][] }[] = [],
): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = info.secretariat;
  book.title = info.title;
  const addTable = (name: string, table: readonly Value[][]) => {
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    for (const row of table) sheet.addRow([...row]);
    sheet.getRow(1).font = { bold: true };
    sheet.columns.forEach((column, i) => {
      const widest = Math.max(...table.map((r) => String(r[i] ?? '').length));
      column.width = Math.min(Math.max(widest + 2, 8), 48);
    });
  };
  addTable(t('export.sheetData'), rows);
  for (const sheet of extra) addTable(sheet.name, sheet.rows);
  const sheet = book.addWorksheet(t('export.sheetNotes'));
  for (const [label, text] of notes(info)) sheet.addRow([label, text]);
  sheet.getColumn(1).font = { bold: true };
  sheet.getColumn(1).width = 12;
  sheet.getColumn(2).width = 100;
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return new Blob([await book.xlsx.writeBuffer()], { type: XLSX_TYPE });
}
