import fc from 'fast-check';
import { INT64_MAX, INT64_MIN, readInt64 } from '../../../src/usage/int64';

const value = (input: unknown) => {
  const result = readInt64(input);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.value;
};
const refusal = (input: unknown) => {
  const result = readInt64(input);
  if (result.ok) throw new Error(`accepted ${String(result.value)}`);
  return result.message;
};

describe('64-bit counters', () => {
  it('keeps the int64 bounds exactly, as strings', () => {
    expect(value('9223372036854775807')).toBe('9223372036854775807');
    expect(value('-9223372036854775808')).toBe('-9223372036854775808');
    expect(value(9223372036854775807n)).toBe('9223372036854775807');
  });

  it('refuses one past either bound, naming the range', () => {
    expect(refusal('9223372036854775808')).toMatch(
      /out of range.*-9223372036854775808 to 9223372036854775807/,
    );
    expect(refusal('-9223372036854775809')).toMatch(/out of range/);
    expect(refusal(2n ** 63n)).toMatch(/out of range/);
  });

  it('normalises signs, zeros and surrounding whitespace', () => {
    expect(value(' 6789 ')).toBe('6789');
    expect(value('+12')).toBe('12');
    expect(value('007')).toBe('7');
    expect(value('-0')).toBe('0');
    expect(value(-0)).toBe('0');
  });

  it.each(['1e3', '1.5', '1.0', 'NaN', 'Infinity', '-Infinity', '0x10', '12abc', '١٢', '1 000', '--1'])(
    'refuses the text %j as not a whole number',
    (text) => {
      expect(refusal(text)).toMatch(/must be a whole number written with digits only/);
    },
  );

  it('refuses an empty value rather than reading it as zero', () => {
    expect(refusal('')).toMatch(/is empty/);
    expect(refusal('   ')).toMatch(/is empty/);
  });

  it('accepts JSON numbers that are safe integers', () => {
    expect(value(6789)).toBe('6789');
    expect(value(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(value(-Number.MAX_SAFE_INTEGER)).toBe('-9007199254740991');
  });

  it('refuses a JSON number beyond 2^53 and says to send it as a string', () => {
    // What JSON.parse makes of {"intcounter": 9223372036854775807}: already rounded.
    const parsed = JSON.parse('{"intcounter": 9223372036854775807}').intcounter as number;
    expect(parsed).toBe(9223372036854776000);
    const message = refusal(parsed);
    expect(message).toMatch(/send it as a string/);
    expect(message).toContain('9223372036854775808'); // shows what actually arrived
    expect(refusal(Number.MAX_SAFE_INTEGER + 1)).toMatch(/send it as a string/);
  });

  it('refuses non-integer, NaN and infinite numbers', () => {
    expect(refusal(1.5)).toMatch(/whole number \(got 1.5\)/);
    expect(refusal(Number.NaN)).toMatch(/got NaN/);
    expect(refusal(Number.POSITIVE_INFINITY)).toMatch(/got Infinity/);
  });

  it('refuses lists (a repeated query parameter) and other types', () => {
    expect(refusal(['1', '2'])).toMatch(/single value, not a list/);
    expect(refusal(true)).toMatch(/not true\/false/);
    expect(refusal({ a: 1 })).toMatch(/not an object/);
  });

  it('treats absence as no value', () => {
    expect(value(undefined)).toBeNull();
    expect(value(null)).toBeNull();
  });

  it('round-trips every int64 given as text, and refuses everything outside', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), (n) => {
        expect(value(n.toString())).toBe(n.toString());
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: INT64_MAX + 1n, max: 2n ** 80n }),
          fc.bigInt({ min: -(2n ** 80n), max: INT64_MIN - 1n }),
        ),
        (n) => {
          expect(readInt64(n.toString()).ok).toBe(false);
        },
      ),
    );
  });

  it('refuses megabytes of digits without trying to parse them', () => {
    expect(refusal('1'.repeat(1_000_000))).toMatch(/digits only \(got "1111/);
  });
});
