import { readPlainIsoTime } from '../../../src/usage/plain-iso-time';
import {
  parseTimeTextWithLuxon,
  readDeviceTime,
  readUtcTime,
  WALL_CLOCK_FORMAT,
} from '../../../src/usage/usage-time';

/**
 * The plain reader must read every text it accepts exactly as Luxon does, and leave
 * to Luxon every text it does not accept. Checked over the shapes and their edges.
 * The plain reader is the project's one ISO 8601 reader (src/common/time/iso-8601.ts,
 * also behind charging's instants, the meter-file timestamps and the sheet reader's
 * date cells) with the usage times' choice of shapes.
 */
const dates = [
  '2021-06-12',
  '2024-02-29',
  '2023-02-29',
  '2023-02-28',
  '2021-04-31',
  '2021-04-30',
  '2021-00-10',
  '2021-13-01',
  '2021-12-00',
  '1970-01-01',
  '9999-12-31',
  '0099-01-01',
  '2000-02-29',
  '1900-02-29',
];
const times = [
  '00:00',
  '14:31',
  '23:59',
  '24:00',
  '14:60',
  '14:31:00',
  '14:31:59',
  '14:31:60',
  '23:59:59.999',
  '14:31:00.5',
  '14:31:00.05',
  '14:31:00.123',
  '14:31:00.1234',
  '14:31:00,5',
];
const offsets = [
  '',
  'Z',
  'z',
  '+02:00',
  '-05:30',
  '+0200',
  '-0530',
  '+02',
  '-11',
  '+23:59',
  '+24:00',
  '+02:60',
  '+14:00',
  ' +02:00',
  'UTC',
];
const fractions = Array.from({ length: 1000 }, (_, i) => `2021-06-12T14:31:00.${String(i).padStart(3, '0')}Z`)
  .concat(Array.from({ length: 100 }, (_, i) => `2021-06-12 14:31:00.${String(i).padStart(2, '0')}`))
  .concat(Array.from({ length: 10 }, (_, i) => `2021-06-12T14:31:00.${i}+01:00`));

const texts = [
  ...dates.flatMap((d) => times.flatMap((t) => offsets.map((o) => `${d}T${t}${o}`))),
  ...dates.flatMap((d) => times.map((t) => `${d} ${t}`)),
  ...fractions,
  ...dates,
  '2021-06-12T14',
  '2021-W23-6T14:31',
  '2021-163T14:31',
  '20210612T143100Z',
  '2021-6-12T14:31',
  '12-jun-2021 14:31',
  ' 2021-06-12T14:31',
  '2021-06-12t14:31',
];

function luxonReading(text: string) {
  const time = parseTimeTextWithLuxon(text, { zone: 'utc', setZone: true });
  return time ? { instant: time.toMillis(), wallClock: time.toFormat(WALL_CLOCK_FORMAT) } : null;
}

describe('plain ISO time reader', () => {
  it(`reads each of ${texts.length} texts as Luxon does, or leaves it to Luxon`, () => {
    let read = 0;
    const differences: string[] = [];
    for (const text of texts) {
      const plain = readPlainIsoTime(text);
      if (!plain) continue;
      read++;
      const luxon = luxonReading(text);
      const mine = {
        instant: plain.wallClockMs - (plain.offsetMinutes ?? 0) * 60_000,
        wallClock: plain.wallClock,
      };
      if (JSON.stringify(mine) !== JSON.stringify(luxon))
        differences.push(`${text}: plain ${JSON.stringify(mine)}, Luxon ${JSON.stringify(luxon)}`);
    }
    expect(differences).toEqual([]);
    // The common shapes really take the plain path (not everything falling through to Luxon).
    expect(read).toBeGreaterThan(1500);
  });

  it.each([
    ['2021-06-12T14:31:00Z', '2021-06-12T14:31:00.000', 0],
    ['2021-06-12T14:31:00.5+02:00', '2021-06-12T14:31:00.500', 120],
    ['2021-06-12T14:31-0530', '2021-06-12T14:31:00.000', -330],
    ['2021-06-12 14:31:00', '2021-06-12T14:31:00.000', null],
  ])('%s → wall clock %s, offset %s', (text, wallClock, offsetMinutes) => {
    expect(readPlainIsoTime(text)).toMatchObject({ wallClock, offsetMinutes });
  });

  it.each([
    '2021-02-29T10:00',
    '2021-06-12T24:00',
    '2021-06-12T14:31:00.1234',
    '2021-06-12',
    '0099-01-01T00:00',
    '2021-06-12T14:31+24:00',
  ])('leaves %s to Luxon', (text) => expect(readPlainIsoTime(text)).toBeNull());

  it('gives the record fields the same answers on both paths', () => {
    // Dtu converts to UTC; Dt keeps the wall clock as written.
    expect(readUtcTime('2021-06-12T01:30:00+02:00')).toEqual({ ok: true, value: '2021-06-11T23:30:00.000Z' });
    expect(readDeviceTime('2021-06-12T01:30:00+02:00')).toEqual({
      ok: true,
      value: { text: '2021-06-12T01:30:00+02:00', local: '2021-06-12T01:30:00.000' },
    });
    // The year range applies to Dtu's UTC year and to Dt's written year.
    expect(readUtcTime('1970-01-01T00:30:00+01:00').ok).toBe(false);
    expect(readDeviceTime('1970-01-01T00:30:00+01:00').ok).toBe(true);
    // A shape only Luxon reads still works (hour 24 is the next day's midnight).
    expect(readUtcTime('2021-06-12T24:00')).toEqual({ ok: true, value: '2021-06-13T00:00:00.000Z' });
  });
});
