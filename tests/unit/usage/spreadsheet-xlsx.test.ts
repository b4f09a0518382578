import { readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { DomainError } from '../../../src/common/errors';
import { openUsageSpreadsheet, type UsageSpreadsheet } from '../../../src/usage/spreadsheet-import';
import { importAll, NOW, tempFolder, writeWorkbook } from './support/files';

const folder = tempFolder();
afterAll(() => folder.cleanup());

const GUIDE_HEADER = [
  'DeviceId',
  'eGroup',
  'eId',
  'Dtu',
  'DtDevice',
  'SrcIp',
  'EventRef',
  'IntCounter',
  'IntCounter2',
  'IntCounter3',
  'IntCounter4',
  'IntCounter5',
  'Temperature',
  'EventDataJ',
];

/**
 * The guide's example table, as its text reads:
 *
 *   DeviceId | eGroup | eId | Dtu | DtDevice | SrcIp | EventRef | IntCounter | IntCounter2 | … | EventDataJ |
 *   myDevice1 | 12-jun-2021 14:31 | tick-1718273 | 301 | ||||||||||
 *   myDevice1 | 12-jun-2021 15:01 | tick-1718274 | 305 | ||||||||||
 *   XY876 | 12-jun-2022 15:22 | 12-jun-2021 17:22 | 10.50.190.201 | BS-1792(Alpha) ICS.14 | 82885 | 9182727 | 2307 | 56 |
 *
 * The text extraction dropped the positions of empty cells (rows 1–2 list their four
 * values first and all fourteen separators after), so each value is placed by what
 * it is, keeping the left-to-right order of the header:
 * - myDevice1 rows: DeviceId; the date is the first date column, Dtu; "tick-…" is
 *   EventRef; 301/305 is IntCounter.
 * - XY876 row: DeviceId; two dates in header order, Dtu 12-jun-2022 15:22 then
 *   DtDevice 12-jun-2021 17:22 (a device clock a year off — Dt is the device's word,
 *   Dtu the recorder's); SrcIp 10.50.190.201; EventRef "BS-1792(Alpha) ICS.14";
 *   then four numbers in the next four columns, IntCounter … IntCounter4.
 * - No row carries eGroup or eId (the colour coding that marked required cells was
 *   lost). As printed, the rows are therefore rejected; an upload naming the file's
 *   eGroup and eId (option `defaults`) accepts them.
 */
const GUIDE_ROWS: Array<Record<string, unknown>> = [
  { DeviceId: 'myDevice1', Dtu: '12-jun-2021 14:31', EventRef: 'tick-1718273', IntCounter: 301 },
  { DeviceId: 'myDevice1', Dtu: '12-jun-2021 15:01', EventRef: 'tick-1718274', IntCounter: 305 },
  {
    DeviceId: 'XY876',
    Dtu: '12-jun-2022 15:22',
    DtDevice: '12-jun-2021 17:22',
    SrcIp: '10.50.190.201',
    EventRef: 'BS-1792(Alpha) ICS.14',
    IntCounter: 82885,
    IntCounter2: 9182727,
    IntCounter3: 2307,
    IntCounter4: 56,
  },
];

function guideSheet(sheet: ExcelJS.Worksheet) {
  sheet.addRow(GUIDE_HEADER);
  for (const row of GUIDE_ROWS) sheet.addRow(GUIDE_HEADER.map((column) => row[column] ?? null));
}

describe('the guide example table (xlsx)', () => {
  it('as printed, each row is rejected for its missing eGroup and eId, naming the cells', async () => {
    const path = await writeWorkbook(folder.path('guide-as-printed.xlsx'), guideSheet);
    const { outcomes, report } = await importAll(path);
    expect(outcomes.map((o) => o.row)).toEqual([2, 3, 4]);
    expect(outcomes[0].error).toBe('eGroup (B2) is required; eId (C2) is required');
    expect(outcomes.every((o) => o.record === undefined)).toBe(true);
    expect(report).toMatchObject({
      format: 'xlsx',
      sheetName: 'Usage',
      headerRow: 1,
      dataRows: 3,
      rejectedRows: 3,
      finished: true,
    });
    expect(report.warnings).toEqual([]);
  });

  it('with the file-wide eGroup and eId chosen at upload, gives the three records', async () => {
    const path = await writeWorkbook(folder.path('guide.xlsx'), guideSheet);
    const { outcomes, report } = await importAll(path, { defaults: { eGroup: 'COPIER', eId: 'Monthly' } });
    expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined, undefined]);
    const [first, second, third] = outcomes.map((o) => o.record!);
    expect(first).toMatchObject({
      deviceId: 'myDevice1',
      eGroup: 'COPIER',
      eId: 'Monthly',
      dtu: '2021-06-12T14:31:00.000Z',
      dtuFromServer: false,
      eventRef: 'tick-1718273',
      intCounter: '301',
      dtLocal: null,
      srcIp: null,
    });
    expect(second).toMatchObject({
      dtu: '2021-06-12T15:01:00.000Z',
      eventRef: 'tick-1718274',
      intCounter: '305',
    });
    expect(third).toEqual({
      eGroup: 'COPIER',
      eId: 'Monthly',
      deviceId: 'XY876',
      eventRef: 'BS-1792(Alpha) ICS.14',
      dtu: '2022-06-12T15:22:00.000Z',
      dtuFromServer: false,
      dtText: '12-jun-2021 17:22',
      dtLocal: '2021-06-12T17:22:00.000',
      srcIp: '10.50.190.201',
      intCounter: '82885',
      intCounter2: '9182727',
      intCounter3: '2307',
      intCounter4: '56',
      intCounter5: null,
      temperature: null,
      eventData: null,
      badge: null,
    });
    expect(report.columns.map((c) => `${c.column}:${c.field}`)).toEqual([
      'A:deviceId',
      'B:eGroup',
      'C:eId',
      'D:dtu',
      'E:dt',
      'F:srcIp',
      'G:eventRef',
      'H:intCounter',
      'I:intCounter2',
      'J:intCounter3',
      'K:intCounter4',
      'L:intCounter5',
      'M:temperature',
      'N:eventData',
    ]);
    expect(report.acceptedRows).toBe(3);
  });

  it('a cell in the row wins over the file-wide value, and bad file-wide values are refused up front', async () => {
    const path = await writeWorkbook(folder.path('guide-override.xlsx'), (sheet) => {
      sheet.addRow(['DeviceId', 'eGroup', 'eId']);
      sheet.addRow(['d1', 'OWN', null]);
    });
    const { outcomes } = await importAll(path, { defaults: { eGroup: 'COPIER', eId: 'Monthly' } });
    expect(outcomes[0].record).toMatchObject({ eGroup: 'OWN', eId: 'Monthly' });
    await expect(openUsageSpreadsheet(path, { now: NOW, defaults: { eGroup: '1COPIER' } })).rejects.toThrow(
      'The eGroup chosen for the whole file must start with a letter (A–Z): values starting with a digit are reserved to the system (got "1COPIER")',
    );
  });
});

describe('xlsx cells', () => {
  it('reads Excel date cells, text dates and serial numbers in date columns, in the 1900 system', async () => {
    const path = await writeWorkbook(folder.path('dates.xlsx'), (sheet) => {
      sheet.addRow(['eGroup', 'eId', 'DeviceId', 'Dtu', 'DtDevice']);
      sheet.addRow([
        'G',
        'e',
        'date-cells',
        new Date(Date.UTC(2021, 5, 12, 14, 31)),
        new Date(Date.UTC(2021, 5, 12, 16, 31, 5)),
      ]);
      sheet.getCell('D2').numFmt = 'dd-mmm-yyyy hh:mm';
      sheet.getCell('E2').numFmt = 'yyyy-mm-dd hh:mm:ss';
      sheet.addRow(['G', 'e', 'serials', 44359.60486111111, 44359]);
      sheet.addRow(['G', 'e', 'text', '2021-06-12T14:31:00+02:00', '12-JUN-2021 14:31']);
      sheet.addRow(['G', 'e', 'not-a-date', 12, 'soon']);
      sheet.addRow(['G', 'e', 'a-year', 2021, null]);
    });
    const { outcomes } = await importAll(path);
    expect(outcomes[0].record).toMatchObject({
      dtu: '2021-06-12T14:31:00.000Z',
      dtLocal: '2021-06-12T16:31:05.000',
    });
    expect(outcomes[1].record).toMatchObject({
      dtu: '2021-06-12T14:31:00.000Z',
      dtLocal: '2021-06-12T00:00:00.000',
    });
    expect(outcomes[2].record).toMatchObject({
      dtu: '2021-06-12T12:31:00.000Z',
      dtText: '12-JUN-2021 14:31',
      dtLocal: '2021-06-12T14:31:00.000',
    });
    expect(outcomes[3].error).toBe(
      'Dtu (D5) holds the number 12, which is not a date (expected a date like 12-jun-2021 14:31); ' +
        'DtDevice (E5) must be a date and time like 2021-06-12T14:31:00Z or 12-jun-2021 14:31 (got "soon")',
    );
    // 2021 as a serial is 13-Jul-1905: a number typed into a date column, not a date.
    expect(outcomes[4].error).toBe(
      'Dtu (D6) holds the number 2021, which is not a date (expected a date like 12-jun-2021 14:31)',
    );
  });

  it('reads the 1904 date system when the workbook uses it', async () => {
    const path = await writeWorkbook(folder.path('dates-1904.xlsx'), (sheet, workbook) => {
      workbook.properties.date1904 = true;
      sheet.addRow(['eGroup', 'eId', 'DeviceId', 'Dtu', 'DtDevice']);
      sheet.addRow(['G', 'e', 'd', new Date(Date.UTC(2021, 5, 12, 14, 31)), 42897.60486111111]);
      sheet.getCell('D2').numFmt = 'dd-mmm-yyyy hh:mm';
    });
    const { outcomes } = await importAll(path);
    expect(outcomes[0].record).toMatchObject({
      dtu: '2021-06-12T14:31:00.000Z',
      dtLocal: '2021-06-12T14:31:00.000',
    });
  });

  it('uses the cached result of formulas — including 0, shared formulas, text and date results', async () => {
    const path = await writeWorkbook(folder.path('formulas.xlsx'), (sheet) => {
      sheet.addRow(['eGroup', 'eId', 'DeviceId', 'EventRef', 'IntCounter', 'IntCounter2', 'Dtu']);
      sheet.addRow([
        'G',
        'e',
        'd',
        { formula: '"r-"&ROW()', result: 'r-2' },
        300,
        { formula: 'E2-E2', result: 0 },
        null,
      ]);
      sheet.addRow([
        'G',
        'e',
        'd',
        'r-3',
        301,
        null,
        { formula: 'DATE(2021,6,12)+TIME(14,31,0)', result: 44359.60486111111 },
      ]);
      sheet.addRow(['G', 'e', 'd', 'r-4', 302, null, null]);
      sheet.fillFormula('F3:F4', 'E3*2', [602, 604]);
      sheet.getCell('G3').numFmt = 'dd-mmm-yyyy hh:mm';
    });
    const { outcomes } = await importAll(path);
    expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[0].record).toMatchObject({ eventRef: 'r-2', intCounter: '300', intCounter2: '0' });
    expect(outcomes[1].record).toMatchObject({ intCounter2: '602', dtu: '2021-06-12T14:31:00.000Z' });
    expect(outcomes[2].record).toMatchObject({ intCounter2: '604' });
  });

  it('rejects a row with an error cell or a formula error, naming the cell; other rows go on', async () => {
    const path = await writeWorkbook(folder.path('errors.xlsx'), (sheet) => {
      sheet.addRow(['eGroup', 'eId', 'DeviceId', 'IntCounter', 'Temperature']);
      sheet.addRow(['G', 'e', 'ok-before', 1, 20]);
      sheet.addRow(['G', 'e', 'div0', { formula: 'D2/0', result: { error: '#DIV/0!' } }, 20]);
      sheet.addRow([{ error: '#REF!' }, 'e', 'ref-error', 3, 20]);
      sheet.addRow(['G', 'e', 'no-result', 4, { formula: 'E2+1' }]);
      sheet.addRow(['G', 'e', 'ok-after', 5, 21.5]);
    });
    const { outcomes, report } = await importAll(path);
    expect(outcomes.map((o) => [o.row, o.error])).toEqual([
      [2, undefined],
      [
        3,
        'IntCounter (D3) holds a formula (=D2/0) whose result is an Excel error (such as #DIV/0! or #REF!)',
      ],
      [4, 'eGroup (A4) holds the Excel error #REF!'],
      [
        5,
        'Temperature (E5) holds a formula (=E2+1) without a saved result; open the file in Excel and save it again, or paste the values',
      ],
      [6, undefined],
    ]);
    expect(outcomes[4].record).toMatchObject({ deviceId: 'ok-after', temperature: '21.5' });
    expect(report).toMatchObject({ dataRows: 5, acceptedRows: 2, rejectedRows: 3 });
  });

  it('keeps a merged value in its top-left cell only: covered rows are rejected with the range named, and the report warns', async () => {
    const path = await writeWorkbook(folder.path('merged.xlsx'), (sheet) => {
      sheet.addRow(['DeviceId', 'eGroup', 'eId', 'EventRef', 'IntCounter']);
      sheet.addRow(['meter-1', 'G', 'e', 'r1', 10]);
      sheet.addRow(['meter-1', 'G', 'e', 'r2', 11]);
      sheet.addRow(['meter-1', 'G', 'e', 'r3', 12]);
      sheet.mergeCells('A3:A4');
      sheet.mergeCells('D2:E2'); // across columns: IntCounter E2 becomes empty, which is allowed
    });
    const { outcomes, report } = await importAll(path);
    expect(outcomes[0].record).toMatchObject({ deviceId: 'meter-1', eventRef: 'r1', intCounter: null });
    expect(outcomes[1].record).toMatchObject({ deviceId: 'meter-1', eventRef: 'r2' });
    expect(outcomes[2].error).toBe(
      'DeviceId (A4) is required — the cell is inside the merged range A3:A4, whose value is only in A3; unmerge the cells and fill in every row',
    );
    expect(report.warnings).toEqual([
      'Merged cells D2:E2, A3:A4: only the top-left cell of a merged range holds a value; the other cells are read as empty (values are not copied into them)',
    ]);
  });

  it('skips and counts empty rows — absent ones and formatted ones — and keeps Excel row numbers', async () => {
    const path = await writeWorkbook(folder.path('empty-rows.xlsx'), (sheet) => {
      sheet.getCell('A3').value = 'DeviceId'; // header on row 3, two blank rows above it
      sheet.getCell('B3').value = 'eGroup';
      sheet.getCell('C3').value = 'eId';
      sheet.getRow(4).values = ['d4', 'G', 'e'];
      sheet.getCell('A6').numFmt = '0.00'; // row 6 exists in the file, formatted but empty
      sheet.getCell('B6').value = '   '; // whitespace only
      sheet.getRow(9).values = ['d9', 'G', 'e'];
      sheet.getCell('C11').numFmt = '@'; // trailing formatted empty row
    });
    const { outcomes, report } = await importAll(path);
    expect(outcomes.map((o) => [o.row, o.record?.deviceId])).toEqual([
      [4, 'd4'],
      [9, 'd9'],
    ]);
    // Empty: 5 (absent), 6 (formatted, whitespace only), 7, 8, 10 (absent), 11 (formatted). Rows 1–2 precede the header.
    expect(report).toMatchObject({ headerRow: 3, dataRows: 2, emptyRows: 6 });
  });

  it('a sheet with only headers gives zero rows, not an error', async () => {
    const path = await writeWorkbook(folder.path('headers-only.xlsx'), (sheet) => sheet.addRow(GUIDE_HEADER));
    const { outcomes, report } = await importAll(path);
    expect(outcomes).toEqual([]);
    expect(report).toMatchObject({ finished: true, dataRows: 0, headerRow: 1 });
  });

  it('takes columns in any order and any case, ignores unknown columns with one warning, and flags unheaded data', async () => {
    const path = await writeWorkbook(folder.path('columns.xlsx'), (sheet) => {
      sheet.addRow(['intcounter', 'Notes', 'DEVICEID', 'Event Ref', 'egroup', 'EID', null, 'Comment']);
      sheet.addRow([7, 'first', 'dev', 'r1', 'G', 'e', 'stray', 'x']);
      sheet.addRow([8, 'second', 'dev', 'r2', 'G', 'e', 'stray', 'y']);
    });
    const { outcomes, report } = await importAll(path);
    expect(outcomes.map((o) => o.record?.intCounter)).toEqual(['7', '8']);
    expect(report.warnings).toEqual([
      'Columns that are not usage-record fields were ignored: "Notes" (B), "Comment" (H)',
      'Column G has values but no header and was ignored',
    ]);
  });

  it('keeps 64-bit counters exact when typed as text, and refuses numbers Excel has already rounded', async () => {
    const path = await writeWorkbook(folder.path('big-counters.xlsx'), (sheet) => {
      sheet.addRow(['eGroup', 'eId', 'DeviceId', 'IntCounter', 'IntCounter2']);
      sheet.addRow(['G', 'e', 'd', '9223372036854775807', 999_999_999_999_999]);
      // eslint-disable-next-line no-loss-of-precision -- a spreadsheet's number cell, rounded as Excel stores it
      sheet.addRow(['G', 'e', 'd', 9223372036854775807, 1.5]);
      sheet.addRow(['G', 'e', 12345, '-9223372036854775809', true]);
    });
    const { outcomes } = await importAll(path);
    expect(outcomes[0].record).toMatchObject({
      intCounter: '9223372036854775807',
      intCounter2: '999999999999999',
    });
    expect(outcomes[1].error).toBe(
      'IntCounter (D3) holds the number 9.22337203685478e+18, which has more digits than Excel keeps exactly (15); ' +
        'format the column as Text and type the value again; IntCounter2 (E3) must be a whole number (got 1.5)',
    );
    expect(outcomes[2].error).toMatch(
      /^IntCounter2 \(E4\) holds TRUE, which is not a value for this column; IntCounter \(D4\) is out of range/,
    );
  });

  it('reads numbers in text columns as Excel shows them, and refuses dates there', async () => {
    const path = await writeWorkbook(folder.path('numbers-as-text.xlsx'), (sheet) => {
      sheet.addRow(['eGroup', 'eId', 'DeviceId', 'EventRef', 'Temperature']);
      sheet.addRow([
        'G',
        2,
        12345,
        { formula: '0.1+0.2', result: 0.30000000000000004 },
        { formula: '0.1+0.2', result: 0.30000000000000004 },
      ]);
      sheet.addRow(['G', 'e', new Date(Date.UTC(2021, 0, 1)), 'r', 1]);
      sheet.getCell('C3').numFmt = 'yyyy-mm-dd';
    });
    const { outcomes } = await importAll(path);
    expect(outcomes[0].record).toMatchObject({
      eId: '2',
      deviceId: '12345',
      eventRef: '0.3',
      temperature: '0.3',
    });
    expect(outcomes[1].error).toBe(
      'DeviceId (C3) holds a date, which is not a value for this column (format the column as Text or General)',
    );
  });

  it('reads the first visible sheet and says the others were not read', async () => {
    const path = folder.path('sheets.xlsx');
    const workbook = new ExcelJS.Workbook();
    const hidden = workbook.addWorksheet('Old');
    hidden.state = 'hidden';
    hidden.addRow(['DeviceId', 'eGroup', 'eId']);
    hidden.addRow(['hidden-device', 'G', 'e']);
    const usage = workbook.addWorksheet('June');
    usage.addRow(['DeviceId', 'eGroup', 'eId']);
    usage.addRow(['june-device', 'G', 'e']);
    workbook.addWorksheet('Notes').addRow(['anything']);
    await workbook.xlsx.writeFile(path);
    const { outcomes, report } = await importAll(path);
    expect(outcomes.map((o) => o.record?.deviceId)).toEqual(['june-device']);
    expect(report.sheetName).toBe('June');
    expect(report.warnings).toEqual([
      'Only the first sheet, "June", was read; the workbook also has "Old", "Notes"',
    ]);
  });

  it('refuses sheets whose header is missing, unusable or ambiguous, before any row', async () => {
    const noRequired = await writeWorkbook(folder.path('no-egroup.xlsx'), (sheet) => {
      sheet.addRow(['DeviceId', 'IntCounter']);
      sheet.addRow(['d', 1]);
    });
    await expect(openUsageSpreadsheet(noRequired, { now: NOW })).rejects.toThrow(
      'The sheet has no eGroup, eId columns: add them, or choose a value for the whole file',
    );
    const notAHeader = await writeWorkbook(folder.path('no-header.xlsx'), (sheet) => {
      sheet.addRow(['Usage export for June']);
      sheet.addRow(['DeviceId', 'eGroup', 'eId']);
    });
    await expect(openUsageSpreadsheet(notAHeader, { now: NOW })).rejects.toThrow(
      /^Row 1 is not a header of usage-record columns: none of its cells names one \(expected DeviceId, eGroup/,
    );
    const twice = await writeWorkbook(folder.path('twice.xlsx'), (sheet) =>
      sheet.addRow(['DeviceId', 'eGroup', 'eId', 'Ref', 'EventRef']),
    );
    await expect(openUsageSpreadsheet(twice, { now: NOW })).rejects.toThrow(
      'Columns D ("Ref") and E ("EventRef") are both eventRef; keep only one',
    );
    const empty = await writeWorkbook(folder.path('empty-sheet.xlsx'), () => undefined);
    await expect(openUsageSpreadsheet(empty, { now: NOW })).rejects.toThrow(/^The file has no header row/);
  });

  it('stops with a 413 at the row limit, after the rows within it', async () => {
    const path = await writeWorkbook(folder.path('many.xlsx'), (sheet) => {
      sheet.addRow(['DeviceId', 'eGroup', 'eId']);
      for (let n = 1; n <= 5; n++) sheet.addRow([`d${n}`, 'G', 'e']);
    });
    const sheet = await openUsageSpreadsheet(path, { now: NOW, maxRows: 3 });
    const seen: number[] = [];
    let failure: unknown;
    try {
      for await (const outcome of sheet) seen.push(outcome.row);
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([2, 3, 4]);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).kind).toBe('too-large');
    expect((failure as DomainError).message).toBe(
      'The file has more than 3 data rows; split it into files of at most 3 rows',
    );
    expect(sheet.report.finished).toBe(false);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const path = await writeWorkbook(folder.path('size.xlsx'), guideSheet);
    const error = await openUsageSpreadsheet(path, { now: NOW, maxFileBytes: 1000 }).catch(
      (e: DomainError) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('too-large');
    expect((error as DomainError).message).toMatch(
      /^The file is \d+\.\d KB; at most 1000 bytes can be imported/,
    );
  });

  describe('releases what it holds', () => {
    // exceljs copies sheets that precede the shared strings (the usual order) to temporary files named tmp-<pid>-….
    const ourTempFiles = () =>
      readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`)).length;
    const descriptorsOn = (target: string) =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === target;
        } catch {
          return false;
        }
      }).length;
    /** Streams close their descriptors asynchronously: poll (up to 2 s) for the state, then assert it. */
    const settled = async (check: () => boolean) => {
      for (let attempt = 0; attempt < 200 && !check(); attempt++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      return check();
    };
    let path: string;

    beforeAll(async () => {
      path = folder.path('release.xlsx');
      const workbook = new ExcelJS.Workbook();
      const first = workbook.addWorksheet('Usage');
      first.addRow(['DeviceId', 'eGroup', 'eId', 'EventRef']);
      for (let n = 1; n <= 5_000; n++) first.addRow([`d${n}`, 'G', 'e', `ref-${n}`]);
      workbook.addWorksheet('Second').addRow(['DeviceId', 'eGroup', 'eId']);
      workbook.addWorksheet('Third').addRow(['DeviceId', 'eGroup', 'eId']);
      await workbook.xlsx.writeFile(path);
    });

    it.each([
      ['closed before the first row', async (sheet: UsageSpreadsheet) => sheet.close()],
      [
        'left with break after one row',
        async (sheet: UsageSpreadsheet) => {
          for await (const outcome of sheet) {
            expect(outcome.row).toBe(2);
            break;
          }
        },
      ],
      [
        'read to the end',
        async (sheet: UsageSpreadsheet) => {
          let rows = 0;
          for await (const _ of sheet) rows += 1;
          expect(rows).toBe(5_000);
        },
      ],
    ])('when %s', async (_when, use) => {
      const before = ourTempFiles();
      const sheet = await openUsageSpreadsheet(path, { now: NOW });
      await use(sheet);
      expect(await settled(() => ourTempFiles() === before && descriptorsOn(path) === 0)).toBe(true);
    });
  });

  it('streams: a caller may stop early and close', async () => {
    const path = await writeWorkbook(folder.path('early-stop.xlsx'), (sheet) => {
      sheet.addRow(['DeviceId', 'eGroup', 'eId']);
      for (let n = 1; n <= 50; n++) sheet.addRow([`d${n}`, 'G', 'e']);
    });
    const sheet = await openUsageSpreadsheet(path, { now: NOW });
    for await (const outcome of sheet) {
      expect(outcome.row).toBe(2);
      break;
    }
    await sheet.close();
    expect(sheet.report).toMatchObject({ dataRows: 1, finished: false });
  });
});
