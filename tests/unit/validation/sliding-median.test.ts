import fc from 'fast-check';
import { median } from '../../../src/validation/register-validator';
import { SlidingMedian } from '../../../src/validation/sliding-median';

test('the median of the last N values, worked example', () => {
  const window = new SlidingMedian(3);
  expect(window.median()).toBeNull();
  window.push(5);
  window.push(1);
  expect(window.median()).toBe(3); // (1 + 5) / 2
  window.push(9);
  expect(window.median()).toBe(5); // 1 5 9
  window.push(2); // 5 arrived first and leaves: 1 2 9
  expect([window.length, window.median()]).toEqual([3, 2]);
  window.push(2); // 1 leaves: 2 2 9
  expect(window.median()).toBe(2);
});

test('always the median of a sorted copy of the window (the validator before it)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true })), { maxLength: 200 }),
      (size, values) => {
        const window = new SlidingMedian(size);
        const plain: number[] = [];
        for (const v of values) {
          window.push(v);
          plain.push(v);
          if (plain.length > size) plain.shift();
          expect(window.median()).toBe(median(plain));
          expect(window.length).toBe(plain.length);
        }
      },
    ),
  );
});
