import {
  formatDay,
  parseCalendarDate,
  parseInstant,
  formatInstant,
  startOfDay,
  isValidTimeZone,
  monthShares,
  monthFraction,
} from '../../../src/charging';

describe('calendar dates', () => {
  it('turns real dates into day numbers and back', () => {
    const day = parseCalendarDate('2024-02-29')!;
    expect(formatDay(day)).toBe('2024-02-29');
    expect(parseCalendarDate('2024-03-01')! - day).toBe(1);
  });

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-06-31',
    '24-06-01',
    '2024-6-1',
    '2024-06-01T00:00',
    '',
    'yesterday',
  ])('refuses %j', (text) => expect(parseCalendarDate(text)).toBeNull());

  it('refuses non-text', () => {
    expect(parseCalendarDate(20240601)).toBeNull();
    expect(parseCalendarDate(null)).toBeNull();
  });
});

describe('instants', () => {
  it('reads ISO 8601 with Z or an offset, Date and epoch milliseconds', () => {
    const ms = Date.UTC(2024, 5, 15, 22, 0, 0);
    expect(parseInstant('2024-06-15T22:00:00Z')).toBe(ms);
    expect(parseInstant('2024-06-16T00:00:00+02:00')).toBe(ms);
    expect(parseInstant('2024-06-16T00:00+0200')).toBe(ms);
    expect(parseInstant('2024-06-15 22:00:00.000Z')).toBe(ms);
    expect(parseInstant(new Date(ms))).toBe(ms);
    expect(parseInstant(ms)).toBe(ms);
    expect(formatInstant(ms)).toBe('2024-06-15T22:00:00.000Z');
  });

  it('keeps milliseconds and drops finer digits', () => {
    expect(parseInstant('2024-06-15T22:00:00.123456Z')).toBe(Date.UTC(2024, 5, 15, 22, 0, 0, 123));
  });

  it.each([
    ['no zone', '2024-06-15T22:00:00'],
    ['a date only', '2024-06-15'],
    ['February 30th', '2024-02-30T00:00:00Z'],
    ['hour 24', '2024-06-15T24:00:00Z'],
    ['a human date', '12-jun-2021 14:31'],
    ['an offset beyond 18 hours', '2024-06-15T22:00:00+19:00'],
  ])('refuses %s', (_what, text) => expect(parseInstant(text)).toBeNull());

  it('refuses numbers that are not whole epoch milliseconds, and invalid Dates', () => {
    expect(parseInstant(1.5)).toBeNull();
    expect(parseInstant(Number.NaN)).toBeNull();
    expect(parseInstant(new Date('nonsense'))).toBeNull();
    expect(parseInstant({})).toBeNull();
  });
});

describe('time zones', () => {
  it('starts a day at 00:00 local, summer and winter', () => {
    expect(formatInstant(startOfDay('Europe/Zurich', parseCalendarDate('2024-06-16')!))).toBe(
      '2024-06-15T22:00:00.000Z',
    );
    expect(formatInstant(startOfDay('Europe/Zurich', parseCalendarDate('2024-01-16')!))).toBe(
      '2024-01-15T23:00:00.000Z',
    );
  });

  it('starts a day whose midnight does not exist at the first local time that does', () => {
    // Brazil skipped 00:00–01:00 on 2018-11-04.
    expect(formatInstant(startOfDay('America/Sao_Paulo', parseCalendarDate('2018-11-04')!))).toBe(
      '2018-11-04T03:00:00.000Z',
    );
  });

  it('knows IANA zones from made-up ones', () => {
    expect(isValidTimeZone('Europe/Zurich')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(42)).toBe(false);
  });
});

describe('pro rata by days', () => {
  const day = (text: string) => parseCalendarDate(text)!;

  it('counts the share of each calendar month', () => {
    expect(monthShares(day('2024-01-20'), day('2024-02-10'))).toEqual([
      { month: '2024-01', days: 12, daysInMonth: 31 },
      { month: '2024-02', days: 10, daysInMonth: 29 },
    ]);
  });

  it('makes a whole month exactly 1 and a quarter exactly 3', () => {
    expect(monthFraction(monthShares(day('2024-02-01'), day('2024-02-29'))).toFixed()).toBe('1');
    expect(monthFraction(monthShares(day('2024-01-01'), day('2024-03-31'))).toFixed()).toBe('3');
    expect(monthFraction(monthShares(day('2024-06-01'), day('2024-06-15'))).toFixed()).toBe('0.5');
  });

  it('adds runs of the same month before dividing', () => {
    const shares = [
      ...monthShares(day('2024-06-01'), day('2024-06-10')),
      ...monthShares(day('2024-06-21'), day('2024-06-25')),
    ];
    expect(monthFraction(shares).toFixed()).toBe('0.5');
  });
});
