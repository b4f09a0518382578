import { DomainError } from '../../../../src/common/errors';
import {
  bandDurations,
  parseTariffCalendar,
  scheduleDay,
  type TariffCalendarInput,
} from '../../../../src/charging/tariffs';
import { parseCalendarDate } from '../../../../src/charging';
import { local, swiss, swissInput, utc, ZONE } from './fixtures';

const H = 3_600_000;
const day = (text: string) => parseCalendarDate(text) as number;

function refusal(input: unknown): string {
  try {
    parseTariffCalendar(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).message;
  }
  throw new Error('expected the calendar to be refused');
}

describe('tariff calendar model', () => {
  it('compiles windows and the default band into a gap-free week', () => {
    expect(swiss.bands).toEqual(['HT', 'NT']);
    expect(swiss.week[0]).toEqual([
      { from: 0, to: 420, band: 'NT' },
      { from: 420, to: 1200, band: 'HT' },
      { from: 1200, to: 1440, band: 'NT' },
    ]);
    expect(swiss.week[5]).toEqual([
      { from: 0, to: 420, band: 'NT' },
      { from: 420, to: 780, band: 'HT' },
      { from: 780, to: 1440, band: 'NT' },
    ]);
    expect(swiss.week[6]).toEqual([{ from: 0, to: 1440, band: 'NT' }]);
  });

  it('treats Zurich public holidays as Sundays, but not optional days or observances', () => {
    expect(scheduleDay(swiss, day('2024-05-09'))).toBe(6); // Auffahrt, a Thursday
    expect(scheduleDay(swiss, day('2024-08-01'))).toBe(6); // Bundesfeiertag, a Thursday
    expect(scheduleDay(swiss, day('2024-01-02'))).toBe(1); // Berchtoldstag is "optional" in ZH: a Tuesday
    expect(scheduleDay(swiss, day('2024-05-08'))).toBe(2); // an ordinary Wednesday
  });

  it('takes an explicit holiday list', () => {
    const calendar = parseTariffCalendar({
      ...swissInput,
      holidayRegion: null,
      holidayDates: ['2024-05-08'],
    });
    expect(scheduleDay(calendar, day('2024-05-08'))).toBe(6);
    expect(scheduleDay(calendar, day('2024-05-09'))).toBe(3);
  });

  it('accepts windows that cover the whole week without a default band', () => {
    const calendar = parseTariffCalendar({
      code: 'TWO',
      windows: [
        {
          band: 'NIGHT',
          days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          from: '00:00',
          to: '06:00',
        },
        { band: 'DAY', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '06:00', to: '24:00' },
      ],
    });
    expect(calendar.bands).toEqual(['DAY', 'NIGHT']);
  });

  describe('refuses bad calendars with a message naming the problem', () => {
    const base = (patch: Partial<TariffCalendarInput>): TariffCalendarInput => ({ ...swissInput, ...patch });

    it('overlapping windows', () => {
      const message = refusal(
        base({
          windows: [
            { band: 'HT', days: ['mon'], from: '07:00', to: '20:00' },
            { band: 'PEAK', days: ['mon'], from: '18:00', to: '21:00' },
          ],
        }),
      );
      expect(message).toBe('windows.1: Windows 1 and 2 overlap on Monday 18:00–20:00');
    });

    it('windows that leave part of the week uncovered without a default band', () => {
      expect(refusal(base({ defaultBand: null }))).toBe(
        'defaultBand: The windows leave Monday 00:00–07:00 uncovered: add a window or a default band',
      );
    });

    it('25:00', () => {
      expect(refusal(base({ windows: [{ band: 'HT', days: ['mon'], from: '07:00', to: '25:00' }] }))).toBe(
        'windows.0.to: Window to must be a local time from 00:00 to 24:00, got "25:00"',
      );
    });

    it('a window ending before it starts', () => {
      expect(refusal(base({ windows: [{ band: 'NT', days: ['mon'], from: '22:00', to: '06:00' }] }))).toMatch(
        /^windows\.0\.to: Window to must be after from/,
      );
    });

    it('an unknown canton and an unknown country', () => {
      expect(refusal(base({ holidayRegion: 'CH-XX' }))).toMatch(
        /^holidayRegion: Holiday region "XX" is not a canton\/state of CH the holiday library knows \(known: ZH, BE/,
      );
      expect(refusal(base({ holidayRegion: 'QQ' }))).toBe(
        'holidayRegion: Holiday region "QQ" is not a country the holiday library knows',
      );
    });

    it('an unknown weekday, a bad band code and a bad holiday date', () => {
      expect(
        refusal(base({ windows: [{ band: 'HT', days: ['mo' as 'mon'], from: '07:00', to: '20:00' }] })),
      ).toMatch(/^windows\.0\.days\.0: Window days must be among mon/);
      expect(refusal(base({ defaultBand: 'N T' }))).toMatch(/^defaultBand: Default band must be a band code/);
      expect(refusal(base({ holidayDates: ['2024-02-30'] }))).toMatch(
        /^holidayDates\.0: Holiday date must be a real date/,
      );
    });
  });
});

describe('band clock (Europe/Zurich)', () => {
  const hours = (durations: { band: string; ms: number }[]) =>
    Object.fromEntries(durations.map((d) => [d.band, d.ms / H]));

  it('an ordinary Monday has 13 HT hours and 11 NT hours', () => {
    expect(hours(bandDurations(swiss, ZONE, local('2024-05-06 00:00'), local('2024-05-07 00:00')))).toEqual({
      NT: 11,
      HT: 13,
    });
  });

  // A band window around the night: the DST change at 02:00/03:00 falls inside it.
  const nightDay = parseTariffCalendar({
    code: 'NIGHT-DAY',
    windows: [
      { band: 'NIGHT', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '03:00' },
      { band: 'DAY', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '03:00', to: '24:00' },
    ],
  });

  it('the 23-hour day (31 March 2024): the skipped hour 02:00–03:00 belongs to no band', () => {
    const start = local('2024-03-31 00:00');
    const end = local('2024-04-01 00:00');
    expect((end - start) / H).toBe(23);
    // NIGHT 00:00–02:00 CET = 2 real hours (02:00–03:00 does not exist); DAY 03:00–24:00 CEST = 21 hours.
    expect(hours(bandDurations(nightDay, ZONE, start, end))).toEqual({ NIGHT: 2, DAY: 21 });
  });

  it('the 25-hour day (27 October 2024): the repeated hour 02:00–03:00 counts twice', () => {
    const start = local('2024-10-27 00:00');
    const end = local('2024-10-28 00:00');
    expect((end - start) / H).toBe(25);
    // NIGHT 00:00–03:00 with 02:00–03:00 lived twice = 4 real hours; DAY 21 hours.
    expect(hours(bandDurations(nightDay, ZONE, start, end))).toEqual({ NIGHT: 4, DAY: 21 });
  });

  it('an hour crossing the spring-forward change is split where the wall clock crosses 03:00', () => {
    // 00:30Z–01:00Z is 01:30–02:00 CET (NIGHT); 01:00Z–01:30Z is 03:00–03:30 CEST (DAY).
    // A fixed +01:00 offset would call it all NIGHT (01:30–02:30).
    expect(
      hours(bandDurations(nightDay, ZONE, utc('2024-03-31T00:30:00Z'), utc('2024-03-31T01:30:00Z'))),
    ).toEqual({
      NIGHT: 0.5,
      DAY: 0.5,
    });
  });

  it('an hour crossing the fall-back change: the repeated 02:00–03:00 stays NIGHT', () => {
    // 00:30Z–01:00Z is 02:30–03:00 CEST; 01:00Z–01:30Z is 02:00–02:30 CET: all NIGHT.
    expect(
      hours(bandDurations(nightDay, ZONE, utc('2024-10-27T00:30:00Z'), utc('2024-10-27T01:30:00Z'))),
    ).toEqual({
      NIGHT: 1,
    });
    // 01:30Z–02:00Z is 02:30–03:00 CET (NIGHT), 02:00Z–02:30Z is 03:00–03:30 CET (DAY).
    expect(
      hours(bandDurations(nightDay, ZONE, utc('2024-10-27T01:30:00Z'), utc('2024-10-27T02:30:00Z'))),
    ).toEqual({
      NIGHT: 0.5,
      DAY: 0.5,
    });
  });
});
