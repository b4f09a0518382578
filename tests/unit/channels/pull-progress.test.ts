import { pullProgress, type ProgressLog } from '../../../src/channels/pull-progress';

const since = new Date('2026-12-03T10:00:00Z');
const at = (iso: string) => new Date(iso);

describe('pullProgress', () => {
  it('counts the files of the running pull and the rows they hold so far', () => {
    const logs: ProgressLog[] = [
      // finished in this pull: done, its 1,000 rows count
      { status: 'Completed', totalRows: 1000, completedAt: at('2026-12-03T10:00:05Z') },
      // failed in this pull: done too (it has an outcome), 20 rows
      { status: 'Partial', totalRows: 20, completedAt: at('2026-12-03T10:00:06Z') },
      // being stored: 5,000 rows committed so far, not done
      { status: 'Processing', totalRows: 5000, completedAt: null },
      // waiting: counted in the total, no rows yet
      { status: 'Pending', totalRows: 0, completedAt: null },
      // finished by an earlier pull: not this pull's
      { status: 'Completed', totalRows: 9999, completedAt: at('2026-12-02T10:00:00Z') },
    ];
    // files: done 2 of 4; rows: 1000 + 20 + 5000 + 0 = 6020
    expect(pullProgress(logs, since)).toEqual({ files: { done: 2, total: 4 }, rows: 6020 });
  });

  it('is empty for a channel without files', () => {
    expect(pullProgress([], since)).toEqual({ files: { done: 0, total: 0 }, rows: 0 });
  });

  it('counts a file finished exactly when the pull started, and never negative rows', () => {
    expect(pullProgress([{ status: 'Failed', totalRows: -3, completedAt: new Date(since) }], since)).toEqual({
      files: { done: 1, total: 1 },
      rows: 0,
    });
  });
});
