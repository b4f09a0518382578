import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import {
  firstInvalidUtf8,
  formatPath,
  mayHoldPrototypeKey,
  prototypeKeyPath,
} from '../../../src/common/body-shape';

describe('firstInvalidUtf8', () => {
  it('finds the first byte that starts no UTF-8 character', () => {
    expect(firstInvalidUtf8(Buffer.from('plain ascii'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from('Zähler compteur 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xff]))).toBe(1); // never a UTF-8 byte
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]))).toBe(1); // truncated at the end
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0xe0, 0x80, 0xaf]))).toBe(0); // overlong, three bytes
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate U+D800
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(Buffer.from([0x80]))).toBe(0); // a lone continuation byte
  });

  it('agrees with Node on arbitrary bytes, and the prefix before the offset is valid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const offset = firstInvalidUtf8(bytes);
        expect(offset === -1).toBe(isUtf8(bytes));
        if (offset !== -1) expect(isUtf8(bytes.subarray(0, offset))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every string encoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(firstInvalidUtf8(Buffer.from(text, 'utf8'))).toBe(-1);
      }),
    );
  });
});

describe('prototypeKeyPath', () => {
  it('names the path to __proto__ or constructor.prototype, and nothing else', () => {
    expect(prototypeKeyPath(JSON.parse('{"data":[{"a":1},{"__proto__":{}}]}'))).toEqual([
      'data',
      '1',
      '__proto__',
    ]);
    expect(prototypeKeyPath(JSON.parse('{"c":{"constructor":{"prototype":{}}}}'))).toEqual([
      'c',
      'constructor',
      'prototype',
    ]);
    expect(prototypeKeyPath({ constructor: 1, toString: 'x', nested: [{ a: null }] })).toBeNull();
    expect(prototypeKeyPath('text')).toBeNull();
  });

  it('walks a value nested 200,000 deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(prototypeKeyPath(deep)).toBeNull();
  });

  it('formats the path the way the answer names it', () => {
    expect(formatPath(['data', '1'])).toBe('data[1]');
    expect(formatPath(['config', 'constructor'])).toBe('config.constructor');
    expect(formatPath([])).toBe('');
  });
});

describe('mayHoldPrototypeKey', () => {
  /** Each character of a key written as itself or as a \uXXXX escape (either case of hex digits). */
  const spelled = (key: string) =>
    fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }).chain((escapes) =>
      fc.boolean().map((upper) =>
        [...key]
          .map((c, i) => {
            if (!escapes[i]) return c;
            const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
            return `\\u${upper ? hex.toUpperCase() : hex}`;
          })
          .join(''),
      ),
    );
  const body = fc
    .tuple(
      fc.json(),
      fc.oneof(
        spelled('__proto__'),
        spelled('constructor'),
        fc.string().map((k) => JSON.stringify(k).slice(1, -1)),
      ),
      fc.oneof(fc.json(), fc.constant('{"prototype":{}}')),
    )
    .map(([outer, key, value]) => `{"data":[${outer},{"${key}":${value}}]}`);

  it('is true for every body prototypeKeyPath finds something in', () => {
    fc.assert(
      fc.property(body, (text) => {
        if (prototypeKeyPath(JSON.parse(text)) !== null) expect(mayHoldPrototypeKey(text)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
    expect(mayHoldPrototypeKey('{"data":[{"\\u005f_proto__":{}}]}')).toBe(true);
  });

  it('lets an everyday batch pass without a parse', () => {
    expect(mayHoldPrototypeKey(JSON.stringify({ data: [{ eGroup: 'WM', eId: '1', deviceId: 'd' }] }))).toBe(
      false,
    );
  });
});
