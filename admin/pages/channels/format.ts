import type { ChannelDto, RemoteFileDto } from '../../api/channels-client';

/** Date and time in the browser's locale, "—" for never. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export const CHANNEL_STATUS: Record<
  ChannelDto['status'],
  { label: string; background: string; text: string }
> = {
  active: { label: 'Active', background: 'success100', text: 'success700' },
  failing: { label: 'Last pull failed', background: 'danger100', text: 'danger700' },
  inactive: { label: 'Inactive', background: 'neutral150', text: 'neutral600' },
};

export const FILE_STATUS: Record<
  RemoteFileDto['status'],
  { label: string; background: string; text: string }
> = {
  new: { label: 'New', background: 'primary100', text: 'primary700' },
  pending: { label: 'Pending', background: 'neutral150', text: 'neutral700' },
  processing: { label: 'Processing', background: 'primary100', text: 'primary700' },
  completed: { label: 'Completed', background: 'success100', text: 'success700' },
  failed: { label: 'Failed', background: 'danger100', text: 'danger700' },
  partial: { label: 'Partial', background: 'warning100', text: 'warning700' },
  skipped: { label: 'Skipped', background: 'neutral150', text: 'neutral600' },
};

/** "3 files listed, 1 new, 1 processed" — what Pull now reports. */
export function pullSummary(result: { files: unknown[]; newFiles: number; processedFiles: number }): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `Pulled: ${n(result.files.length, 'file')} on the source, ${result.newFiles} new, ${result.processedFiles} processed`;
}
