import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createHeapBudget } from '../../../server/jobs/heap-budget';

const MB = 1024 * 1024;

/** A heap whose size the test sets; collecting brings it down to what is "live". */
function fakeHeap(start: number) {
  const heap = { used: start, live: start, collected: 0 };
  return {
    heap,
    collect: () => {
      heap.collected += 1;
      heap.used = heap.live;
    },
    heapUsed: () => heap.used,
  };
}

test('collects once the heap has grown by the budget, then measures from what is live after it', () => {
  const { heap, collect, heapUsed } = fakeHeap(100 * MB);
  const budget = createHeapBudget(64, collect, heapUsed);

  heap.used = 163 * MB; // 63 MB of garbage: under the budget
  budget.check();
  expect(heap.collected).toBe(0);

  heap.used = 164 * MB; // 64 MB: the budget
  heap.live = 120 * MB; // the job keeps 20 MB alive
  budget.check();
  expect(heap.collected).toBe(1);

  // The next collection is a budget above the 120 MB live after the first, not above 100 MB:
  // what the job keeps alive is not collected over and over.
  heap.used = 183 * MB;
  budget.check();
  expect(heap.collected).toBe(1);
  heap.used = 184 * MB;
  budget.check();
  expect(heap.collected).toBe(2);
});

test("V8's own collections on the way do not move the baseline", () => {
  const { heap, collect, heapUsed } = fakeHeap(100 * MB);
  const budget = createHeapBudget(64, collect, heapUsed);
  heap.used = 90 * MB; // V8's own collection
  budget.check();
  heap.used = 160 * MB; // 60 MB over the start, 70 MB over the low: the start is the baseline
  budget.check();
  expect(heap.collected).toBe(0);
});

test('a budget of 0 leaves the heap to V8', () => {
  const { heap, collect, heapUsed } = fakeHeap(100 * MB);
  const budget = createHeapBudget(0, collect, heapUsed);
  heap.used = 10_000 * MB;
  budget.check();
  expect(heap.collected).toBe(0);
});

test("V8's own full collection frees the garbage, and no context is left with a gc global", () => {
  const hadGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  // The baseline reads 0, so the check asks for a collection whatever V8 collected meanwhile:
  // what is tested here is the collection itself (the rule is tested above).
  let reads = 0;
  const budget = createHeapBudget(8, undefined, () => (reads++ ? v8.getHeapStatistics().used_heap_size : 0));
  // Garbage the young generation cannot hold: 40 arrays of 100,000 doubles (32 MB), dropped on return.
  const dropped = (() => Array.from({ length: 40 }, () => new Array(100_000).fill(1.5)).length)();
  const grown = v8.getHeapStatistics().used_heap_size;
  budget.check();
  expect(dropped).toBe(40);
  // At least most of the 32 MB is gone.
  expect(grown - v8.getHeapStatistics().used_heap_size).toBeGreaterThan(24 * MB);
  if (!hadGc) expect(runInNewContext('typeof gc')).toBe('undefined');
});
