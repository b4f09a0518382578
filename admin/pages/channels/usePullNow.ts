import { useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useChannelsApi, type ChannelDto, type PullResultDto } from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { pullSummary } from './format';

/** Pull now, with its outcome reported as a notification; `pulling` holds the channel being pulled. */
export function usePullNow(onDone: (result: PullResultDto | null) => void) {
  const api = useChannelsApi();
  const { toggleNotification } = useNotification();
  const [pulling, setPulling] = useState<string | null>(null);
  async function pull(channel: Pick<ChannelDto, 'documentId' | 'name'>) {
    setPulling(channel.documentId);
    try {
      const result = await api.pull(channel.documentId);
      if ('status' in result) {
        // A long pull goes on in the background; the ingestion log shows its progress.
        toggleNotification({ type: 'info', message: `${channel.name}: ${result.message}` });
        onDone(null);
        return;
      }
      toggleNotification({ type: 'success', message: `${channel.name}: ${pullSummary(result)}` });
      onDone(result);
    } catch (error) {
      toggleNotification({ type: 'danger', message: `${channel.name}: ${toApiFailure(error).message}` });
      onDone(null);
    } finally {
      setPulling(null);
    }
  }
  return { pull, pulling };
}
