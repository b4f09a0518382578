import { previousCalendarMonth } from '../../../src/charging/scheduled-period';

describe('previousCalendarMonth', () => {
  it('is the month before the one the occurrence falls in, in the given zone', () => {
    // 03:00 on 1 July in Zurich is 01:00 UTC.
    expect(previousCalendarMonth(new Date('2024-07-01T01:00:00Z'), 'Europe/Zurich')).toEqual({
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
    });
    // 23:30 UTC on 30 June is already 1 July in Zurich, still 30 June in UTC.
    expect(previousCalendarMonth(new Date('2024-06-30T23:30:00Z'), 'Europe/Zurich')).toEqual({
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
    });
    expect(previousCalendarMonth(new Date('2024-06-30T23:30:00Z'), 'UTC')).toEqual({
      periodStart: '2024-05-01',
      periodEnd: '2024-05-31',
    });
  });

  it('crosses the year and knows leap Februaries', () => {
    expect(previousCalendarMonth(new Date('2025-01-01T05:00:00Z'), 'UTC')).toEqual({
      periodStart: '2024-12-01',
      periodEnd: '2024-12-31',
    });
    expect(previousCalendarMonth(new Date('2024-03-15T12:00:00Z'), 'UTC')).toEqual({
      periodStart: '2024-02-01',
      periodEnd: '2024-02-29',
    });
    expect(previousCalendarMonth(new Date('2023-03-01T00:00:00Z'), 'UTC')).toEqual({
      periodStart: '2023-02-01',
      periodEnd: '2023-02-28',
    });
  });

  it('refuses a zone it cannot read the instant in', () => {
    expect(() => previousCalendarMonth(new Date('2024-07-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});
