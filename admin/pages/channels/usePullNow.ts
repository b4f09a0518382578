import { useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useChannelsApi, type ChannelDto, type PullResultDto } from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { useT } from '../../utils/useT';
import { pullSummary } from './format';

/** Pull now, with its outcome reported as a notification; `pulling` holds the channel being pulled. */
export function usePullNow(onDone: (result: PullResultDto | null) => void) {
  const api = useChannelsApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [pulling, setPulling] = useState<string | null>(null);
  async function pull(channel: Pick<ChannelDto, 'documentId' | 'name'>) {
    setPulling(channel.documentId);
    try {
      const result = await api.pull(channel.documentId);
      if ('status' in result) {
        // A long pull goes on in the background; the ingestion log shows its progress.
        toggleNotification({
          type: 'info',
          message: t(
            'channels.pull.background',
            '{name}: the pull goes on in the background; the ingestion log shows its progress',
            { name: channel.name },
          ),
        });
        onDone(null);
        return;
      }
      toggleNotification({ type: 'success', message: `${channel.name}: ${pullSummary(t, result)}` });
      onDone(result);
    } catch (error) {
      toggleNotification({ type: 'danger', message: `${channel.name}: ${toApiFailure(error, t).message}` });
      onDone(null);
    } finally {
      setPulling(null);
    }
  }
  return { pull, pulling };
}
