import { groupCommit } from '../../../src/common/group-commit';

/** A write that records the groups it was given and answers each item doubled, or fails on `bad`. */
function recordingWrite(bad?: number) {
  const groups: number[][] = [];
  const write = async (items: number[]) => {
    groups.push(items);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (bad !== undefined && items.includes(bad)) throw new Error(`refused ${bad}`);
    return items.map((item) => item * 2);
  };
  return { groups, write };
}

describe('groupCommit', () => {
  it('writes items handed in together as one group, each caller getting its own outcome', async () => {
    const { groups, write } = recordingWrite();
    const store = groupCommit(8, write);
    const outcomes = await Promise.all([1, 2, 3, 4].map((item) => store(item)));
    expect(outcomes).toEqual([2, 4, 6, 8]);
    expect(groups).toEqual([[1, 2, 3, 4]]);
  });

  it('holds items arriving during a write for the next one, at most `most` a group, in order', async () => {
    const { groups, write } = recordingWrite();
    const store = groupCommit(3, write);
    const first = store(1);
    await new Promise((resolve) => setImmediate(resolve)); // the first write has started
    const later = [2, 3, 4, 5, 6, 7].map((item) => store(item));
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(groups).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
  });

  it('writes a failed group again item by item, so only the culprit sees the error', async () => {
    const { groups, write } = recordingWrite(3);
    const store = groupCommit(8, write);
    const settled = await Promise.allSettled([1, 2, 3, 4].map((item) => store(item)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      2,
      4,
      'refused 3',
      8,
    ]);
    expect(groups).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
    // …and keeps serving afterwards.
    await expect(store(5)).resolves.toBe(10);
  });
});
