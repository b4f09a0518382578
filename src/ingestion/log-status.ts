/**
 * The file-level status of an ingestion log once its rows are counted:
 * - Failed: the file could not be read at all (or nothing of it could be used);
 * - Partial: some rows were rejected or conflicted, or reading stopped part-way;
 * - Completed: every row is stored or was already stored.
 */
export type LogStatus = 'Pending' | 'Processing' | 'Completed' | 'Failed' | 'Partial' | 'Skipped';
export const LOG_STATUSES: readonly LogStatus[] = [
  'Pending',
  'Processing',
  'Completed',
  'Failed',
  'Partial',
  'Skipped',
];

export type RowCounts = { inserted: number; duplicate: number; conflict: number; rejected: number };

export const totalOf = (c: RowCounts) => c.inserted + c.duplicate + c.conflict + c.rejected;
export const failedOf = (c: RowCounts) => c.conflict + c.rejected;

export function finalStatus(
  counts: RowCounts,
  fatalError: string | null,
): Exclude<LogStatus, 'Pending' | 'Processing' | 'Skipped'> {
  const usable = counts.inserted + counts.duplicate;
  if (fatalError) return usable > 0 ? 'Partial' : 'Failed';
  if (totalOf(counts) > 0 && usable === 0) return 'Failed';
  return failedOf(counts) > 0 ? 'Partial' : 'Completed';
}
