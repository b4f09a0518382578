import type { MessageDescriptor } from 'react-intl';
import type { ChannelDto, RemoteFileDto } from '../../api/channels-client';
import { msg, type Translate } from '../../utils/useT';

type Status = { label: MessageDescriptor; background: string; text: string };

export const CHANNEL_STATUS: Record<ChannelDto['status'], Status> = {
  active: { label: msg('channels.status.active', 'Active'), background: 'success100', text: 'success700' },
  failing: {
    label: msg('channels.status.failing', 'Last pull failed'),
    background: 'danger100',
    text: 'danger700',
  },
  inactive: {
    label: msg('channels.status.inactive', 'Inactive'),
    background: 'neutral150',
    text: 'neutral600',
  },
};

export const FILE_STATUS: Record<RemoteFileDto['status'], Status> = {
  new: { label: msg('files.status.new', 'New'), background: 'primary100', text: 'primary700' },
  pending: { label: msg('files.status.pending', 'Pending'), background: 'neutral150', text: 'neutral700' },
  processing: {
    label: msg('files.status.processing', 'Processing'),
    background: 'primary100',
    text: 'primary700',
  },
  completed: {
    label: msg('files.status.completed', 'Completed'),
    background: 'success100',
    text: 'success700',
  },
  failed: { label: msg('files.status.failed', 'Failed'), background: 'danger100', text: 'danger700' },
  partial: { label: msg('files.status.partial', 'Partial'), background: 'warning100', text: 'warning700' },
  skipped: { label: msg('files.status.skipped', 'Skipped'), background: 'neutral150', text: 'neutral600' },
};

/**
 * "Pulled: 3 files on the source, 1 new, 1 processed — rows: 96 inserted, 0 duplicate,
 * 1 conflict, 2 rejected" — what Pull now reports, files and rows as the guide says.
 */
export function pullSummary(
  t: Translate,
  result: {
    files: unknown[];
    newFiles: number;
    processedFiles: number;
    rows: { inserted: number; duplicate: number; conflict: number; rejected: number };
  },
): string {
  return t(
    'channels.pull.summary',
    'Pulled: {files, plural, one {# file} other {# files}} on the source, {newFiles, number} new, {processed, number} processed — rows: {inserted, number} inserted, {duplicate, number} duplicate, {conflict, plural, one {# conflict} other {# conflicts}}, {rejected, number} rejected',
    {
      files: result.files.length,
      newFiles: result.newFiles,
      processed: result.processedFiles,
      ...result.rows,
    },
  );
}

/** "Pull finished: 2 files processed — rows: …": the report of a pull that ran in the background. */
export function pullFinishedSummary(
  t: Translate,
  last: {
    processedFiles: number;
    rows: { inserted: number; duplicate: number; conflict: number; rejected: number };
  },
): string {
  return t(
    'channels.pull.finished',
    'Pull finished: {processed, plural, one {# file} other {# files}} processed — rows: {inserted, number} inserted, {duplicate, number} duplicate, {conflict, plural, one {# conflict} other {# conflicts}}, {rejected, number} rejected',
    { processed: last.processedFiles, ...last.rows },
  );
}

/** Settings → Utilities → Channels: the list; a channel's page is `${CHANNELS_BASE}/:id`. */
export const CHANNELS_BASE = '/settings/utilities/channels';
