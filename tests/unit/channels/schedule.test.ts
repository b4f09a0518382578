import {
  cronProblem,
  isValidTimeZone,
  nextOccurrences,
  occurrenceAt,
  occurrenceKey,
  ScheduleError,
} from '../../../src/channels';

describe('cron validation', () => {
  it.each(['0 * * * *', '*/15 * * * *', '0 30 2 * * *', '0 6 * * MON-FRI', '@daily'])(
    'accepts %s',
    (expr) => {
      expect(cronProblem(expr)).toBeNull();
    },
  );

  it.each([
    ['61 * * * *', 'not a valid cron expression'],
    ['* * * *', 'not a valid cron expression'],
    ['0 0 * * * * 2030', 'not a valid cron expression'],
    ['every hour', 'not a valid cron expression'],
    ['', 'empty'],
    ['   ', 'empty'],
  ])('refuses %j with a readable message', (expr, message) => {
    expect(cronProblem(expr)).toContain(message);
  });

  it('refuses non-text and overlong input without throwing', () => {
    expect(cronProblem(5)).toContain('must be a cron expression');
    expect(cronProblem(null)).toContain('must be a cron expression');
    expect(cronProblem('* '.repeat(200))).toContain('at most');
  });

  it('refuses an unknown time zone', () => {
    expect(cronProblem('0 * * * *', { timezone: 'Mars/Olympus' })).toContain('not a known IANA time zone');
    expect(isValidTimeZone('Europe/Zurich')).toBe(true);
    expect(isValidTimeZone('Nowhere/Else')).toBe(false);
  });

  it('refuses schedules firing more often than the minimum interval', () => {
    expect(cronProblem('* * * * * *', { minIntervalSeconds: 60 })).toContain(
      'more often than every 60 seconds',
    );
    expect(cronProblem('*/5 * * * *', { minIntervalSeconds: 60 })).toBeNull();
  });
});

describe('next occurrences', () => {
  it('lists occurrences strictly after the given instant, in UTC by default', () => {
    const runs = nextOccurrences('0 * * * *', { after: new Date('2024-03-01T10:00:00Z'), count: 3 });
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2024-03-01T11:00:00.000Z',
      '2024-03-01T12:00:00.000Z',
      '2024-03-01T13:00:00.000Z',
    ]);
  });

  it('reads the expression in the given time zone', () => {
    const runs = nextOccurrences('0 2 * * *', {
      after: new Date('2024-01-15T00:00:00Z'),
      count: 1,
      timezone: 'Europe/Zurich',
    });
    expect(runs[0].toISOString()).toBe('2024-01-15T01:00:00.000Z'); // 02:00 CET = 01:00 UTC
  });

  it('still fires on the spring-forward day, shifted past the gap, and once on the fall-back day', () => {
    // 2024-03-31 in Zurich: 02:00 jumps to 03:00, so 02:30 does not exist — the daily pull runs at 03:30.
    const spring = nextOccurrences('30 2 * * *', {
      after: new Date('2024-03-30T12:00:00Z'),
      count: 2,
      timezone: 'Europe/Zurich',
    });
    expect(spring.map((d) => d.toISOString())).toEqual([
      '2024-03-31T01:30:00.000Z',
      '2024-04-01T00:30:00.000Z',
    ]);
    // 2024-10-27: 02:30 happens twice; the job fires once.
    const autumn = nextOccurrences('30 2 * * *', {
      after: new Date('2024-10-26T12:00:00Z'),
      count: 2,
      timezone: 'Europe/Zurich',
    });
    expect(autumn.map((d) => d.toISOString())).toEqual([
      '2024-10-27T00:30:00.000Z',
      '2024-10-28T01:30:00.000Z',
    ]);
  });

  it('throws a ScheduleError for a bad expression and a RangeError for a bad count', () => {
    expect(() => nextOccurrences('nope', { after: new Date(), count: 1 })).toThrow(ScheduleError);
    expect(() => nextOccurrences('0 * * * *', { after: new Date(), count: 0 })).toThrow(RangeError);
  });
});

describe('occurrence of a firing', () => {
  it('maps a timer that fired a little late or early to the same occurrence', () => {
    const late = occurrenceAt('0 * * * *', new Date('2024-03-01T10:00:00.850Z'));
    const early = occurrenceAt('0 * * * *', new Date('2024-03-01T09:59:59.700Z'));
    const exact = occurrenceAt('0 * * * *', new Date('2024-03-01T10:00:00.000Z'));
    expect(late?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(early?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(exact?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it('returns null when the firing is not near any occurrence', () => {
    expect(occurrenceAt('0 * * * *', new Date('2024-03-01T10:30:00Z'))).toBeNull();
  });

  it('builds the same claim key for every instance, whatever the milliseconds', () => {
    const a = occurrenceKey('channel-pull:VENDOR_SFTP', new Date('2024-03-01T10:00:00.000Z'));
    const b = occurrenceKey('channel-pull:VENDOR_SFTP', new Date('2024-03-01T10:00:00.999Z'));
    expect(a).toEqual({ job: 'channel-pull:VENDOR_SFTP', scheduledFor: '2024-03-01T10:00:00.000Z' });
    expect(b).toEqual(a);
    expect(occurrenceKey('other', new Date('2024-03-01T10:00:00Z'))).not.toEqual(a);
  });

  it('refuses an empty job name or an invalid date', () => {
    expect(() => occurrenceKey('', new Date())).toThrow(RangeError);
    expect(() => occurrenceKey('job', new Date('nope'))).toThrow(RangeError);
  });
});
