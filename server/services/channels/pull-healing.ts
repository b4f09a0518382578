import type { Core } from '@strapi/strapi';
import { databaseOutage, outageReason, retryDelayMs, type Outage } from '../../../src/common/db-outage';
import { DomainError } from '../../../src/common/errors';
import type { PluginConfig } from '../../config';
import { getService } from '../../plugin';

/**
 * Pulls that heal themselves after a database outage (#21 item 5). When the database
 * drops a pull (a restart, a killed connection), its file stays Processing with its
 * checkpoint committed. This instance then waits — doubling, jittered, bounded by
 * `channels.outageRetry` — until the database answers, notes the interruption on the
 * file's log and on the channel ("retrying at …"), and pulls again: the pull resumes the
 * file from its checkpoint, so every reading is stored once.
 *
 * Only the instance whose pull was dropped retries, and its retry is an ordinary pull
 * holding the channel's lease: if another instance has taken the channel meanwhile
 * (its schedule, a person's Pull now), the retry finds the lease held and leaves the
 * file to that pull.
 */
type Healing = { attempt: number; timer: NodeJS.Timeout | null };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const healing = new Map<string, Healing>();
  let stopped = false;
  const policy = () => strapi.config.get<PluginConfig>('plugin::utilities').channels.outageRetry;
  const log = (m: string) => strapi.log.warn(`[utilities] ${m}`);
  const describe = outageReason;

  function later(documentId: string, state: Healing, delayMs: number, step: () => Promise<void>) {
    state.timer = setTimeout(() => {
      state.timer = null;
      if (stopped) return;
      step().catch((error) => {
        healing.delete(documentId);
        log(`Channel ${documentId}: retrying the interrupted pull failed: ${(error as Error).message}`);
      });
    }, delayMs);
    state.timer.unref?.();
  }

  /** One attempt: is the database back? Then note the outage, and pull after the next wait. */
  async function attempt(documentId: string, state: Healing, outage: Outage, interruptedAt: Date) {
    const { attempts } = policy();
    if (state.attempt >= attempts) {
      healing.delete(documentId);
      await getService(strapi, 'channels')
        .recordError(
          documentId,
          `The pull was interrupted at ${interruptedAt.toISOString()}: ${describe(outage)}. ` +
            `It was retried ${attempts} time(s) without success; press Pull now to resume it.`,
        )
        .catch(() => undefined);
      log(`Channel ${documentId}: gave up retrying the interrupted pull after ${attempts} attempt(s)`);
      return;
    }
    const wait = retryDelayMs(state.attempt, policy());
    state.attempt++;
    try {
      await getService(strapi, 'ingestion-logs').recordInterruption(documentId, {
        at: interruptedAt.toISOString(),
        reason: describe(outage),
      });
      const retryAt = new Date(Date.now() + wait);
      await getService(strapi, 'channels').recordError(
        documentId,
        `The pull was interrupted at ${interruptedAt.toISOString()}: ${describe(outage)}. ` +
          `Retrying at ${retryAt.toISOString()} (attempt ${state.attempt} of ${attempts}).`,
      );
    } catch (error) {
      // Still down: try again after the wait, with the same interruption to record.
      if (!databaseOutage(error)) throw error;
      later(documentId, state, wait, () => attempt(documentId, state, outage, interruptedAt));
      return;
    }
    later(documentId, state, wait, () => retry(documentId, state));
  }

  async function retry(documentId: string, state: Healing) {
    try {
      await getService(strapi, 'channel-pulls').pull(documentId, { trigger: 'retry' });
      healing.delete(documentId);
      strapi.log.info(`[utilities] Channel ${documentId}: the interrupted pull was resumed and finished`);
    } catch (error) {
      const outage = databaseOutage(error);
      if (outage) {
        // Dropped again: a new interruption, noted once the database answers.
        await attempt(documentId, state, outage, new Date());
        return;
      }
      healing.delete(documentId);
      // The lease is held: another instance (or a person's Pull now) is pulling the channel,
      // and resumes the file. Any other failure the pull has recorded on the channel itself.
      if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
    }
  }

  return {
    /** A pull of this channel was dropped by the database: heal it (once per channel at a time). */
    interrupted(documentId: string, error: unknown) {
      const outage = databaseOutage(error);
      if (!outage || stopped || healing.has(documentId)) return;
      const state: Healing = { attempt: 0, timer: null };
      healing.set(documentId, state);
      const interruptedAt = new Date();
      log(`Channel ${documentId}: the pull was interrupted (${describe(outage)}); it will be retried`);
      later(documentId, state, retryDelayMs(0, policy()), () =>
        attempt(documentId, state, outage, interruptedAt),
      );
    },

    /** Channels waiting for a retry on this instance (diagnostics, tests). */
    pending: () => [...healing.keys()],

    /** Stops every waiting retry (plugin destroy). */
    stop() {
      stopped = true;
      for (const state of healing.values()) if (state.timer) clearTimeout(state.timer);
      healing.clear();
    },
  };
};
