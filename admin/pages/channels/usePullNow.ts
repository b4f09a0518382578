import { useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useChannelsApi, type ChannelDto, type PullResultDto } from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { useT } from '../../utils/useT';
import { pullSummary } from './format';

/**
 * Pull now, with its outcome reported as a notification; `pulling` holds the channels
 * being pulled, so each channel's button waits for its own pull only.
 */
export function usePullNow(onDone: (result: PullResultDto | null) => void) {
  const api = useChannelsApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [pulling, setPulling] = useState<ReadonlySet<string>>(new Set());
  async function pull(channel: Pick<ChannelDto, 'documentId' | 'name'>) {
    // What the pull read and wrote, row by row, is in the ingestion log of the channel.
    const link = {
      url: `/admin/settings/utilities/ingestion-log?filters[channel]=${encodeURIComponent(channel.documentId)}`,
      label: t('channels.pull.open-log', 'Open the ingestion log'),
    };
    setPulling((ids) => new Set(ids).add(channel.documentId));
    try {
      const result = await api.pull(channel.documentId);
      if ('status' in result) {
        // A long pull goes on in the background; the ingestion log shows its progress.
        toggleNotification({
          type: 'info',
          link,
          message: t(
            'channels.pull.background',
            '{name}: the pull goes on in the background; the ingestion log shows its progress',
            { name: channel.name },
          ),
        });
        onDone(null);
        return;
      }
      toggleNotification({ type: 'success', link, message: `${channel.name}: ${pullSummary(t, result)}` });
      onDone(result);
    } catch (error) {
      toggleNotification({ type: 'danger', message: `${channel.name}: ${toApiFailure(error, t).message}` });
      onDone(null);
    } finally {
      setPulling((ids) => {
        const rest = new Set(ids);
        rest.delete(channel.documentId);
        return rest;
      });
    }
  }
  return { pull, pulling };
}
