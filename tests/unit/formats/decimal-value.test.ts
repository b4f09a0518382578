import Decimal from 'decimal.js';
import fc from 'fast-check';
import { MAX_DECIMAL_DIGITS, parseDecimal } from '../../../src/formats';

const ok = (text: string, style?: Parameters<typeof parseDecimal>[1]) => {
  const result = parseDecimal(text, style);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.error}`);
  return result;
};
const error = (text: string, style?: Parameters<typeof parseDecimal>[1]) => {
  const result = parseDecimal(text, style);
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${result.value}`);
  return result.error;
};

describe('parseDecimal', () => {
  it('keeps values exact as canonical decimal strings, never floats', () => {
    expect(ok('0.1').value).toBe('0.1');
    expect(ok('1.111').value).toBe('1.111');
    expect(ok('006342.8').value).toBe('6342.8');
    expect(ok('1.10').value).toBe('1.10'); // the scale written is kept
    expect(ok('+5').value).toBe('5');
    expect(ok(' 12.5 ').value).toBe('12.5');
    expect(ok('.5').value).toBe('0.5');
    expect(ok('5.').value).toBe('5');
    expect(ok('123456789012345678901234567.123456789').value).toBe('123456789012345678901234567.123456789');
  });

  it('expands exponent notation exactly', () => {
    expect(ok('1.2E3').value).toBe('1200');
    expect(ok('1.5e-3').value).toBe('0.0015');
    expect(ok('-2e2')).toEqual({ ok: true, value: '-200', negative: true });
  });

  it('flags negatives, but not negative zero', () => {
    expect(ok('-12.5')).toEqual({ ok: true, value: '-12.5', negative: true });
    expect(ok('-0')).toEqual({ ok: true, value: '0', negative: false });
    expect(ok('-0.000')).toEqual({ ok: true, value: '0.000', negative: false });
  });

  it('reads decimal commas and thousands separators when told to', () => {
    expect(ok('12,5', { decimalSeparator: ',' }).value).toBe('12.5');
    expect(ok('1.234,5', { decimalSeparator: ',', thousandsSeparator: '.' }).value).toBe('1234.5');
    expect(ok('1 234 567,25', { decimalSeparator: ',', thousandsSeparator: ' ' }).value).toBe('1234567.25');
    expect(ok('1\u00a0234,5', { decimalSeparator: ',', thousandsSeparator: ' ' }).value).toBe('1234.5');
    expect(ok("1'234.5", { decimalSeparator: '.', thousandsSeparator: "'" }).value).toBe('1234.5');
    expect(ok('1,234,567.5', { decimalSeparator: '.', thousandsSeparator: ',' }).value).toBe('1234567.5');
    expect(ok('-1,234', { decimalSeparator: '.', thousandsSeparator: ',' }).value).toBe('-1234');
  });

  it('refuses badly grouped thousands instead of guessing', () => {
    expect(error('12,34', { decimalSeparator: '.', thousandsSeparator: ',' })).toMatch(/not a number/);
    expect(error('1,2345.5', { decimalSeparator: '.', thousandsSeparator: ',' })).toMatch(/not a number/);
  });

  it('explains a decimal separator mix-up', () => {
    expect(error('12,5')).toBe(
      '"12,5" is not a number — the decimal separator set for this file is "."; for values like 12,5 set the decimal separator to ","',
    );
    expect(error('12.5', { decimalSeparator: ',' })).toMatch(/decimal separator set for this file is ","/);
  });

  it('refuses non-numbers with a reason', () => {
    expect(error('')).toBe('The value is empty');
    expect(error('   ')).toBe('The value is empty');
    expect(error('abc')).toBe('"abc" is not a number');
    expect(error('12 kWh')).toBe('"12 kWh" is not a number — a value must be a plain number, without a unit');
    expect(error('NaN')).toMatch(/not a number/);
    expect(error('Infinity')).toMatch(/not a number/);
    expect(error('0x1F')).toMatch(/not a number/);
    expect(error('1.2.3')).toMatch(/not a number/);
    expect(error('--1')).toMatch(/not a number/);
    expect(error('.')).toMatch(/not a number/);
    expect(error('e5')).toMatch(/not a number/);
  });

  it('refuses absurdly long numbers instead of storing them', () => {
    expect(error('9'.repeat(MAX_DECIMAL_DIGITS + 1))).toMatch(`more than ${MAX_DECIMAL_DIGITS} digits`);
    expect(error('1e39')).toMatch(/out of range|digits/);
    expect(error('1'.repeat(100_000))).toMatch(/out of range|digits/);
    expect(ok('9'.repeat(MAX_DECIMAL_DIGITS)).value).toBe('9'.repeat(MAX_DECIMAL_DIGITS));
  });

  it('agrees with decimal.js on any plain decimal (property)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.stringMatching(/^\d{1,15}$/),
        fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }),
        (negative, integer, fraction) => {
          const text = `${negative ? '-' : ''}${integer}${fraction !== undefined ? `.${fraction}` : ''}`;
          const dot = ok(text);
          expect(new Decimal(dot.value).eq(new Decimal(text))).toBe(true);
          expect(dot.negative).toBe(new Decimal(text).lt(0));
          // The same number written with a decimal comma reads the same.
          expect(ok(text.replace('.', ','), { decimalSeparator: ',' }).value).toBe(dot.value);
        },
      ),
    );
  });
});
