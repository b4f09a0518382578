import { parse } from 'csv-parse/sync';
import { sniffDelimiter } from '../formats/csv/sniff-delimiter';

/**
 * Cost items from a CSV file (a supplier's or the bookkeeping's export), read
 * into one row per line for the records service to check and store one by
 * one, so every line gets its own outcome.
 *
 * The header names the columns, in any order, case and accent aside:
 * category, amount, date (required); vat (or vatRatePercent), supplier, note.
 * The delimiter is sniffed (, ; tab |: Swiss spreadsheets write ";"). A date may
 * be written yyyy-MM-dd or dd.MM.yyyy; an amount may carry a decimal comma and
 * apostrophe or space thousands separators (1'234,50) — written back as
 * 1234.50. Anything else is left for the records' own rules to judge.
 */
export const MAX_COST_CSV_BYTES = 1024 * 1024;
export const MAX_COST_CSV_ROWS = 5000;

export interface CostCsvRow {
  line: number;
  body: {
    category: string;
    amount: string;
    vatRatePercent: string | null;
    date: string;
    supplier: string | null;
    note: string | null;
  };
}

export type CostCsvResult = { ok: true; rows: CostCsvRow[] } | { ok: false; message: string };

const COLUMNS: Record<string, keyof CostCsvRow['body']> = {
  category: 'category',
  amount: 'amount',
  date: 'date',
  vat: 'vatRatePercent',
  vatrate: 'vatRatePercent',
  vatratepercent: 'vatRatePercent',
  supplier: 'supplier',
  note: 'note',
};
const REQUIRED = ['category', 'amount', 'date'] as const;

const headerName = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** 1'234,50 → 1234.50; text that is not such a number is returned as it was. */
export function normaliseAmount(text: string): string {
  const trimmed = text.trim();
  const compact = trimmed.replace(/['’\s\u00a0]/g, '');
  if (/^-?\d+,\d+$/.test(compact)) return compact.replace(',', '.');
  if (/^-?\d+(\.\d+)?$/.test(compact)) return compact;
  return trimmed;
}

/** 31.12.2024 → 2024-12-31; anything else as it was (the records reject what is no date). */
export function normaliseDate(text: string): string {
  const trimmed = text.trim();
  const swiss = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (!swiss) return trimmed;
  return `${swiss[3]}-${swiss[2].padStart(2, '0')}-${swiss[1].padStart(2, '0')}`;
}

export function readCostItemCsv(text: string): CostCsvResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_COST_CSV_BYTES)
    return { ok: false, message: `The file is larger than ${MAX_COST_CSV_BYTES / 1024} KB` };
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = clean.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return { ok: false, message: 'The file is empty' };
  const delimiter = sniffDelimiter(lines.slice(0, 20)) ?? ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Cast: with `info: true` csv-parse returns { record, info } per row, which its typings do not express.
    records = parse(clean, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 64 * 1024,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    return { ok: false, message: `The file is not readable CSV: ${(error as Error).message}` };
  }
  if (records.length === 0) return { ok: false, message: 'The file is empty' };
  const header = records[0].record.map(headerName);
  const positions = new Map<keyof CostCsvRow['body'], number>();
  header.forEach((name, i) => {
    const column = COLUMNS[name];
    if (column && !positions.has(column)) positions.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !positions.has(c));
  if (missing.length)
    return {
      ok: false,
      message: `The header must name the columns ${REQUIRED.join(', ')} (missing: ${missing.join(', ')}); optional: vat, supplier, note`,
    };
  const data = records.slice(1);
  if (data.length > MAX_COST_CSV_ROWS)
    return { ok: false, message: `At most ${MAX_COST_CSV_ROWS} cost items per file` };
  const cell = (fields: string[], column: keyof CostCsvRow['body']) => {
    const i = positions.get(column);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const optional = (value: string) => (value === '' ? null : value);
  return {
    ok: true,
    rows: data.map(({ record, info }) => ({
      line: info.lines,
      body: {
        category: cell(record, 'category'),
        amount: normaliseAmount(cell(record, 'amount')),
        vatRatePercent: optional(normaliseAmount(cell(record, 'vatRatePercent').replace(/%\s*$/, ''))),
        date: normaliseDate(cell(record, 'date')),
        supplier: optional(cell(record, 'supplier')),
        note: optional(cell(record, 'note')),
      },
    })),
  };
}
