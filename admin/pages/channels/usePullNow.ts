import { useEffect, useRef, useState } from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { useChannelsApi, type ChannelDto, type PullResultDto } from '../../api/channels-client';
import { toApiFailure } from '../../api/errors';
import { useT } from '../../utils/useT';
import { pullFinishedSummary, pullSummary } from './format';

/** How far a background pull has come: files done of the pull's files, rows stored so far. */
export type PullProgress = { done: number; total: number; rows: number };

/** How often a background pull's progress is read. */
const POLL_MS = 1000;

/**
 * Pull now, with its outcome reported as a notification; `pulling` holds the channels
 * being pulled, so each channel's button waits for its own pull only. A pull that goes on
 * in the background (202) is followed through its status until it ends — `progress`
 * holds its figures — and then reports its rows like a pull that answered at once.
 */
export function usePullNow(onDone: (result: PullResultDto | null) => void) {
  const api = useChannelsApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [pulling, setPulling] = useState<ReadonlySet<string>>(new Set());
  const [progress, setProgress] = useState<ReadonlyMap<string, PullProgress>>(new Map());
  // Leaving the page stops following (the pull itself goes on on the server).
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const setProgressOf = (id: string, figures: PullProgress | null) =>
    setProgress((all) => {
      const next = new Map(all);
      if (figures) next.set(id, figures);
      else next.delete(id);
      return next;
    });

  /** Reads the status until the pull ends; its last report, or null when there is none. */
  async function follow(id: string) {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!mounted.current) return null;
      const status = await api.pullStatus(id);
      if (!status.running) return status.last;
      setProgressOf(id, { done: status.files.done, total: status.files.total, rows: status.rows });
    }
  }

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
        toggleNotification({
          type: 'info',
          link,
          message: t(
            'channels.pull.background',
            '{name}: the pull goes on in the background; the ingestion log shows its progress',
            { name: channel.name },
          ),
        });
        setProgressOf(channel.documentId, { done: 0, total: 0, rows: 0 });
        const last = await follow(channel.documentId);
        if (last)
          toggleNotification({
            type: 'success',
            link,
            message: `${channel.name}: ${pullFinishedSummary(t, last)}`,
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
      setProgressOf(channel.documentId, null);
      setPulling((ids) => {
        const rest = new Set(ids);
        rest.delete(channel.documentId);
        return rest;
      });
    }
  }
  return { pull, pulling, progress };
}
