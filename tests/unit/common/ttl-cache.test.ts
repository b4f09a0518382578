import { TtlCache } from '../../../src/common/ttl-cache';

/** The bounded expiring map behind the device routes' token check. */
function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('an entry is returned until its TTL has passed, then forgotten', () => {
  const time = clock();
  const cache = new TtlCache<string>(5_000, 10, time.now);
  cache.set('a', 'token a');
  time.advance(4_999);
  expect(cache.get('a')).toBe('token a');
  time.advance(1); // stored at 1,000, expires at 6,000: exactly then it is gone
  expect(cache.get('a')).toBeUndefined();
  expect(cache.size).toBe(0);
});

test('storing again starts the TTL again', () => {
  const time = clock();
  const cache = new TtlCache<number>(1_000, 10, time.now);
  cache.set('a', 1);
  time.advance(900);
  cache.set('a', 2);
  time.advance(900);
  expect(cache.get('a')).toBe(2);
});

test('full: the entry stored longest ago goes first, so many keys never grow it past its bound', () => {
  const time = clock();
  const cache = new TtlCache<number>(60_000, 3, time.now);
  for (let i = 0; i < 1_000; i++) cache.set(`k${i}`, i);
  expect(cache.size).toBe(3);
  expect([cache.get('k996'), cache.get('k997'), cache.get('k998'), cache.get('k999')]).toEqual([
    undefined,
    997,
    998,
    999,
  ]);
});

test('a re-stored key counts as the newest when making room', () => {
  const cache = new TtlCache<number>(60_000, 2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('a', 3); // a is now newer than b
  cache.set('c', 4); // room is made by dropping b
  expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
});

test('a TTL of 0 keeps nothing; clear and delete forget at once', () => {
  const off = new TtlCache<number>(0, 10);
  off.set('a', 1);
  expect(off.get('a')).toBeUndefined();
  const cache = new TtlCache<number>(60_000, 10);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.delete('a');
  expect(cache.get('a')).toBeUndefined();
  cache.clear();
  expect(cache.get('b')).toBeUndefined();
});
