import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { nem12Format, parseFormatOptions, type ParsedRow, type ReadingRow } from '../../../src/formats';
import { bytes, collect, fatalOf, readingsOf, rejectedOf } from './collect';

/** The shared AEMO example files, read in place (CI has ../shared beside the checkout). */
const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/nem12');
const fixture = (name: string) => path.join(FIXTURES, name);

async function parse(input: Readable | string | Buffer, options: Record<string, unknown> = {}) {
  const stream = input instanceof Readable ? input : bytes(input);
  return collect(
    nem12Format.parse(stream, parseFormatOptions(nem12Format, options), { timeZone: 'Europe/Zurich' }),
  );
}
const parseFixture = (name: string, options: Record<string, unknown> = {}) =>
  parse(fs.createReadStream(fixture(name)), options);

/** The interval values of the 300 record on a 1-based line of a fixture, straight from the file text. */
function valuesOnLine(name: string, line: number, intervals: number): string[] {
  const fields = fs.readFileSync(fixture(name), 'utf8').split(/\r?\n/)[line - 1].split(',');
  return fields.slice(2, 2 + intervals);
}

const byStream = (rows: ParsedRow[]) => {
  const groups = new Map<string, ReadingRow[]>();
  for (const row of readingsOf(rows)) {
    const key = `${row.reading.meterNumber}/${row.reading.register}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
};

describe('nem12 format: the AEMO example files', () => {
  it('Example_NEM12_actual_interval: two 30-minute streams of one day', async () => {
    const rows = await parseFixture('Example_NEM12_actual_interval.csv');
    // 2 data streams (E1 kWh, Q1 kVArh) × 1 day × 1440/30 = 48 intervals = 96 readings, nothing rejected.
    expect(rows).toHaveLength(96);
    expect(readingsOf(rows)).toHaveLength(96);
    const streams = byStream(rows);
    expect([...streams.keys()]).toEqual(['METSER123/E1', 'METSER123/Q1']);

    const e1 = streams.get('METSER123/E1')!;
    // Interval 1 of 2004-02-01 ends 00:30 NEM time (UTC+10) = 2004-01-31T14:30Z.
    expect(e1[0]).toEqual({
      kind: 'reading',
      line: 3,
      reading: {
        meterNumber: 'METSER123',
        register: 'E1',
        readingAt: new Date('2004-01-31T14:30:00Z'),
        value: '1.111',
        readingKind: 'interval',
        unit: 'kWh',
        quality: 'A',
        nmi: 'VABD000163',
      },
    });
    // Interval 48 ends at midnight, 2004-02-02 00:00 +10 = 2004-02-01T14:00Z.
    expect(e1[47].reading.readingAt).toEqual(new Date('2004-02-01T14:00:00Z'));

    const q1 = streams.get('METSER123/Q1')!;
    expect(
      q1.every(
        (r) =>
          r.line === 5 &&
          r.reading.value === '2.222' &&
          r.reading.unit === 'kVArh' &&
          r.reading.quality === 'A',
      ),
    ).toBe(true);
    expect(q1.map((r) => r.reading.value)).toEqual(valuesOnLine('Example_NEM12_actual_interval.csv', 5, 48));
  });

  it('Example_NEM12_multiple_meters: six 15-minute streams on four meters over two days', async () => {
    const rows = await parseFixture('Example_NEM12_multiple_meters.csv');
    // 6 data streams × 2 days × 1440/15 = 96 intervals = 1152 readings.
    expect(rows).toHaveLength(1152);
    const streams = byStream(rows);
    expect(
      [...streams.entries()].map(([key, list]) => [
        key,
        list.length,
        list[0].reading.unit,
        list[0].reading.value,
      ]),
    ).toEqual([
      ['METSER123/E1', 192, 'Wh', '10'],
      ['METSER123/B1', 192, 'Wh', '10'],
      ['METSER123/Q1', 192, 'VArh', '50'],
      ['METSER456/E2', 192, 'Wh', '100'],
      ['METSER991/B1', 192, 'Wh', '20'],
      ['METSER992/K2', 192, 'VArh', '50'],
    ]);
    const e2 = streams.get('METSER456/E2')!;
    expect(e2[0].reading).toMatchObject({ nmi: 'NCDE001111', readingAt: new Date('2003-12-03T14:15:00Z') }); // 2003-12-04 00:15 +10
    expect(e2[96]).toMatchObject({ line: 13, reading: { readingAt: new Date('2003-12-04T14:15:00Z') } }); // day 2, interval 1
    expect(e2[191].reading.readingAt).toEqual(new Date('2003-12-05T14:00:00Z')); // 2003-12-06 00:00 +10
    expect(e2.map((r) => r.reading.value)).toEqual([
      ...valuesOnLine('Example_NEM12_multiple_meters.csv', 12, 96),
      ...valuesOnLine('Example_NEM12_multiple_meters.csv', 13, 96),
    ]);
    // The file ends with "900" and no line break: that still counts as the end record.
    expect(rejectedOf(rows)).toEqual([]);
  });

  it('matches by NMI when configured: two meters, the suffix stays the register', async () => {
    const streams = byStream(await parseFixture('Example_NEM12_multiple_meters.csv', { meterKey: 'nmi' }));
    expect([...streams.keys()]).toEqual([
      'NCDE001111/E1',
      'NCDE001111/B1',
      'NCDE001111/Q1',
      'NCDE001111/E2',
      'NDDD001888/B1',
      'NDDD001888/K2',
    ]);
  });

  it('Example_NEM12_multiple_quality: per-interval quality from the 400 records of a V day', async () => {
    const rows = await parseFixture('Example_NEM12_multiple_quality.csv');
    // 1 data stream × 1 day × 1440/30 = 48 readings; 400s: 1–20 F14, 21–24 A, 25–48 S14 (20 + 4 + 24 = 48).
    expect(rows).toHaveLength(48);
    const readings = readingsOf(rows).map((r) => r.reading);
    expect(readings.map((r) => r.quality).join('')).toBe('F'.repeat(20) + 'A'.repeat(4) + 'S'.repeat(24));
    // Chosen intervals against the file text: 1 = 18.023, 20 = 19.327 (last F), 21 = 21.424 (first A),
    // 24 = 18.416, 25 = 16.666 (first S), 48 = 14.733; "19.150" keeps its trailing zero.
    expect([0, 1, 19, 20, 23, 24, 47].map((i) => [i + 1, readings[i].value, readings[i].quality])).toEqual([
      [1, '18.023', 'F'],
      [2, '19.150', 'F'],
      [20, '19.327', 'F'],
      [21, '21.424', 'A'],
      [24, '18.416', 'A'],
      [25, '16.666', 'S'],
      [48, '14.733', 'S'],
    ]);
    expect(readings.map((r) => r.value)).toEqual(valuesOnLine('Example_NEM12_multiple_quality.csv', 3, 48));
    expect(readings[23].readingAt).toEqual(new Date('2004-04-17T02:00:00Z')); // interval 24 ends 2004-04-17 12:00 +10
  });

  it('Example_NEM12_substituted_interval: F-quality days with changing values', async () => {
    const rows = await parseFixture('Example_NEM12_substituted_interval.csv');
    // 2 data streams × 1 day × 48 = 96 readings, all F (final substitute, method 14).
    expect(rows).toHaveLength(96);
    const q1 = byStream(rows)
      .get('METSER223/Q1')!
      .map((r) => r.reading);
    expect(q1.every((r) => r.quality === 'F' && r.unit === 'kVArh')).toBe(true);
    // Q1: intervals 1–16 = 34.567, 17–28 = 22.123, 29–48 = 2311.765 (16 + 12 + 20 = 48).
    expect(q1.map((r) => r.value)).toEqual([
      ...Array(16).fill('34.567'),
      ...Array(12).fill('22.123'),
      ...Array(20).fill('2311.765'),
    ]);
    expect(q1.map((r) => r.value)).toEqual(valuesOnLine('Example_NEM12_substituted_interval.csv', 5, 48));
  });

  it('Example_NEM13_consumption_data: previous and current register reads as cumulative readings', async () => {
    const rows = await parseFixture('Example_NEM13_consumption_data.csv');
    // One 250 record = previous read + current read = 2 readings.
    expect(rows).toEqual([
      {
        kind: 'reading',
        line: 2,
        reading: {
          meterNumber: 'METSER123',
          register: '11',
          readingAt: new Date('2003-10-04T23:30:55Z'), // 2003-10-05 09:30:55 +10
          value: '6342.8', // written 006342.8
          readingKind: 'cumulative',
          unit: 'kWh',
          quality: 'A',
          nmi: 'VABC005890',
        },
      },
      {
        kind: 'reading',
        line: 2,
        reading: {
          meterNumber: 'METSER123',
          register: '11',
          readingAt: new Date('2004-01-07T00:03:33Z'), // 2004-01-07 10:03:33 +10
          value: '7654.9', // 7654.9 − 6342.8 = 1312.1, the record's quantity
          readingKind: 'cumulative',
          unit: 'kWh',
          quality: 'A',
          nmi: 'VABC005890',
        },
      },
    ]);
  });

  it('invalid_missing_header: rejects the missing 100 header and still loads the data', async () => {
    const rows = await parseFixture('invalid_missing_header.csv');
    // Line 1 is blank; line 2 is a 200 record. The 2 × 48 = 96 readings still load.
    expect(rejectedOf(rows)).toEqual([
      {
        kind: 'rejected',
        line: 2,
        recordType: '100',
        raw: '200,VABD000163,E1Q1,1,E1,N1,METSER123,kWh,30,',
        error:
          'The file has no 100 header record (it starts with a 200 record); it was read as NEM12. Check that the file is complete.',
      },
    ]);
    expect(readingsOf(rows)).toHaveLength(96);
    expect(fatalOf(rows)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made hostile files.

const HEADER = '100,NEM12,202401010000,MDA1,RET1';
const STREAM = '200,NMI0000001,E1,1,E1,N1,SER1,kWh,30,';
const END = '900';
const values = (n: number, value: (i: number) => string = (i) => `${i}.5`) =>
  Array.from({ length: n }, (_, i) => value(i + 1));
const day = (date: string, vals: string[], quality = 'A') =>
  `300,${date},${vals.join(',')},${quality},,,20240102000000,`;
const file = (...lines: string[]) => lines.join('\r\n') + '\r\n';
const errors = (rows: ParsedRow[]) => rejectedOf(rows).map((r) => `${r.line} [${r.recordType}] ${r.error}`);

describe('nem12 format: hostile and malformed files', () => {
  it('maps a hand-made day exactly: 48 readings at interval ends, in market time', async () => {
    const rows = await parse(file(HEADER, STREAM, day('20240101', values(48)), END));
    const readings = readingsOf(rows);
    expect(readings).toHaveLength(48);
    expect(readings[0].reading).toMatchObject({ value: '1.5', readingAt: new Date('2023-12-31T14:30:00Z') });
    expect(readings[47].reading).toMatchObject({
      value: '48.5',
      readingAt: new Date('2024-01-01T14:00:00Z'),
    });
    // Another market zone shifts the stamps (option), not the values.
    const utc = readingsOf(
      await parse(file(HEADER, STREAM, day('20240101', values(48)), END), { timeZone: 'UTC' }),
    );
    expect(utc[0].reading.readingAt).toEqual(new Date('2024-01-01T00:30:00Z'));
  });

  it('reads 5-minute data: 288 intervals a day', async () => {
    const stream5 = '200,NMI0000001,E1,1,E1,N1,SER1,KWH,5,';
    const rows = await parse(
      file(
        HEADER,
        stream5,
        day(
          '20240101',
          values(288, () => '0.001'),
        ),
        END,
      ),
    );
    expect(readingsOf(rows)).toHaveLength(288);
    expect(readingsOf(rows)[0].reading).toMatchObject({
      unit: 'kWh',
      readingAt: new Date('2023-12-31T14:05:00Z'),
    });
  });

  it('rejects a 300 whose value count does not fit the interval length', async () => {
    const rows = await parse(
      file(
        HEADER,
        STREAM,
        day('20240101', values(47)),
        day('20240102', values(49)),
        day('20240103', values(48)),
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '3 [300] The 300 record has 47 interval values, but with 30-minute intervals a day has 48 (a 300 record has 55 fields, this one has 54)',
      '4 [300] The 300 record has 49 interval values, but with 30-minute intervals a day has 48 (a 300 record has 55 fields, this one has 56)',
    ]);
    expect(readingsOf(rows)).toHaveLength(48); // the good day still loads
  });

  it('rejects a 300 before any 200, and the 300s of a rejected 200', async () => {
    const rows = await parse(
      file(
        HEADER,
        day('20240101', values(48)),
        '200,NMI0000001,E1,1,E1,N1,SER1,kWh,30',
        day('20240101', values(48)),
        STREAM,
        day('20240101', values(48)),
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '2 [300] A 300 record before any 200 record: the file does not say which meter and register it belongs to',
      '3 [200] A 200 (NMI data details) record has 10 fields, this one has 9',
      '4 [300] This 300 record belongs to the 200 record on line 3, which was rejected',
    ]);
    expect(readingsOf(rows)).toHaveLength(48);
  });

  it('rejects bad 200 details: interval length, NMI, suffix, unit', async () => {
    const rows = await parse(
      file(
        HEADER,
        '200,NMI0000001,E1,1,E1,N1,SER1,kWh,7,',
        '200,SHORT,E1,1,E1,N1,SER1,kWh,30,',
        '200,NMI0000001,E1,1,E1X,N1,SER1,kWh,30,',
        '200,NMI0000001,E1,1,E1,N1,SER1,,30,',
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '2 [200] The interval length "7" is not one of 1, 5, 10, 15, 30, 60 minutes',
      '3 [200] The NMI "SHORT" is not 10 letters or digits',
      '4 [200] The NMI suffix "E1X" is not two letters or digits (e.g. E1, B1, Q1, 11)',
      '5 [200] The unit of measure (UOM) is empty',
    ]);
  });

  it('checks the NMI, suffix and serial with the rules every format shares, naming the rule', async () => {
    const rows = await parse(
      file(
        HEADER,
        '200,NMI000\u200b0001,E1,1,E1,N1,SER1,kWh,30,',
        '200,NMI0000001,E1,1,=1,N1,SER1,kWh,30,',
        '200,NMI0000001,E1,1,E1,N1,SER\u200b1,kWh,30,',
        '200,NMI0000001,E1,1,E1,N1,SER\u00071,kWh,30,',
        '200,NMI0000001,E1,1,E1,N1,SER\u20281,kWh,30,',
        '200,NMI0000001,E1,1,E1,N1,SER1,kWh,30,',
        day('20240101', values(48)),
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '2 [200] The NMI contains a control or invisible character (U+200B); only printable characters are allowed',
      '3 [200] The NMI suffix must be 1–32 letters, digits or . _ : - (got "=1")',
      '4 [200] The meter serial number contains a control or invisible character (U+200B); only printable characters are allowed',
      '5 [200] The meter serial number contains a control or invisible character (U+0007); only printable characters are allowed',
      '6 [200] The meter serial number contains a control or invisible character (U+2028); only printable characters are allowed',
    ]);
    // The well-formed stream after them is read as usual.
    expect(readingsOf(rows)).toHaveLength(48);
    expect(readingsOf(rows)[0].reading.meterNumber).toBe('SER1');
  });

  it("checks a 250 record's serial the same way (NEM13)", async () => {
    const rows = await parse(
      file(
        '100,NEM13,202401010000,MDA1,RET1',
        '250,VABC005890,11,1,11,11,MET\u200bSER123,E,006342.8,20031005093055,A,,,007654.9,20040107100333,A,,,1312.1,kWh,20040407,20040108100333,20040108091133',
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '2 [250] The meter serial number contains a control or invisible character (U+200B); only printable characters are allowed',
    ]);
  });

  it('rejects single bad intervals but keeps the rest of the day', async () => {
    const vals = values(48);
    vals[4] = 'abc';
    vals[9] = '-1.5';
    vals[14] = '';
    const rows = await parse(file(HEADER, STREAM, day('20240101', vals), END));
    expect(errors(rows)).toEqual([
      '3 [300] Interval 5 (ending 02:30): "abc" is not a number',
      '3 [300] Interval 10 (ending 05:00): -1.5 is negative: interval energy is never negative (export has its own register)',
      '3 [300] Interval 15 (ending 07:30): The value is empty',
    ]);
    expect(readingsOf(rows)).toHaveLength(45);
  });

  it('rejects impossible dates and unknown quality flags', async () => {
    const rows = await parse(
      file(
        HEADER,
        STREAM,
        day('20230229', values(48)),
        day('2024011', values(48)),
        day('20240101', values(48), 'X'),
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '3 [300] The interval date: "20230229" is not a real date',
      '4 [300] The interval date: "2024011" is not a date in the form CCYYMMDD',
      '5 [300] The quality "X" is not a quality flag (A, E, F, N, S or V, optionally followed by a two-digit method, e.g. F14)',
    ]);
  });

  it('checks 400 records: only after a V day, in range, without overlaps, covering every interval', async () => {
    const rows = await parse(
      file(
        HEADER,
        STREAM,
        day('20240101', values(48)),
        '400,1,48,E52,,',
        day('20240102', values(48), 'V'),
        '400,1,10,E52,,',
        '400,5,12,A,,',
        '400,40,49,A,,',
        '400,11,12,V,,',
        '400,13,20,A',
        '400,11,30,S53,1,',
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '4 [400] A 400 record after a 300 record (line 3) whose quality is A, not V: only a V-quality day takes its qualities from 400 records',
      '7 [400] The intervals 5–12 overlap an earlier 400 record of the same day',
      '8 [400] The interval range 40–49 is not within 1–48',
      '9 [400] A 400 record cannot have quality V: it sets the quality of its intervals',
      '10 [400] A 400 (interval event) record has 6 fields, this one has 4',
      "5 [300] Intervals 31–48 have no quality: the 300 record's quality is V (variable), but no 400 record covers them",
    ]);
    const second = readingsOf(rows).filter((r) => r.line === 5);
    expect(second.map((r) => r.reading.quality).join('')).toBe('E'.repeat(10) + 'S'.repeat(20));
  });

  it('skips null (N) intervals unless asked to keep them', async () => {
    const lines = file(
      HEADER,
      STREAM,
      day(
        '20240102',
        values(48, () => '0'),
        'V',
      ),
      '400,1,2,N,,',
      '400,3,48,A,,',
      END,
    );
    expect(readingsOf(await parse(lines))).toHaveLength(46);
    const kept = readingsOf(await parse(lines, { includeNullIntervals: true }));
    expect(kept).toHaveLength(48);
    expect(kept[0].reading).toMatchObject({ quality: 'N', value: '0' });
  });

  it('rejects unknown record types, a missing 900, and data after the 900', async () => {
    const missingEnd = await parse(file(HEADER, STREAM, '350,foo', day('20240101', values(48))));
    expect(errors(missingEnd)).toEqual([
      '3 [350] Unknown record type "350": NEM12/NEM13 records are 100, 200, 300, 400, 500, 250, 550 and 900',
      '4 [900] The file ends without a 900 end record: it may have been cut off in transfer. The records before were read.',
    ]);
    expect(readingsOf(missingEnd)).toHaveLength(48);

    const afterEnd = await parse(file(HEADER, STREAM, END, day('20240101', values(48))));
    expect(errors(afterEnd)).toEqual([
      '4 [300] A record after the 900 end record on line 3: the file has data after its end',
    ]);
    expect(readingsOf(afterEnd)).toHaveLength(0);
  });

  it('refuses record types that belong to the other version', async () => {
    const nem13 = await parse(
      file('100,NEM13,202401010000,MDA1,RET1', STREAM, day('20240101', values(48)), END),
    );
    expect(errors(nem13)).toEqual([
      '2 [200] A 200 record (interval data details) in a NEM13 file: NEM13 carries 250 records',
      '3 [300] A 300 record (interval data) in a NEM13 file: NEM13 carries 250 records',
    ]);
    const basic =
      '250,VABC005890,11,1,11,11,METSER123,E,006342.8,20031005093055,A,,,007654.9,20040107100333,A,,,1312.1,kWh,20040407,20040108100333,20040108091133';
    expect(errors(await parse(file(HEADER, basic, END)))).toEqual([
      '2 [250] A 250 record (basic meter data) in a NEM12 file: NEM12 carries 200/300 records',
    ]);
  });

  it('checks 250 register reads: numbers, dates, sign, and an absent previous read', async () => {
    const basic = (prev: string, prevAt: string, cur: string, curAt: string) =>
      `250,VABC005890,11,1,11,11,,E,${prev},${prevAt},A,,,${cur},${curAt},E64,,,1,KWH,20040407,20040108100333,20040108091133`;
    const rows = await parse(
      file(
        '100,NEM13,202401010000,MDA1,RET1',
        basic('', '', '100.5', '20040107100333'),
        basic('x', '20031005093055', '100.5', '20040107100333'),
        basic('10', '20031005093055', '-5', '20040107100333'),
        basic('10', '20031305093055', '100.5', '20040107100333'),
        '550,,,,',
        END,
      ),
    );
    expect(errors(rows)).toEqual([
      '3 [250] The previous register read: "x" is not a number',
      '4 [250] The current register read -5 is negative: a register read cannot be',
      '5 [250] The previous register read\'s date: "20031305093055" is not a real date',
    ]);
    // No previous read: just the current one, keyed by NMI because the serial is blank.
    expect(readingsOf(rows).map((r) => r.reading)).toEqual([
      {
        meterNumber: 'VABC005890',
        register: '11',
        readingAt: new Date('2004-01-07T00:03:33Z'),
        value: '100.5',
        readingKind: 'cumulative',
        unit: 'kWh',
        quality: 'E',
        nmi: 'VABC005890',
      },
    ]);
  });

  it('rejects a second header and a header with a bad date; stops at an unsupported version', async () => {
    const rows = await parse(
      file('100,NEM12,2024010100,MDA1,RET1', STREAM, day('20240101', values(48)), HEADER, END),
    );
    expect(errors(rows)).toEqual([
      '1 [100] The header\'s file date: "2024010100" is not a date and time in the form CCYYMMDDhhmm',
      '4 [100] A second 100 header record: a file has one, on its first line',
    ]);
    expect(readingsOf(rows)).toHaveLength(48);
    expect(await parse(file('100,NEM14,202401010000,MDA1,RET1', STREAM, END))).toEqual([
      {
        kind: 'fatal',
        line: 1,
        error: 'The 100 header declares version "NEM14"; this format reads NEM12 and NEM13 files',
      },
    ]);
  });

  it('delivers duplicate days twice (the pipeline de-duplicates) and keeps line numbers across blank lines', async () => {
    const rows = await parse(
      ['', HEADER, '', STREAM, day('20240101', values(48)), '', day('20240101', values(48)), END].join('\n'),
    );
    const lines = [...new Set(readingsOf(rows).map((r) => r.line))];
    expect(lines).toEqual([5, 7]);
    expect(readingsOf(rows)).toHaveLength(96);
  });

  it('skips a 10 MB line as one rejected record and reads on', async () => {
    async function* hostile() {
      yield Buffer.from(`${HEADER}\n${STREAM}\n300,20240101,`);
      for (let i = 0; i < 160; i++) yield Buffer.alloc(64 * 1024, '1');
      yield Buffer.from(`\n${day('20240102', values(48))}\n${END}\n`);
    }
    const rows = await parse(Readable.from(hostile()));
    expect(errors(rows)).toEqual([
      `3 [300] The line is ${'300,20240101,'.length + 160 * 64 * 1024} bytes long, more than the 256 KB a NEM12 record can be; it was skipped`,
    ]);
    expect(rejectedOf(rows)[0].raw.length).toBeLessThanOrEqual(500);
    expect(readingsOf(rows)).toHaveLength(48);
  });

  it('refuses files that are not MDFF at all', async () => {
    expect(await parse('meter_number,register,timestamp,value\nM1,1,2024-01-01,5\n')).toEqual([
      {
        kind: 'fatal',
        line: 1,
        error:
          'This is not a NEM12/NEM13 file: it should start with a 100 header record, but line 1 starts with "meter_number"',
      },
    ]);
    expect(await parse('')).toEqual([{ kind: 'fatal', error: 'The file is empty' }]);
    const garbage = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31 + 5) % 256));
    expect(fatalOf(await parse(garbage))[0].error).toMatch(/^This is not a text file/);
  });

  it('refuses an unknown market time zone in the options', () => {
    expect(() => parseFormatOptions(nem12Format, { timeZone: 'Australia/Atlantis' })).toThrow(
      'timeZone: Not a known IANA time zone (NEM time is Australia/Brisbane)',
    );
    expect(parseFormatOptions(nem12Format, {})).toEqual({
      meterKey: 'serial',
      timeZone: 'Australia/Brisbane',
      includeNullIntervals: false,
    });
  });
});
