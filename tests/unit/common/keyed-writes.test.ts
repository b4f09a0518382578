import { keyedWrites } from '../../../src/common/keyed-writes';

/** A write that runs until the test lets it finish (or fail). */
function gate() {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const write = { started: false, run: () => ((write.started = true), done), finish, fail };
  return write;
}

/** Lets every settled promise's continuations run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));
const keys = (...k: string[]) => new Set(k);

test('writes with distinct keys run side by side up to the limit; the next waits for the oldest', async () => {
  const writes = keyedWrites(2);
  const [a, b, c] = [gate(), gate(), gate()];
  await writes.start(keys('1'), a.run);
  await writes.start(keys('2'), b.run);
  const third = writes.start(keys('3'), c.run);
  await flush();
  expect([a.started, b.started, c.started]).toEqual([true, true, false]);
  b.finish(); // a later one finishing frees nothing: the oldest holds its slot
  await flush();
  expect(c.started).toBe(false);
  a.finish();
  await third;
  expect(c.started).toBe(true);
  c.finish();
  await writes.drain();
});

test('a write sharing a key with one in flight waits for it, even with a slot free', async () => {
  const writes = keyedWrites(3);
  const [a, b, c] = [gate(), gate(), gate()];
  await writes.start(keys('x', 'y'), a.run);
  await writes.start(keys('z'), b.run);
  const shared = writes.start(keys('q', 'y'), c.run); // 'y' is a's
  await flush();
  expect(c.started).toBe(false);
  b.finish();
  await flush();
  expect(c.started).toBe(false);
  a.finish();
  await shared;
  expect(c.started).toBe(true);
  c.finish();
  await writes.drain();
});

test('writes without keys never wait on keys; with a limit of 1 they run one after another', async () => {
  const writes = keyedWrites(1);
  const [a, b] = [gate(), gate()];
  await writes.start(keys(), a.run);
  const second = writes.start(keys(), b.run);
  await flush();
  expect(b.started).toBe(false);
  a.finish();
  await second;
  expect(b.started).toBe(true);
  b.finish();
  await writes.drain();
});

test('a failure is kept: later starts, throwIfFailed and drain throw it; settled does not', async () => {
  const writes = keyedWrites(2);
  const [a, b, c] = [gate(), gate(), gate()];
  await writes.start(keys('1'), a.run);
  await writes.start(keys('2'), b.run);
  const waiting = writes.start(keys('3'), c.run);
  a.fail(new Error('disk full'));
  await expect(waiting).rejects.toThrow('disk full');
  expect(c.started).toBe(false); // never started after the failure
  expect(() => writes.throwIfFailed()).toThrow('disk full');
  b.fail(new Error('second'));
  await writes.settled(); // resolves: the undo after a failure waits for every write
  await expect(writes.drain()).rejects.toThrow('disk full'); // the first failure, not the last
});

test('the limit is a whole number of at least one', () => {
  expect(() => keyedWrites(0)).toThrow(RangeError);
  expect(() => keyedWrites(1.5)).toThrow(RangeError);
});
