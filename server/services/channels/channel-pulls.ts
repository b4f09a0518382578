import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { remoteFileKey } from '../../../src/channels/file-identity';
import {
  createHandlerContext,
  type AfterProcessingResult,
  type ChannelHandler,
  type HandlerContext,
  type ProcessingOutcome,
  type RemoteFile,
} from '../../../src/channels/handler';
import { databaseOutage } from '../../../src/common/db-outage';
import { IngestionInterrupted, ShutdownAbort } from '../../../src/ingestion/interruption';
import { conflict, invalid, invalidField } from '../../../src/common/errors';
import type { PluginConfig } from '../../config';
import { LeaseBusyError, withLease } from '../../jobs/leases';
import { getService } from '../../plugin';
import { redactConfig, type RemoteFileView, type StoredChannel } from './channels';
import type { IngestionLogDto, RowTotals, StoredLog } from '../ingestion/ingestion-logs';
import { UID } from '../../../content-types';
import { pullProgress, type PullProgress } from '../../../src/channels/pull-progress';
import { TABLES } from '../../database/bulk-tables';

/**
 * A pull: list the channel's remote files, record every file not seen before as Pending
 * in the ingestion log, then hand each Pending file to the file processor — the seam the
 * ingestion step plugs into (`setFileProcessor`). Without a processor the files simply
 * stay Pending.
 *
 * One channel is never pulled twice at once, across all instances: the pull holds the
 * lease "channel-pull:<documentId>" (heartbeat, stale take-over) for its whole duration.
 * Pull now answers 409 while a pull runs; a scheduled occurrence finding the lease held
 * is skipped.
 */
/** `retry`: the pull after a database outage (pull-healing.ts). */
export type PullTrigger = 'manual' | 'schedule' | 'retry';

/** What the file processor gets for one Pending file. */
export type FileJob = {
  channel: {
    documentId: string;
    code: string;
    name: string;
    handler: string;
    production: boolean;
    config: Record<string, unknown>;
  };
  handler: ChannelHandler;
  /** The Pending ingestion log of this file; the processor moves it on (ingestion-logs.update). */
  log: IngestionLogDto;
  file: RemoteFile;
  /** Opens the file through the handler (credentials stay inside); consume or destroy the stream. */
  open(): Promise<Readable>;
  /** Applies the channel's after-processing action (leave, move, delete) for the outcome. */
  afterProcessing(outcome: ProcessingOutcome): Promise<AfterProcessingResult>;
  /** Aborts when the file's time budget runs out or the pull's lease is lost. */
  signal: AbortSignal;
  /** Scrubs the channel's secrets from a text before it is stored or logged. */
  redact(text: string): string;
};
export type FileProcessor = (job: FileJob) => Promise<void>;

export type PullResult = {
  startedAt: string;
  completedAt: string;
  files: RemoteFileView[];
  /** Files recorded in the ingestion log by this pull. */
  newFiles: number;
  /** Pending files handed to the file processor (0 while none is registered). */
  processedFiles: number;
  /** What the rows of the processed files became. */
  rows: RowTotals;
};

/** Pull now's progress read: the running pull's figures, or the last pull's row report. */
export type PullStatus =
  | ({ running: true; startedAt: string; last: null } & PullProgress)
  | {
      running: false;
      last: { startedAt: string; processedFiles: number; rows: RowTotals } | null;
    };

export const PULL_LEASE_TTL_MS = 60_000;
const PULL_LEASE_GRACE_MS = 5_000;

export const pullLeaseName = (documentId: string) => `channel-pull:${documentId}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Who this instance is, in lease and claim rows: host, process and a per-boot id. */
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let processor: FileProcessor | null = null;
  /** Aborted by `stop` (plugin destroy): every running pull stops at its next row. */
  const shutdown = new AbortController();
  /** This instance's running pulls, which `stop` waits for. */
  const inFlight = new Set<Promise<unknown>>();
  const timeouts = () => strapi.config.get<PluginConfig>('plugin::utilities').channels.timeouts;
  const channels = () => getService(strapi, 'channels');
  const logs = () => getService(strapi, 'ingestion-logs');
  const logger = {
    info: (m: string) => strapi.log.info(`[utilities] ${m}`),
    warn: (m: string) => strapi.log.warn(`[utilities] ${m}`),
  };

  async function processPending(
    row: StoredChannel,
    runtime: ReturnType<ReturnType<typeof channels>['runtimeOf']>,
    files: RemoteFile[],
    leaseSignal: AbortSignal,
  ) {
    if (!processor) return { processed: 0, processedKeys: [], afterFailures: [] };
    const afterFailures: string[] = [];
    const keys = files.map((file) => remoteFileKey(row.documentId, file));
    const byKey = await logs().byKeys(row.documentId, keys);
    let processed = 0;
    const processedKeys: string[] = [];
    for (const [index, file] of files.entries()) {
      const log = byKey.get(keys[index]);
      // Pending files, files a crashed run left in Processing (this pull holds the channel's
      // lease, so nobody else is processing them) and transfers that failed before the file
      // was complete (no hash yet) are (re)processed; ingestion resumes where it stopped.
      if (
        !log ||
        !(
          log.status === 'Pending' ||
          log.status === 'Processing' ||
          (log.status === 'Failed' && !log.fileHash)
        )
      )
        continue;
      if (leaseSignal.aborted) break;
      const fileCtx: HandlerContext = createHandlerContext({
        timeoutMs: timeouts().fileMs,
        signal: leaseSignal,
        logger: runtime.logger,
      });
      const job: FileJob = {
        channel: {
          documentId: row.documentId,
          code: row.code,
          name: row.name,
          handler: row.handler,
          production: Boolean(row.production),
          config: redactConfig(runtime.handler, row.config),
        },
        handler: runtime.handler,
        log: await logs().get(log.documentId),
        file,
        open: () => runtime.handler.openRemoteFile(runtime.config, file.path, fileCtx),
        afterProcessing: async (outcome) => {
          if (!runtime.handler.afterProcessing) return { action: 'left' };
          try {
            return await runtime.handler.afterProcessing(runtime.config, file.path, outcome, fileCtx);
          } catch (error) {
            // The file's rows are stored; only the move or delete failed. A person must see it
            // where they look (the file's log and the channel's last error), not only in the
            // server log: left in place, the file may be listed again.
            const failure = channels().asChannelError(error, runtime.redact, `handling "${file.name}"`);
            const message = `The file was processed, but could not be moved or deleted afterwards: ${failure.message}`;
            logger.warn(`Channel ${row.code}: ${message}`);
            afterFailures.push(`"${file.name}": ${failure.message}`);
            const current = await logs().get(log.documentId);
            await logs().update(log.documentId, {
              error: (current.error ? `${current.error}\n${message}` : message).slice(0, 5000),
            });
            return { action: 'left' };
          }
        },
        signal: fileCtx.signal,
        redact: runtime.redact,
      };
      processed++;
      processedKeys.push(keys[index]);
      try {
        await processor(job);
      } catch (error) {
        // A database outage stops the whole pull: the file stays Processing and is resumed
        // by the retry (pull-healing.ts), not failed for a fault that is not its own.
        if (databaseOutage(error)) throw error;
        // Stopped, not failed: what was read is committed and the file stays Processing
        // for the next pull to resume. A lost lease or a shutdown stops the pull too (the
        // loop's check); a spent time budget stops only this file.
        if (error instanceof IngestionInterrupted) {
          logger.warn(`Channel ${row.code}: "${file.name}": ${error.message}`);
          await logs().update(log.documentId, { error: error.logMessage });
          continue;
        }
        // The processor owns the log; this is the safety net when it could not even say why.
        const message = channels().asChannelError(error, runtime.redact, `processing "${file.name}"`).message;
        logger.warn(`Channel ${row.code}: processing "${file.name}" failed: ${message}`);
        const current = await logs().get(log.documentId);
        if (current.status === 'Pending' || current.status === 'Processing') {
          await logs().update(log.documentId, {
            status: 'Failed',
            error: message.slice(0, 5000),
            completedAt: new Date().toISOString(),
          });
        }
      }
    }
    return { processed, processedKeys, afterFailures };
  }

  /** The files of the channel a pull may be working on or has finished since `since`. */
  async function logsSince(documentId: string, since: Date): Promise<StoredLog[]> {
    return (await strapi.documents(UID.ingestionLog).findMany({
      filters: {
        channelRef: documentId,
        $or: [{ status: { $in: ['Pending', 'Processing'] } }, { completedAt: { $gte: since.toISOString() } }],
      },
      limit: 10_000,
    })) as StoredLog[];
  }
  const finishedSince = (log: StoredLog, since: Date) =>
    log.completedAt !== null && new Date(log.completedAt) >= since;

  async function pullChannel(documentId: string, options: { trigger: PullTrigger }): Promise<PullResult> {
    if (shutdown.signal.aborted) throw new Error('The server is shutting down; the channel is not pulled');
    const row = await channels().findOrFail(documentId);
    const runtime = channels().runtimeOf(row);
    if (!runtime.handler.capabilities.pull) {
      throw invalidField('handler', `The ${runtime.handler.name} handler does not pull files`);
    }
    if (row.active === false) {
      throw invalid(`Channel ${row.code} is inactive; activate it before pulling`, [
        { path: ['active'], message: 'The channel is inactive' },
      ]);
    }
    const knex = strapi.db.connection;
    try {
      return await withLease(
        knex,
        pullLeaseName(documentId),
        instanceId,
        {
          ttlMs: PULL_LEASE_TTL_MS,
          graceMs: PULL_LEASE_GRACE_MS,
          onHeartbeatError: (e) =>
            logger.warn(`Channel ${row.code}: lease heartbeat failed: ${(e as Error).message}`),
        },
        async ({ signal: leaseSignal, tookOverFrom }) => {
          const signal = AbortSignal.any([leaseSignal, shutdown.signal]);
          if (tookOverFrom)
            logger.warn(`Channel ${row.code}: took over the stale pull lease of ${tookOverFrom}`);
          const startedAt = new Date();
          let files: RemoteFile[];
          try {
            files = await runtime.handler.listRemoteFiles(
              runtime.config,
              createHandlerContext({ timeoutMs: timeouts().callMs, signal, logger: runtime.logger }),
            );
          } catch (error) {
            const failure = channels().asChannelError(error, runtime.redact, 'listing the remote files');
            await channels().recordPull(documentId, { at: startedAt, error: failure.message });
            logger.warn(`Channel ${row.code}: ${options.trigger} pull failed: ${failure.message}`);
            throw failure;
          }
          const recorded = await logs().recordPending({ documentId, code: row.code }, row.handler, files);
          const {
            processed: processedFiles,
            processedKeys,
            afterFailures,
          } = await processPending(row, runtime, files, signal);
          await channels().recordPull(documentId, {
            at: startedAt,
            error: afterFailures.length
              ? `After processing, ${afterFailures.length} file(s) could not be moved or deleted: ${afterFailures.join('; ')}`
              : null,
          });
          if (recorded.created > 0 || options.trigger === 'manual') {
            logger.info(
              `Channel ${row.code}: ${options.trigger} pull listed ${files.length} file(s), ${recorded.created} new`,
            );
          }
          return {
            startedAt: startedAt.toISOString(),
            completedAt: new Date().toISOString(),
            files: await channels().viewsOf(documentId, files),
            newFiles: recorded.created,
            processedFiles,
            rows: await logs().rowTotals([...(await logs().byKeys(documentId, processedKeys)).values()]),
          };
        },
      );
    } catch (error) {
      if (error instanceof LeaseBusyError) {
        throw conflict(
          `Channel ${row.code} is already being pulled (by ${error.heldBy}); try again when that pull has finished`,
          {
            heldBy: error.heldBy,
          },
        );
      }
      // A pull the database dropped retries itself once it answers again; a retry that is
      // dropped again is carried on by the retry loop itself.
      if (options.trigger !== 'retry' && databaseOutage(error))
        getService(strapi, 'pull-healing').interrupted(documentId, error);
      throw error;
    }
  }

  return {
    instanceId,

    /**
     * Whether the channel is being pulled (on any instance: the lease says so) and how far
     * that pull has come; else what the last pull's processed files came to, row by row.
     */
    async status(documentId: string): Promise<PullStatus> {
      const row = await channels().findOrFail(documentId);
      const lease = await strapi.db
        .connection(TABLES.leases)
        .where({ name: pullLeaseName(documentId) })
        .andWhere('expires_at', '>=', Date.now() - PULL_LEASE_GRACE_MS)
        .first<{ acquired_at: number | string } | undefined>('acquired_at');
      if (lease) {
        const since = new Date(Number(lease.acquired_at));
        const progress = pullProgress(
          (await logsSince(documentId, since)).map((log) => ({
            status: log.status,
            totalRows: log.totalRows ?? 0,
            completedAt: finishedSince(log, since) ? new Date(log.completedAt!) : null,
          })),
          since,
        );
        return { running: true, startedAt: since.toISOString(), ...progress, last: null };
      }
      if (!row.lastPullAt) return { running: false, last: null };
      // recordPull stamps the pull's start: its files are those finished since then.
      const since = new Date(row.lastPullAt);
      const done = (await logsSince(documentId, since)).filter((log) => finishedSince(log, since));
      return {
        running: false,
        last: { startedAt: row.lastPullAt, processedFiles: done.length, rows: await logs().rowTotals(done) },
      };
    },

    /** The ingestion step registers its processor here (null removes it). */
    setFileProcessor(fn: FileProcessor | null) {
      processor = fn;
    },

    /**
     * At destroy: running pulls stop at their next row, commit what they read and release
     * their lease — their files stay Processing for the next pull — before the database
     * connection closes under them.
     */
    async stop() {
      shutdown.abort(new ShutdownAbort());
      await Promise.allSettled([...inFlight]);
    },

    /** Pulls the channel now; `stop` waits for it. */
    pull(documentId: string, options: { trigger: PullTrigger }): Promise<PullResult> {
      const running = pullChannel(documentId, options);
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running)).catch(() => undefined);
      return running;
    },
  };
};
