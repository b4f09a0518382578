import {
  MAX_COST_CSV_BYTES,
  normaliseAmount,
  normaliseDate,
  readCostItemCsv,
} from '../../../src/allocation/cost-item-csv';

describe('reading cost items from CSV', () => {
  it('reads a Swiss semicolon export with a BOM, any column order, decimal commas and dotted dates', () => {
    const csv =
      '\uFEFFDatum ignored;Supplier;Category;Amount;VAT;Date;Note\r\n' +
      "x;Seeland Oil AG;heating-energy;1'234,50;8,1 %;31.10.2024;Tank filled\r\n" +
      ';;caretaking;600;;2024-12-31;\r\n';
    expect(readCostItemCsv(csv)).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          body: {
            category: 'heating-energy',
            amount: '1234.50',
            vatRatePercent: '8.1',
            date: '2024-10-31',
            supplier: 'Seeland Oil AG',
            note: 'Tank filled',
          },
        },
        {
          line: 3,
          body: {
            category: 'caretaking',
            amount: '600',
            vatRatePercent: null,
            date: '2024-12-31',
            supplier: null,
            note: null,
          },
        },
      ],
    });
  });

  it('leaves what is no number or date as written, for the records to refuse with a reason', () => {
    expect(normaliseAmount('12.5.3')).toBe('12.5.3');
    expect(normaliseAmount(' -1 000,05 ')).toBe('-1000.05');
    expect(normaliseDate('2024-02-30')).toBe('2024-02-30');
    expect(normaliseDate('1.2.2024')).toBe('2024-02-01');
  });

  it('keeps formula-like text as text (exports neutralise it) and quoted delimiters inside a field', () => {
    const read = readCostItemCsv(
      'category,amount,date,supplier\nother,1,2024-01-01,"=HYPERLINK(""x""), AG"\n',
    );
    expect(read.ok && read.rows[0].body.supplier).toBe('=HYPERLINK("x"), AG');
  });

  it('refuses a file without the required columns, an empty file, and one too large', () => {
    expect(readCostItemCsv('category;date\nother;2024-01-01\n')).toEqual({
      ok: false,
      message:
        'The header must name the columns category, amount, date (missing: amount); optional: vat, supplier, note',
    });
    expect(readCostItemCsv('\uFEFF\r\n \r\n')).toEqual({ ok: false, message: 'The file is empty' });
    expect(readCostItemCsv('x'.repeat(MAX_COST_CSV_BYTES + 1))).toEqual({
      ok: false,
      message: 'The file is larger than 1024 KB',
    });
  });
});
