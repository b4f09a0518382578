import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { RawCell } from '../../../src/usage/raw-row';
import { openXlsxRows } from '../../../src/usage/xlsx-rows';
import { tempFolder, writeBytes } from './support/files';

/**
 * The project's own .xlsx reader against exceljs on generated workbooks: exceljs
 * writes a sheet of text, number and boolean cells (with gaps), both read it back,
 * and every cell must be the same. Seeded, so a failure reproduces.
 */
const folder = tempFolder();
afterAll(() => folder.cleanup());

type Value = string | number | boolean | null;

const text = fc.string({
  unit: fc.constantFrom(...'abcXYZ019 -_.,;:/äöüéß€µ³日本'.split('')),
  minLength: 1,
  maxLength: 12,
});
const value: fc.Arbitrary<Value> = fc.oneof(
  text.filter((t) => t.trim() === t && t !== ''),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.boolean(),
  fc.constant(null),
);
const sheet = fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

const asCell = (v: Value): RawCell | undefined =>
  v === null
    ? undefined
    : typeof v === 'string'
      ? { kind: 'text', text: v }
      : typeof v === 'number'
        ? { kind: 'number', value: v }
        : { kind: 'boolean', value: v };

/** Row number → column → cell, as exceljs reads the file. */
async function readWithExceljs(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const rows: [number, Record<number, RawCell>][] = [];
  workbook.worksheets[0].eachRow((row, number) => {
    const cells: Record<number, RawCell> = {};
    row.eachCell((cell, column) => {
      const read = asCell(cell.value as Value);
      if (read) cells[column] = read;
    });
    if (Object.keys(cells).length) rows.push([number, cells]);
  });
  return rows;
}

async function readWithOwnReader(path: string) {
  const source = await openXlsxRows(path);
  const rows: [number, Record<number, RawCell>][] = [];
  for await (const row of source.rows)
    if (row.cells.size) rows.push([row.number, Object.fromEntries(row.cells)]);
  return rows;
}

it('reads every generated workbook cell for cell as exceljs does', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(sheet, async (values) => {
      const workbook = new ExcelJS.Workbook();
      const worksheet = workbook.addWorksheet('Generated');
      values.forEach((row, r) => {
        row.forEach((v, c) => {
          if (v !== null) worksheet.getCell(r + 1, c + 1).value = v;
        });
      });
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      const path = writeBytes(folder.path(`generated-${run++ % 4}.xlsx`), bytes);
      const expected = await readWithExceljs(bytes);
      // The generator's own view agrees with exceljs's, so the comparison is not vacuous.
      expect(expected.flatMap(([, cells]) => Object.values(cells)).length).toBe(
        values.flat().filter((v) => v !== null).length,
      );
      expect(await readWithOwnReader(path)).toEqual(expected);
    }),
    { numRuns: 60, seed: 14 },
  );
});
