import { DomainError } from '../../../src/common/errors';
import { decodeWindows1252, sniffDelimiter } from '../../../src/usage/csv-rows';
import { openUsageSpreadsheet } from '../../../src/usage/spreadsheet-import';
import { importAll, NOW, tempFolder, writeBytes } from './support/files';

const folder = tempFolder();
afterAll(() => folder.cleanup());

/** The guide's example table as an Excel "CSV UTF-8" export: BOM, CRLF, commas (see spreadsheet-xlsx.test.ts for the reading). */
const GUIDE_CSV = [
  'DeviceId,eGroup,eId,Dtu,DtDevice,SrcIp,EventRef,IntCounter,IntCounter2,IntCounter3,IntCounter4,IntCounter5,Temperature,EventDataJ',
  'myDevice1,,,12-jun-2021 14:31,,,tick-1718273,301,,,,,,',
  'myDevice1,,,12-jun-2021 15:01,,,tick-1718274,305,,,,,,',
  'XY876,,,12-jun-2022 15:22,12-jun-2021 17:22,10.50.190.201,BS-1792(Alpha) ICS.14,82885,9182727,2307,56,,,',
].join('\r\n');

describe('CSV import', () => {
  it('reads the guide example from a UTF-8 CSV with BOM and CRLF', async () => {
    const path = writeBytes(
      folder.path('guide.csv'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GUIDE_CSV)]),
    );
    const { outcomes, report } = await importAll(path, { defaults: { eGroup: 'COPIER', eId: 'Monthly' } });
    expect(report).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      headerRow: 1,
      acceptedRows: 3,
      warnings: [],
    });
    expect(report.columns[0]).toEqual({ column: 'A', header: 'DeviceId', field: 'deviceId' }); // the BOM is not part of the header
    expect(outcomes.map((o) => o.record?.eventRef)).toEqual([
      'tick-1718273',
      'tick-1718274',
      'BS-1792(Alpha) ICS.14',
    ]);
    expect(outcomes[2].record).toMatchObject({
      dtu: '2022-06-12T15:22:00.000Z',
      dtLocal: '2021-06-12T17:22:00.000',
      srcIp: '10.50.190.201',
      intCounter: '82885',
      intCounter4: '56',
    });
  });

  it('without the file-wide values, rejects the guide rows naming the empty cells', async () => {
    const path = writeBytes(folder.path('guide-as-printed.csv'), GUIDE_CSV);
    const { outcomes } = await importAll(path);
    expect(outcomes.map((o) => o.error)).toEqual([
      'eGroup (B2) is required; eId (C2) is required',
      'eGroup (B3) is required; eId (C3) is required',
      'eGroup (B4) is required; eId (C4) is required',
    ]);
  });

  it('reads a Latin-1 / Windows-1252 file (Excel "CSV" on Western Windows) with ";" and says so', async () => {
    // "\u0080" becomes the byte 0x80, which is "€" in Windows-1252.
    const text =
      'DeviceId;eGroup;eId;EventRef;Temperature\r\nZähler-Küche;WASSER;Ablesung;réf-\u00801;21,5\r\nZähler-Bad;WASSER;Ablesung;réf-2;19.5\r\n';
    const path = writeBytes(folder.path('latin1.csv'), Buffer.from(text, 'latin1'));
    const { outcomes, report } = await importAll(path);
    expect(report).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(report.warnings).toEqual([
      'The file is not valid UTF-8, so it was read as Windows-1252 (Latin-1); check accented text',
    ]);
    // With ";" between values, "," is the decimal mark (Excel's CSV across most of Europe).
    expect(outcomes[0].record).toMatchObject({
      deviceId: 'Zähler-Küche',
      eGroup: 'WASSER',
      eventRef: 'réf-€1',
      temperature: '21.5',
    });
    expect(outcomes[1].record).toMatchObject({
      deviceId: 'Zähler-Bad',
      eventRef: 'réf-2',
      temperature: '19.5',
    });
  });

  it('honours Excel\'s "sep=" hint line without counting it as a row; decimal commas never make counters', async () => {
    const path = writeBytes(
      folder.path('sep-hint.csv'),
      'sep=;\nDeviceId;eGroup;eId;Temperature;IntCounter\nd,1;G;e;-0,25;1,5\n',
    );
    const { outcomes, report } = await importAll(path);
    expect(report).toMatchObject({ delimiter: ';', headerRow: 1 });
    expect(outcomes).toEqual([
      { row: 2, error: 'IntCounter (E2) must be a whole number written with digits only (got "1,5")' },
    ]);
    const comma = writeBytes(
      folder.path('comma-temp.csv'),
      'DeviceId,eGroup,eId,Temperature\nd,G,e,"21,5"\n',
    );
    expect((await importAll(comma)).outcomes[0].error).toBe(
      'Temperature (D2) must be a decimal number like 21.5 or -3.25 (got "21,5")',
    );
  });

  it('decodes all of Windows-1252, including the bytes where it differs from ISO-8859-1', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x8a, 0x9f, 0xe9, 0x41]))).toBe('€ŠŸéA');
  });

  it('judges UTF-8 by the whole file: one Latin-1 byte in the last row switches the encoding', async () => {
    const rows = ['DeviceId,eGroup,eId', ...Array.from({ length: 20_000 }, (_, n) => `dév-${n},G,e`)];
    const utf8 = Buffer.from(`${rows.join('\n')}\n`);
    const path = writeBytes(
      folder.path('late-latin1.csv'),
      Buffer.concat([utf8, Buffer.from('caf\xe9,G,e\n', 'latin1')]),
    );
    const { outcomes, report } = await importAll(path);
    expect(report.encoding).toBe('windows-1252');
    expect(outcomes.at(-1)?.record?.deviceId).toBe('café');
    const clean = writeBytes(folder.path('all-utf8.csv'), utf8);
    const { outcomes: cleanOutcomes, report: cleanReport } = await importAll(clean);
    expect(cleanReport.encoding).toBe('utf-8');
    expect(cleanOutcomes[0].record?.deviceId).toBe('dév-0');
    expect(cleanOutcomes).toHaveLength(20_000);
  });

  it('reads Excel "Unicode text": UTF-16LE with BOM and tabs', async () => {
    const text = '\ufeffDeviceId\teGroup\teId\tIntCounter\r\nμετρητής\tG\te\t42\r\n';
    const path = writeBytes(folder.path('unicode.txt'), Buffer.from(text, 'utf16le'));
    const { outcomes, report } = await importAll(path);
    expect(report).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(outcomes[0].record).toMatchObject({ deviceId: 'μετρητής', intCounter: '42' });
  });

  it('handles quoted values with delimiters, quotes and newlines (EventDataJ), and counts empty lines as rows', async () => {
    const text = [
      'DeviceId,eGroup,eId,EventDataJ,IntCounter',
      'd1,G,e,"{""pressure"": 3.2,',
      ' ""unit"": ""bar""}",5',
      '',
      '  ,  ,  ',
      'd2,G,e,"{""a"":1}",9223372036854775807',
      '',
    ].join('\n');
    const path = writeBytes(folder.path('quoted.csv'), text);
    const { outcomes, report } = await importAll(path);
    expect(outcomes).toEqual([
      {
        row: 2,
        record: expect.objectContaining({ eventData: { pressure: 3.2, unit: 'bar' }, intCounter: '5' }),
      },
      { row: 5, record: expect.objectContaining({ eventData: { a: 1 }, intCounter: '9223372036854775807' }) },
    ]);
    expect(report).toMatchObject({ emptyRows: 2, dataRows: 2 });
  });

  it('reads Excel serials exported as text in a date column', async () => {
    const path = writeBytes(
      folder.path('serials.csv'),
      'DeviceId,eGroup,eId,Dtu\nd,G,e,44359.60486111111\nd,G,e,20210612\nd,G,e,2021\n',
    );
    const { outcomes } = await importAll(path);
    expect(outcomes[0].record?.dtu).toBe('2021-06-12T14:31:00.000Z');
    // Digits that are no plausible serial are read as ISO 8601 (basic format, or a year alone).
    expect(outcomes[1].record?.dtu).toBe('2021-06-12T00:00:00.000Z');
    expect(outcomes[2].record?.dtu).toBe('2021-01-01T00:00:00.000Z');
  });

  it('refuses a malformed CSV at the point it breaks, after the good rows', async () => {
    const path = writeBytes(folder.path('unclosed.csv'), 'DeviceId,eGroup,eId\nd1,G,e\nd2,G,"e\n');
    const sheet = await openUsageSpreadsheet(path, { now: NOW });
    const rows: number[] = [];
    const failure = await (async () => {
      for await (const outcome of sheet) rows.push(outcome.row);
    })().catch((error: unknown) => error);
    expect(rows).toEqual([2]);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).message).toBe(
      'A quoted field (") opened in row 3 is never closed, so the rest of the file reads as part of one value. ' +
        'Close the quote and upload the file again; nothing from this file was imported.',
    );
  });

  it('refuses a hostile record larger than 1 MB instead of buffering it', async () => {
    const path = writeBytes(
      folder.path('huge-field.csv'),
      `DeviceId,eGroup,eId\n"${'x'.repeat(2 * 1024 * 1024)}",G,e\n`,
    );
    const sheet = await openUsageSpreadsheet(path, { now: NOW });
    await expect(
      (async () => {
        for await (const _ of sheet) void _;
      })(),
    ).rejects.toThrow(/^The CSV file could not be read after row 1: Max Record Size/);
  });

  it('sniffs the delimiter from the header line, outside quotes', () => {
    expect(sniffDelimiter('DeviceId;eGroup;eId\na,b,c,d,e,f')).toBe(';');
    expect(sniffDelimiter('DeviceId\teGroup\teId')).toBe('\t');
    expect(sniffDelimiter('"Device;Id",eGroup,eId')).toBe(',');
    expect(sniffDelimiter('DeviceId')).toBe(',');
    expect(sniffDelimiter('DeviceId|eGroup|eId\r\nd1|G|1')).toBe('|');
    expect(sniffDelimiter('"Device\nId";eGroup,x;eId\na,b')).toBe(';');
  });
});

describe('what is not a spreadsheet is refused clearly', () => {
  const refusal = async (name: string, bytes: Buffer | string) => {
    const error = await openUsageSpreadsheet(writeBytes(folder.path(name), bytes), { now: NOW }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).message;
  };

  it('random bytes', async () => {
    let seed = 42;
    const random = Buffer.from(
      Buffer.alloc(64 * 1024, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16),
    );
    expect(await refusal('random.bin', random)).toBe(
      'The file is not a spreadsheet: it contains binary data; upload an .xlsx workbook or a CSV file',
    );
  });

  it('a PDF', async () => {
    expect(await refusal('doc.xlsx', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n')).toBe(
      'The file is a PDF document, not a spreadsheet; upload an .xlsx workbook or a CSV file',
    );
  });

  it('an old .xls or password-protected workbook (OLE2)', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    expect(await refusal('old.xls', ole)).toMatch(
      /^The file is an old-format Excel workbook \(\.xls\) or a password-protected one/,
    );
  });

  it('an empty file, and a text file that is not a usage sheet', async () => {
    expect(await refusal('empty.csv', '')).toBe('The file is empty; upload an .xlsx workbook or a CSV file');
    expect(await refusal('blank.csv', '\n\n  \n')).toMatch(/^The file has no header row/);
    expect(await refusal('prose.csv', 'Dear customer, please find attached\n')).toMatch(
      /^Row 1 is not a header of usage-record columns/,
    );
  });
});
