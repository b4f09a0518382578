import { NUMERIC_COLUMNS, STATEMENT_HEADER, type StatementRow } from '../../../src/charging/statement';
import { xlsxWorkbook } from '../../http/xlsx-workbook';

/** The statement of building charges as an XLSX workbook (server/http/xlsx-workbook.ts: spreadsheet-safe). */
export async function statementXlsx(rows: StatementRow[], title: string): Promise<Buffer> {
  const columns = STATEMENT_HEADER.map((h, i) => ({ key: h.key, i }));
  return xlsxWorkbook(title, [
    {
      name: 'Statement',
      header: STATEMENT_HEADER.map((h) => h.label),
      numeric: new Set(columns.filter((c) => NUMERIC_COLUMNS.has(c.key)).map((c) => c.i)),
      money: new Set(
        columns.filter((c) => NUMERIC_COLUMNS.has(c.key) && c.key !== 'quantity').map((c) => c.i),
      ),
      rows: rows.map((r) => STATEMENT_HEADER.map((h) => r[h.key])),
    },
  ]);
}
