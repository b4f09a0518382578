import ExcelJS from 'exceljs';
import { spreadsheetSafe } from '../../src/common/spreadsheet-csv';

/** One sheet: a header row and text rows; `numeric` columns become number cells, `money` ones with two decimals. */
export interface SheetTable {
  name: string;
  header: readonly string[];
  numeric: ReadonlySet<number>;
  money?: ReadonlySet<number>;
  rows: readonly (readonly string[])[];
}

/**
 * An XLSX workbook of tables, spreadsheet-safe: numeric columns are number
 * cells (so the spreadsheet sums them); text is written as text cells, never as
 * formulas, and carries the same apostrophe prefix as the CSV exports so that
 * copying it into another sheet or exporting it again stays harmless. The title
 * goes above the header of every sheet.
 */
export async function xlsxWorkbook(title: string, sheets: readonly SheetTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'strapi-plugin-utilities';
  for (const table of sheets) {
    const sheet = workbook.addWorksheet(table.name);
    sheet.addRow([spreadsheetSafe(title)]);
    sheet.addRow(table.header.map(spreadsheetSafe)).font = { bold: true };
    for (const row of table.rows)
      sheet.addRow(
        row.map((text, i) =>
          table.numeric.has(i) && text !== '' && Number.isFinite(Number(text))
            ? Number(text)
            : spreadsheetSafe(text),
        ),
      );
    table.header.forEach((label, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = Math.max(10, label.length + 2);
      if (table.money?.has(i)) column.numFmt = '#,##0.00';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
