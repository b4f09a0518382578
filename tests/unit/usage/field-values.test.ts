import { normalizeBadgeUid, readBadgeUid } from '../../../src/usage/badge-uid';
import { EVENT_DATA_MAX_BYTES, readEventData } from '../../../src/usage/event-data';
import type { FieldResult } from '../../../src/usage/field-value';
import { readEventGroup, readIdentifier } from '../../../src/usage/identifiers';
import { readSourceIp } from '../../../src/usage/source-ip';
import { readTemperature } from '../../../src/usage/temperature';
import {
  excelDateToWallClock,
  excelSerialToWallClock,
  readDeviceTime,
  readUtcTime,
} from '../../../src/usage/usage-time';

function ok<T>(result: FieldResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.value;
}
function no(result: FieldResult<unknown>): string {
  if (result.ok) throw new Error(`accepted ${JSON.stringify(result.value)}`);
  return result.message;
}

describe('identifiers', () => {
  const id = (value: unknown) => readIdentifier(value, { required: true, max: 64 });

  it('trims the ends, keeps inner spaces, and takes a safe-integer JSON number as text', () => {
    expect(ok(id('  my device '))).toBe('my device');
    expect(ok(id(1))).toBe('1');
  });

  it('allows 64 characters counted as characters, not UTF-16 units', () => {
    expect(ok(id('x'.repeat(64)))).toHaveLength(64);
    expect(ok(id('😀'.repeat(64)))).toBe('😀'.repeat(64)); // 128 UTF-16 units, 64 characters
    expect(no(id('x'.repeat(65)))).toBe('is too long: 65 characters, at most 64 are allowed');
  });

  it.each([
    ['a NUL', 'dev\u0000ice', 'U+0000'],
    ['a bell', 'dev\u0007', 'U+0007'],
    ['a line feed', 'dev\nice', 'U+000A'],
    ['DEL', 'dev\u007f', 'U+007F'],
    ['a C1 control', 'dev\u0085', 'U+0085'],
    ['a right-to-left override', 'dev\u202Eice', 'U+202E'],
    ['a zero-width space', 'dev\u200Bice', 'U+200B'],
    ['a lone surrogate', 'dev\uD800', 'U+D800'],
    ['a line separator', 'de\u2028v', 'U+2028'],
  ])('refuses %s', (_what, text, code) => {
    expect(no(id(text))).toBe(
      `contains a control or invisible character (${code}); only printable characters are allowed`,
    );
  });

  it('distinguishes missing, empty and wrong-typed values', () => {
    expect(no(id(undefined))).toBe('is required');
    expect(no(id('   '))).toBe('is required (it is empty)');
    expect(no(readIdentifier('', { required: false, max: 128 }))).toMatch(/is empty; leave the field out/);
    expect(no(id({}))).toBe('must be text, not an object');
    expect(no(id(['a', 'b']))).toMatch(/single value, not a list/);
    expect(no(id(1.5))).toBe('must be text, not a number');
    expect(ok(readIdentifier(undefined, { required: false, max: 128 }))).toBeNull();
  });

  it('eGroup must start with a letter; a leading digit is reserved to the system', () => {
    expect(ok(readEventGroup('WM-ACME5'))).toBe('WM-ACME5');
    expect(ok(readEventGroup('test'))).toBe('test'); // the guide's quick start
    expect(no(readEventGroup('5WM'))).toBe(
      'must start with a letter (A–Z): values starting with a digit are reserved to the system (got "5WM")',
    );
    expect(no(readEventGroup('-WM'))).toBe('must start with a letter (A–Z) (got "-WM")');
    expect(no(readEventGroup('Éau'))).toMatch(/must start with a letter \(A–Z\)/);
    expect(no(readEventGroup(undefined))).toBe('is required');
  });
});

describe('temperature', () => {
  it('keeps decimals exactly and canonically', () => {
    expect(ok(readTemperature('21.50'))).toBe('21.5');
    expect(ok(readTemperature('-3.125'))).toBe('-3.125');
    expect(ok(readTemperature('.5'))).toBe('0.5');
    expect(ok(readTemperature('-0'))).toBe('0');
    expect(ok(readTemperature(21.5))).toBe('21.5');
    expect(ok(readTemperature(0.1))).toBe('0.1');
    expect(ok(readTemperature('1000000'))).toBe('1000000');
    expect(ok(readTemperature('0.000001'))).toBe('0.000001');
  });

  it.each(['1e3', 'NaN', 'Infinity', '21,5', '21.5°C', '0x1'])('refuses %j', (text) => {
    expect(no(readTemperature(text))).toMatch(/must be a decimal number like 21.5/);
  });

  it('refuses out-of-range and over-precise values and non-finite numbers', () => {
    expect(no(readTemperature('1000000.1'))).toMatch(/out of range.*between -1000000 and 1000000/);
    expect(no(readTemperature(-2e6))).toMatch(/out of range/);
    expect(no(readTemperature('1.0000001'))).toMatch(/at most 6 are kept/);
    expect(no(readTemperature(Number.NaN))).toMatch(/got NaN/);
    expect(no(readTemperature(''))).toMatch(/is empty/);
    expect(no(readTemperature(true))).toMatch(/not true\/false/);
  });
});

describe('times', () => {
  it('reads Dtu in ISO 8601 with an offset as that instant, in UTC', () => {
    expect(ok(readUtcTime('2021-06-12T16:31:00+02:00'))).toBe('2021-06-12T14:31:00.000Z');
    expect(ok(readUtcTime('2021-06-12T14:31:00Z'))).toBe('2021-06-12T14:31:00.000Z');
  });

  it('reads a Dtu without offset as UTC, whatever the server zone', () => {
    expect(ok(readUtcTime('2021-06-12T14:31'))).toBe('2021-06-12T14:31:00.000Z');
    expect(ok(readUtcTime('2021-06-12 14:31:00'))).toBe('2021-06-12T14:31:00.000Z');
  });

  it('reads the guide notation "12-jun-2021 14:31" with the month in any case', () => {
    expect(ok(readUtcTime('12-jun-2021 14:31'))).toBe('2021-06-12T14:31:00.000Z');
    expect(ok(readUtcTime('12-JUN-2021 14:31'))).toBe('2021-06-12T14:31:00.000Z');
    expect(ok(readUtcTime('1-Jun-2021 4:31:05'))).toBe('2021-06-01T04:31:05.000Z');
    expect(ok(readUtcTime('12-June-2021 14:31'))).toBe('2021-06-12T14:31:00.000Z');
    expect(ok(readUtcTime('12-jun-2021'))).toBe('2021-06-12T00:00:00.000Z');
  });

  it('keeps the device time as sent and its wall clock, never shifting it by an offset', () => {
    expect(ok(readDeviceTime('12-jun-2021 17:22'))).toEqual({
      text: '12-jun-2021 17:22',
      local: '2021-06-12T17:22:00.000',
    });
    expect(ok(readDeviceTime('2021-06-12T17:22:00+02:00'))).toEqual({
      text: '2021-06-12T17:22:00+02:00',
      local: '2021-06-12T17:22:00.000',
    });
  });

  it.each([
    'yesterday',
    '31-feb-2021 10:00',
    '2021-13-01',
    '12/06/2021 14:31',
    '2021-06-12T25:00',
    '1623508260',
  ])('refuses %j with an example of what is accepted', (text) => {
    expect(no(readUtcTime(text))).toMatch(
      /must be a date and time like 2021-06-12T14:31:00Z or 12-jun-2021 14:31/,
    );
  });

  it('refuses numbers, lists, empty text, and years outside 1970–9999', () => {
    expect(no(readUtcTime(1623508260))).toMatch(/written as text.*not a number/);
    expect(no(readUtcTime(['a', 'b']))).toMatch(/not a list/);
    expect(no(readDeviceTime(''))).toMatch(/is empty/);
    expect(no(readUtcTime('1969-12-31T23:59:59Z'))).toMatch(/outside the years 1970–9999/);
  });

  it('converts Excel serials in the 1900 and 1904 systems to wall-clock time', () => {
    // 44359.604861… is 12-Jun-2021 14:31 in Excel (1900 system).
    expect(excelSerialToWallClock(44359.60486111111)).toBe('2021-06-12T14:31:00.000');
    expect(excelSerialToWallClock(61)).toBe('1900-03-01T00:00:00.000');
    expect(excelSerialToWallClock(42897.60486111111, true)).toBe('2021-06-12T14:31:00.000');
    // Before 1-Mar-1900 Excel's calendar has the phantom 29-Feb-1900; not a date we read.
    expect(excelSerialToWallClock(60)).toBeNull();
    expect(excelSerialToWallClock(3_000_000)).toBeNull();
    expect(excelSerialToWallClock(Number.NaN)).toBeNull();
  });

  it('reads an exceljs date (UTC fields = typed wall clock) independent of the server zone', () => {
    expect(excelDateToWallClock(new Date(Date.UTC(2021, 5, 12, 14, 31)))).toBe('2021-06-12T14:31:00.000');
  });
});

describe('eventDataJ', () => {
  it('accepts a JSON object as text or as an object', () => {
    expect(ok(readEventData('{"pressure": 3.2, "unit": "bar"}'))).toEqual({ pressure: 3.2, unit: 'bar' });
    expect(ok(readEventData({ min: 1, max: { at: 'x' } }))).toEqual({ min: 1, max: { at: 'x' } });
  });

  it('reports invalid JSON with the parser reason', () => {
    expect(no(readEventData('{"pressure": 3.2'))).toMatch(
      /^is not valid JSON \(.+\); send a JSON object like \{"pressure": 3.2\}$/,
    );
    expect(no(readEventData("{'a': 1}"))).toMatch(/is not valid JSON/);
  });

  it('refuses arrays and scalars, given as text or as values', () => {
    expect(no(readEventData('[1,2]'))).toMatch(/must be a JSON object .*not an array/);
    expect(no(readEventData([1, 2]))).toMatch(/not an array/);
    expect(no(readEventData('42'))).toMatch(/not a number/);
    expect(no(readEventData('"text"'))).toMatch(/not string/);
    expect(no(readEventData('null'))).toMatch(/not null/);
    expect(no(readEventData(42))).toMatch(/not a number/);
    expect(no(readEventData(''))).toMatch(/is empty/);
  });

  it('allows 16 KB serialised and refuses more, before parsing', () => {
    const fits = JSON.stringify({ d: 'x'.repeat(EVENT_DATA_MAX_BYTES - 8) });
    expect(Buffer.byteLength(fits)).toBe(EVENT_DATA_MAX_BYTES);
    expect(ok(readEventData(fits))).toEqual({ d: 'x'.repeat(EVENT_DATA_MAX_BYTES - 8) });
    expect(no(readEventData({ d: 'x'.repeat(EVENT_DATA_MAX_BYTES) }))).toMatch(
      /too large: 16392 bytes, at most 16384/,
    );
    // Multi-byte text counts in bytes: 6000 "€" are 18000 bytes.
    expect(no(readEventData({ d: '€'.repeat(6000) }))).toMatch(/too large/);
    expect(no(readEventData(`{"d":"${'x'.repeat(50 * 1024 * 1024)}"}`))).toMatch(/too large/);
  });

  it('refuses deep nesting and the __proto__ key, and values that are not JSON', () => {
    expect(no(readEventData(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`))).toMatch(/nested too deeply/);
    expect(no(readEventData('{"__proto__": {"admin": true}}'))).toBe('may not use the key "__proto__"');
    expect(no(readEventData(JSON.parse('{"x": {"__proto__": 1}}')))).toBe('may not use the key "__proto__"');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(no(readEventData(cyclic))).toMatch(/cannot be written as JSON/);
  });
});

describe('badge', () => {
  it('normalises separators and case', () => {
    for (const written of ['04:a3:2b:1c', '04-A3-2B-1C', ' 04 a3 2b 1c ', '04A32B1C']) {
      expect(ok(readBadgeUid(written))).toBe('04A32B1C');
    }
    expect(normalizeBadgeUid('de:ad-be ef')).toBe('DEADBEEF');
    expect(ok(readBadgeUid(12345678))).toBe('12345678');
  });

  it('refuses non-hex, over-long and empty UIDs', () => {
    expect(no(readBadgeUid('04:G3'))).toMatch(/hexadecimal.*got "04:G3"/);
    expect(no(readBadgeUid('A'.repeat(65)))).toMatch(/65 hex digits, at most 64/);
    expect(no(readBadgeUid('  '))).toMatch(/is empty/);
    expect(no(readBadgeUid(-1))).toMatch(/written as text/);
  });
});

describe('source IP', () => {
  it('accepts IPv4 and IPv6 (lower-cased)', () => {
    expect(ok(readSourceIp('10.50.190.201'))).toBe('10.50.190.201');
    expect(ok(readSourceIp('2001:DB8::1'))).toBe('2001:db8::1');
  });
  it('refuses what is not an address', () => {
    expect(no(readSourceIp('10.50.190.256'))).toMatch(/IPv4 or IPv6 address/);
    expect(no(readSourceIp('example.org'))).toMatch(/IPv4 or IPv6 address/);
    expect(no(readSourceIp(''))).toMatch(/is empty/);
  });
});
