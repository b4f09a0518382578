import fc from 'fast-check';
import { readCommonUtcTime, readPlainIsoTime } from '../../../src/usage/plain-iso-time';
import {
  parseTimeTextWithLuxon,
  readDeviceTime,
  readUtcTime,
  utcStamp,
  WALL_CLOCK_FORMAT,
} from '../../../src/usage/usage-time';
import { DateTime } from 'luxon';

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

  describe('the fast path for the commonest Dtu texts', () => {
    /** What the general path (plain reader, else Luxon) makes of a text, as Dtu's ISO text; null when it reads none. */
    function generalUtcText(text: string): string | null {
      const luxon = luxonReading(text);
      return luxon ? new Date(luxon.instant).toISOString() : null;
    }
    /** The fast path answers only what the general path answers, and identically. */
    function agrees(text: string) {
      const fast = readCommonUtcTime(text);
      if (fast !== null) expect([text, fast]).toEqual([text, generalUtcText(text)]);
      return fast !== null;
    }

    it(`agrees with the general path on the ${texts.length} texts above`, () => {
      const answered = texts.filter(agrees);
      // Z, no offset and ±hh:mm, with seconds and up to three fraction digits.
      expect(answered.length).toBeGreaterThan(1000);
      expect(answered).toContain('2021-06-12T14:31:00.5+01:00');
    });

    const pad = (n: number, width: number) =>
      fc.integer({ min: 0, max: n }).map((v) => String(v).padStart(width, '0'));
    /** The fast shape with fields a little past their ranges (month 13, hour 24, second 60 …). */
    const fastShape = fc
      .tuple(
        fc.oneof(fc.integer({ min: 1965, max: 2035 }), fc.integer({ min: 0, max: 9999 })),
        pad(13, 2),
        pad(32, 2),
        pad(24, 2),
        pad(60, 2),
        pad(60, 2),
        fc.constantFrom('', '.', '.5', '.05', '.123', '.1234', ',5'),
        fc.oneof(
          fc.constantFrom(
            '',
            'Z',
            'z',
            '+00:00',
            '-00:00',
            '+23:59',
            '-23:59',
            '+24:00',
            '+02:60',
            '+0200',
            '+02',
          ),
          fc.tuple(fc.constantFrom('+', '-'), pad(24, 2), pad(60, 2)).map(([s, h, m]) => `${s}${h}:${m}`),
        ),
      )
      .map(
        ([year, month, day, hour, minute, second, fraction, offset]) =>
          `${String(year).padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset}`,
      );
    /** …and hostile edits of it: a character replaced, inserted or removed. */
    const hostile = fc.constantFrom(...'0123456789-:.T tZz+−٠２\u0000\n'.split(''));
    const edited = fc
      .tuple(fastShape, fc.nat(), hostile, fc.constantFrom('replace', 'insert', 'remove'))
      .map(([text, at, char, edit]) => {
        const i = at % (text.length + 1);
        if (edit === 'insert') return text.slice(0, i) + char + text.slice(i);
        return text.slice(0, i) + (edit === 'replace' ? char : '') + text.slice(i + 1);
      });

    it('agrees with the general path on random and hostile texts', () => {
      let answered = 0;
      fc.assert(
        fc.property(fc.oneof(fastShape, edited), (text) => {
          if (agrees(text)) answered++;
        }),
        { numRuns: 20_000 },
      );
      // The generator reaches the fast path often, not only its refusals.
      expect(answered).toBeGreaterThan(2_000);
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), (text) => void agrees(text)),
        { numRuns: 5_000 },
      );
    });

    it('leaves the years outside 1970–9999 to the general path, which refuses them', () => {
      expect(readUtcTime('1969-12-31T23:59:59Z').ok).toBe(false);
      expect(readUtcTime('9999-12-31T23:00:00-05:00').ok).toBe(false);
      expect(readCommonUtcTime('9999-12-31T23:00:00-05:00')).toBeNull();
      expect(readUtcTime('2021-06-12T14:31:00.5Z')).toEqual({ ok: true, value: '2021-06-12T14:31:00.500Z' });
    });
  });

  it("stamps the server's time as Luxon's UTC ISO text would", () => {
    expect(utcStamp(new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 7)))).toBe('2024-02-29T23:59:59.007Z');
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (now) => utcStamp(now) === DateTime.fromJSDate(now).toUTC().toISO(),
      ),
      { numRuns: 10_000 },
    );
  });
});
