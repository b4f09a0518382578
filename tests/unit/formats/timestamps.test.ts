import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  LocalTimeConverter,
  checkTimestampFormat,
  createTimestampParser,
  isValidTimeZone,
  resolveTimeZone,
  type TimestampParserOptions,
} from '../../../src/formats';

const parser = (
  formats: string[],
  timeZone = 'Europe/Zurich',
  ambiguous?: TimestampParserOptions['ambiguous'],
) => createTimestampParser({ formats, timeZone, ambiguous });

const iso = (text: string, timeZone = 'Europe/Zurich', formats = ['iso']) => {
  const result = parser(formats, timeZone)(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.error}`);
  return result.date.toISOString();
};
const refused = (text: string, formats = ['iso'], timeZone = 'Europe/Zurich') => {
  const result = parser(formats, timeZone)(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${result.date.toISOString()}`);
  return result.error;
};

describe('ISO 8601 timestamps', () => {
  it('reads local times in the channel zone and stores UTC', () => {
    expect(iso('2024-01-15T08:30:00')).toBe('2024-01-15T07:30:00.000Z'); // CET, UTC+1
    expect(iso('2024-07-15T08:30:00')).toBe('2024-07-15T06:30:00.000Z'); // CEST, UTC+2
    expect(iso('2024-07-15 08:30')).toBe('2024-07-15T06:30:00.000Z');
    expect(iso('2024-07-15')).toBe('2024-07-14T22:00:00.000Z'); // a date is its opening 00:00
    expect(iso('2024-07-15T08:30:00.250')).toBe('2024-07-15T06:30:00.250Z');
    expect(iso('2024-07-15T08:30:00', 'UTC')).toBe('2024-07-15T08:30:00.000Z');
    expect(iso('2024-07-15T08:30:00', 'Australia/Brisbane')).toBe('2024-07-14T22:30:00.000Z');
  });

  it('takes an explicit offset as the instant, whatever the zone', () => {
    expect(iso('2024-07-15T08:30:00Z')).toBe('2024-07-15T08:30:00.000Z');
    expect(iso('2024-07-15T08:30:00+10:00')).toBe('2024-07-14T22:30:00.000Z');
    expect(iso('2024-07-15T08:30:00-0500')).toBe('2024-07-15T13:30:00.000Z');
    expect(iso('2024-07-15 08:30+02')).toBe('2024-07-15T06:30:00.000Z');
  });

  it('reads 24:00 as the end of the day and the rarer ISO shapes through Luxon', () => {
    expect(iso('2024-01-15T24:00')).toBe('2024-01-15T23:00:00.000Z'); // = 2024-01-16 00:00 CET
    expect(iso('20240115T083000')).toBe('2024-01-15T07:30:00.000Z');
    expect(iso('20240115T083000Z')).toBe('2024-01-15T08:30:00.000Z');
  });

  it('refuses impossible dates and times with a reason', () => {
    expect(refused('2023-02-29')).toBe('"2023-02-29" is not a real date: February 2023 has 28 days');
    expect(refused('2024-04-31T10:00')).toBe('"2024-04-31T10:00" is not a real date: April 2024 has 30 days');
    expect(refused('2024-13-01')).toBe('"2024-13-01" is not a real date: there is no month 13');
    expect(refused('2024-01-01T25:00')).toBe('"2024-01-01T25:00" is not a real time of day');
    expect(refused('2024-01-01T10:60')).toMatch(/not a real time/);
    expect(refused('2024-01-01T24:30')).toMatch(/not a real time/);
    expect(refused('2024-01-01T10:00+25:00')).toMatch(/impossible UTC offset/);
    expect(refused('0099-01-01')).toMatch(/outside the years 1900–2199/);
    expect(refused('')).toBe('The timestamp is empty');
    expect(refused('yesterday')).toBe(
      '"yesterday" is not a timestamp in the expected format (ISO 8601, e.g. 2024-03-31T14:30:00)',
    );
    expect(refused('1/2/2024')).toMatch(/not a timestamp in the expected format/);
    expect(refused('x'.repeat(10_000))).toMatch(/too long/);
  });
});

describe('daylight saving time', () => {
  it('rejects a time inside the spring-forward gap instead of moving it', () => {
    expect(refused('2024-03-31T02:30:00')).toBe(
      '"2024-03-31T02:30:00" does not exist in Europe/Zurich: the clocks skip it when daylight saving time starts ' +
        '(UTC+01:00 → UTC+02:00). Correct the time, or export timestamps with a UTC offset',
    );
    expect(refused('2024-03-31T02:00')).toMatch(/does not exist/);
    expect(refused('2024-03-31T02:59:59')).toMatch(/does not exist/);
    expect(iso('2024-03-31T01:59:59')).toBe('2024-03-31T00:59:59.000Z');
    expect(iso('2024-03-31T03:00')).toBe('2024-03-31T01:00:00.000Z');
    // With an offset, the instant is explicit and there is no gap to fall into.
    expect(iso('2024-03-31T02:30:00+01:00')).toBe('2024-03-31T01:30:00.000Z');
  });

  it('handles the half-hour gap of Lord Howe Island', () => {
    expect(refused('2024-10-06T02:15', ['iso'], 'Australia/Lord_Howe')).toMatch(
      /does not exist in Australia\/Lord_Howe/,
    );
    expect(iso('2024-10-06T02:30', 'Australia/Lord_Howe')).toBe('2024-10-05T15:30:00.000Z'); // UTC+11 from 02:30
  });

  it('reads a time in the fall-back overlap by the chosen policy, always the same way', () => {
    const text = '2024-10-27T02:30:00'; // happens at 00:30Z (CEST) and again at 01:30Z (CET)
    const earlier = parser(['iso'], 'Europe/Zurich', 'earlier')(text);
    const later = parser(['iso'], 'Europe/Zurich', 'later')(text);
    const reject = parser(['iso'], 'Europe/Zurich', 'reject')(text);
    expect(earlier).toEqual({ ok: true, date: new Date('2024-10-27T00:30:00Z') });
    expect(later).toEqual({ ok: true, date: new Date('2024-10-27T01:30:00Z') });
    expect(reject).toEqual({
      ok: false,
      error:
        '"2024-10-27T02:30:00" happens twice in Europe/Zurich (the clocks go back from UTC+02:00 to UTC+01:00). ' +
        'Export timestamps with a UTC offset, or choose how ambiguous times are read',
    });
    // The default is "earlier".
    expect(iso(text)).toBe('2024-10-27T00:30:00.000Z');
    // Just outside the overlap nothing is ambiguous.
    expect(parser(['iso'], 'Europe/Zurich', 'reject')('2024-10-27T03:00:00')).toEqual({
      ok: true,
      date: new Date('2024-10-27T02:00:00Z'),
    });
  });

  it('maps every real instant back to itself through its wall-clock time (property)', () => {
    const zones = [
      'Europe/Zurich',
      'America/New_York',
      'Australia/Sydney',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Pacific/Chatham',
    ];
    const start = Date.UTC(2000, 0, 1);
    const end = Date.UTC(2040, 0, 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: start / 60_000, max: end / 60_000 }),
        (zoneName, minute) => {
          const instant = minute * 60_000;
          const dt = DateTime.fromMillis(instant, { zone: zoneName });
          const wall = {
            year: dt.year,
            month: dt.month,
            day: dt.day,
            hour: dt.hour,
            minute: dt.minute,
            second: 0,
            millisecond: 0,
          };
          const zone = resolveTimeZone(zoneName)!;
          const earlier = new LocalTimeConverter(zone, 'earlier').toUtc(wall);
          const later = new LocalTimeConverter(zone, 'later').toUtc(wall);
          expect(earlier.ok && later.ok).toBe(true);
          if (earlier.ok && later.ok) expect([earlier.epochMs, later.epochMs]).toContain(instant);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('explicit formats', () => {
  it('reads Luxon formats in the zone, with case-insensitive English month names', () => {
    const p = parser(['d-MMM-yyyy HH:mm'], 'Europe/Zurich');
    expect(p('12-jun-2021 14:31')).toEqual({ ok: true, date: new Date('2021-06-12T12:31:00Z') });
    expect(p('12-JUN-2021 14:31')).toEqual({ ok: true, date: new Date('2021-06-12T12:31:00Z') });
    expect(p('2-Jan-2021 00:05')).toEqual({ ok: true, date: new Date('2021-01-01T23:05:00Z') });
    expect(iso('31.12.2024 23:59', 'Europe/Zurich', ['dd.MM.yyyy HH:mm'])).toBe('2024-12-31T22:59:00.000Z');
  });

  it('tries the formats in order and reports the first real problem', () => {
    const p = parser(['iso', 'dd.MM.yyyy HH:mm', 'd-MMM-yyyy HH:mm']);
    expect(p('2024-01-15T08:30')).toEqual({ ok: true, date: new Date('2024-01-15T07:30:00Z') });
    expect(p('15.01.2024 08:30')).toEqual({ ok: true, date: new Date('2024-01-15T07:30:00Z') });
    expect(p('15-jan-2024 08:30')).toEqual({ ok: true, date: new Date('2024-01-15T07:30:00Z') });
    const bad = p('31.02.2024 08:30');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/"31.02.2024 08:30" is not a real date or time/);
    const none = p('2024/01/15');
    expect(none).toEqual({
      ok: false,
      error:
        '"2024/01/15" is not a timestamp in the expected format (ISO 8601, e.g. 2024-03-31T14:30:00 or "dd.MM.yyyy HH:mm" or "d-MMM-yyyy HH:mm")',
    });
  });

  it('does not accept trailing text', () => {
    expect(refused('12-jun-2021 14:31 extra', ['d-MMM-yyyy HH:mm'])).toMatch(/not a timestamp/);
  });

  it('applies the DST gap rule to explicit formats too', () => {
    expect(refused('31.03.2024 02:30', ['dd.MM.yyyy HH:mm'])).toMatch(/does not exist in Europe\/Zurich/);
  });

  it('reads offsets written by the format as instants', () => {
    expect(iso('15.01.2024 08:30 +05:00', 'Europe/Zurich', ['dd.MM.yyyy HH:mm ZZ'])).toBe(
      '2024-01-15T03:30:00.000Z',
    );
  });

  it('reads Excel serials as wall-clock time and Unix times as instants', () => {
    expect(iso('45306.5', 'Europe/Zurich', ['excel-serial'])).toBe('2024-01-15T11:00:00.000Z'); // 2024-01-15 12:00 local
    expect(iso('45306.3541666667', 'UTC', ['excel-serial'])).toBe('2024-01-15T08:30:00.000Z'); // rounded to the second
    expect(refused('12', ['excel-serial'])).toMatch(/outside the Excel date range/);
    expect(iso('1705307400', 'Europe/Zurich', ['unix-seconds'])).toBe('2024-01-15T08:30:00.000Z');
    expect(iso('1705307400123', 'Europe/Zurich', ['unix-milliseconds'])).toBe('2024-01-15T08:30:00.123Z');
    expect(refused('99999999999999', ['unix-milliseconds'])).toMatch(/outside the years/);
  });
});

describe('configuration checks', () => {
  it('knows valid zones and refuses the server-dependent ones', () => {
    expect(isValidTimeZone('Europe/Zurich')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('UTC+10')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('local')).toBe(false);
    expect(isValidTimeZone('system')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => parser(['iso'], 'Mars/Olympus')).toThrow('"Mars/Olympus" is not a known time zone');
  });

  it('checks timestamp formats once, when a channel is saved', () => {
    expect(checkTimestampFormat('iso')).toBeNull();
    expect(checkTimestampFormat('excel-serial')).toBeNull();
    expect(checkTimestampFormat('dd.MM.yyyy HH:mm')).toBeNull();
    expect(checkTimestampFormat('HH:mm')).toBe('Timestamp format "HH:mm" has no year (use yyyy)');
    expect(checkTimestampFormat("yyyy 'Month' dd")).toBe(
      'Timestamp format "yyyy \'Month\' dd" has no month (use MM or MMM)',
    );
  });
});
