/**
 * How far a channel's pull has come, read from its files' ingestion logs — the same
 * checkpoints that make a pull resumable, so the figures are the same on every instance
 * and survive a restart. A file belongs to the running pull when it waits (Pending),
 * is being stored (Processing), or was finished since the pull started.
 */
export type ProgressLog = {
  status: string;
  /** Rows of the file stored or given an outcome so far (moved on at each commit). */
  totalRows: number;
  completedAt: Date | null;
};

export type PullProgress = {
  files: { done: number; total: number };
  /** Rows stored or given an outcome so far, over the pull's files. */
  rows: number;
};

const WAITING = new Set(['Pending', 'Processing']);

export function pullProgress(logs: ProgressLog[], since: Date): PullProgress {
  const progress: PullProgress = { files: { done: 0, total: 0 }, rows: 0 };
  for (const log of logs) {
    const waiting = WAITING.has(log.status);
    const finishedInPull = !waiting && log.completedAt !== null && log.completedAt >= since;
    if (!waiting && !finishedInPull) continue;
    progress.files.total++;
    if (finishedInPull) progress.files.done++;
    progress.rows += Math.max(0, log.totalRows);
  }
  return progress;
}
