import ExcelJS from 'exceljs';
import { NUMERIC_COLUMNS, STATEMENT_HEADER, type StatementRow } from '../../../src/charging/statement';
import { spreadsheetSafe } from '../../../src/common/spreadsheet-csv';

/**
 * The same statement as an XLSX workbook. Amounts and quantities are number
 * cells (so the spreadsheet sums them); text is written as text cells, never as
 * formulas, and carries the same apostrophe prefix as the CSV so that copying it
 * into another sheet or exporting it again stays harmless.
 */
export async function statementXlsx(rows: StatementRow[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'strapi-plugin-utilities';
  const sheet = workbook.addWorksheet('Statement');
  sheet.addRow([spreadsheetSafe(title)]);
  sheet.addRow(STATEMENT_HEADER.map((h) => h.label)).font = { bold: true };
  for (const r of rows) {
    sheet.addRow(
      STATEMENT_HEADER.map((h) => {
        const text = r[h.key];
        return NUMERIC_COLUMNS.has(h.key) && text !== '' ? Number(text) : spreadsheetSafe(text);
      }),
    );
  }
  STATEMENT_HEADER.forEach((h, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(10, h.label.length + 2);
    if (NUMERIC_COLUMNS.has(h.key) && h.key !== 'quantity') column.numFmt = '#,##0.00';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
