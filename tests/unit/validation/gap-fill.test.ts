import { DateTime } from 'luxon';
import { Dec } from '../../../src/charging/decimal';
import { fillGap, isGapFailure, missingInstants, usualSpacing } from '../../../src/validation/gap-fill';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);
const zurich = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Zurich' }).toMillis();

describe('usualSpacing', () => {
  it('is the median spacing, and unknown with fewer than two spacings', () => {
    expect(usualSpacing([0, DAY, 2 * DAY, 9 * DAY])).toBe(DAY);
    expect(usualSpacing([0, DAY])).toBeNull();
  });
});

describe('missingInstants', () => {
  it('steps whole local days across the spring DST change (00:00 stays 00:00)', () => {
    const got = missingInstants(zurich('2026-03-28'), zurich('2026-03-31'), DAY, 'Europe/Zurich');
    expect(got).toEqual([zurich('2026-03-29'), zurich('2026-03-30')]);
  });
  it('steps 15 minutes for quarter-hour data', () => {
    expect(missingInstants(T0, T0 + HOUR, HOUR / 4, 'UTC')).toEqual([
      T0 + HOUR / 4,
      T0 + HOUR / 2,
      T0 + (3 * HOUR) / 4,
    ]);
  });
  it('finds no gap when the next read is where it belongs, or a little late', () => {
    expect(missingInstants(T0, T0 + DAY + HOUR, DAY, 'UTC')).toMatchObject({ code: 'no-gap' });
  });
  it('refuses a gap of more than 40,000 reads', () => {
    expect(missingInstants(T0, T0 + 500 * DAY, HOUR / 4, 'UTC')).toMatchObject({ code: 'gap-too-long' });
  });
});

describe('fillGap', () => {
  const history = [
    { at: T0, value: new Dec(100) },
    { at: T0 + 4 * DAY, value: new Dec(110) },
  ];
  it('linear interpolation of a cumulative register: 100 → 110 over 4 days = 102.5, 105, 107.5', () => {
    const instants = [1, 2, 3].map((k) => T0 + k * DAY);
    const filled = fillGap('linear-interpolation', history, instants, 'UTC', 'cumulative');
    expect(isGapFailure(filled) ? filled : filled.map((f) => f.value)).toEqual(['102.5', '105', '107.5']);
  });
  it('same weekday average of interval data: the same interval 1 and 2 weeks back (4 and 6 → 5)', () => {
    const at = T0 + 14 * DAY;
    const intervals = [
      { at: at - 14 * DAY, value: new Dec(6) },
      { at: at - 7 * DAY, value: new Dec(4) },
      { at: at + HOUR, value: new Dec(9) },
    ];
    const filled = fillGap('same-weekday-average', intervals, [at], 'UTC', 'interval');
    expect(isGapFailure(filled) ? filled : filled.map((f) => [f.value, f.basis])).toEqual([
      ['5', 'average of 2 weeks'],
    ]);
  });
  it('refuses the whole fill when one instant has no estimate (no read after the gap)', () => {
    const filled = fillGap('linear-interpolation', history.slice(0, 1), [T0 + DAY], 'UTC', 'cumulative');
    expect(filled).toMatchObject({ code: 'no-good-reads' });
  });
  it('refuses an estimate that would overtake the read after the gap', () => {
    // 10 a day in the weeks before, but only 1 in all over the gap: the weekday average overshoots.
    const weeks = Array.from({ length: 15 }, (_, i) => ({ at: T0 + i * DAY, value: new Dec(10 * i) }));
    const after = { at: T0 + 17 * DAY, value: new Dec(141) };
    const filled = fillGap('same-weekday-average', [...weeks, after], [T0 + 15 * DAY], 'UTC', 'cumulative');
    expect(filled).toMatchObject({ code: 'estimate-out-of-order' });
  });
});
