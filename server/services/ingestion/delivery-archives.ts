import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import {
  archiveOutcome,
  archiveRefusal,
  DEFAULT_ARCHIVE_LIMITS,
  isArchiveMetadata,
  memberLogName,
  memberProblem,
  type MemberOutcome,
} from '../../../src/channels/compressed-delivery';
import { failedOf, finalStatus, totalOf } from '../../../src/ingestion/log-status';
import { IngestionInterrupted } from '../../../src/ingestion/interruption';
import {
  checkZipBombLimits,
  DEFAULT_ZIP_LIMITS,
  locateZipEntry,
  openZipEntry,
  readZipDirectory,
  verifyZipEntries,
  type ZipEntry,
} from '../../../src/usage/zip-inspect';
import type { PluginConfig } from '../../config';
import { getService } from '../../plugin';
import type { FileJob } from '../channels/channel-pulls';
import type { StoredLog } from './ingestion-logs';

/**
 * A zip delivery: every member file becomes its own ingestion log entry
 * (`archive.zip/member.csv`) with its own per-row outcomes, read as a stream straight
 * out of the archive (nothing is unpacked to disk).
 *
 * Before a byte is parsed the archive passes the checks spreadsheet uploads pass
 * (src/usage/zip-inspect.ts): declared sizes against channels.archives, then every
 * member inflated once against its declared size and CRC. Member logs are keyed like
 * remote files (the archive's path + member name, size and time), so an archive whose
 * pull was interrupted is resumed: finished members are not read again, the one in
 * progress continues from its checkpoint.
 */
type Archive = { file: string; size: number };
type Outcome = ReturnType<typeof archiveOutcome>;

const FINISHED = new Set(['Completed', 'Partial', 'Failed', 'Skipped']);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const logs = () => getService(strapi, 'ingestion-logs');
  const limits = () => ({
    ...DEFAULT_ZIP_LIMITS,
    ...strapi.config.get<PluginConfig>('plugin::utilities').channels.archives,
    ratioCheckMinBytes: DEFAULT_ARCHIVE_LIMITS.ratioCheckMinBytes,
  });

  const outcomeOf = (log: StoredLog, status = log.status): MemberOutcome => ({
    name: log.fileName,
    status,
    totalRows: log.totalRows ?? 0,
    insertedRows: log.insertedRows ?? 0,
    failedRows: log.failedRows ?? 0,
  });

  /** The member's bytes as a stream, hashed and counted on the way. */
  function memberStream(archive: Archive, located: Parameters<typeof openZipEntry>[1]) {
    const hash = createHash('sha256');
    let size = 0;
    async function* tapped() {
      for await (const chunk of openZipEntry(archive.file, located)) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    }
    return { stream: Readable.from(tapped()), digest: () => ({ hash: hash.digest('hex'), size }) };
  }

  async function ingestMember(
    job: FileJob,
    archive: Archive,
    handle: FileHandle,
    entry: ZipEntry,
    log: StoredLog,
  ): Promise<MemberOutcome> {
    if (FINISHED.has(log.status)) return outcomeOf(log);
    const startedAt = new Date().toISOString();
    const problem = memberProblem(entry.name);
    if (problem) {
      await logs().update(log.documentId, {
        status: 'Failed',
        startedAt,
        completedAt: startedAt,
        error: `Not read: ${problem}`,
      });
      return outcomeOf(log, 'Failed');
    }
    await logs().update(log.documentId, { status: 'Processing', startedAt, error: null });
    const { stream, digest } = memberStream(archive, await locateZipEntry(handle, entry));
    const result = await getService(strapi, 'ingestion')
      .ingestStream(stream, entry.name, job.channel.config, { logId: log.id, signal: job.signal })
      .catch(async (error: unknown) => {
        // The member stays Processing: its own log says why, as the archive's does (channel-pulls.ts).
        if (error instanceof IngestionInterrupted)
          await logs().update(log.documentId, { error: error.logMessage });
        throw error;
      });
    const status = finalStatus(result.counts, result.fatal);
    const { hash, size } = digest();
    const outcome: MemberOutcome = {
      name: log.fileName,
      status,
      totalRows: totalOf(result.counts),
      insertedRows: result.counts.inserted,
      failedRows: failedOf(result.counts),
    };
    await logs().update(log.documentId, {
      status,
      fileHash: hash,
      fileSize: String(size),
      totalRows: outcome.totalRows,
      insertedRows: outcome.insertedRows,
      failedRows: outcome.failedRows,
      error: result.fatal ? job.redact(result.fatal).slice(0, 5000) : null,
      completedAt: new Date().toISOString(),
    });
    if (result.counts.inserted > 0)
      await getService(strapi, 'validation-runs')
        .afterFileStored(log.id, result.validation)
        .catch((e: Error) => strapi.log.warn(`Validation of ${log.fileName} failed: ${e.message}`));
    return outcome;
  }

  return {
    /** Reads every member of the zip `archive` delivered as `job`; returns what the archive's own log says. */
    async ingestMembers(job: FileJob, archive: Archive): Promise<Outcome> {
      const refused = (error: string): Outcome => ({
        status: 'Failed',
        totalRows: 0,
        insertedRows: 0,
        failedRows: 0,
        error,
      });
      const handle = await open(archive.file, 'r');
      try {
        let entries: ZipEntry[];
        try {
          const directory = await readZipDirectory(handle, archive.size);
          checkZipBombLimits(directory, limits());
          await verifyZipEntries(archive.file, handle, directory);
          entries = directory.entries;
        } catch (error) {
          return refused(archiveRefusal(job.file.name, error));
        }
        const files = entries.filter((entry) => !isArchiveMetadata(entry.name));
        const notFiles = entries.length - files.length;
        if (files.length === 0) {
          return refused(
            `"${job.file.name}" holds no files` +
              (notFiles ? ` (only ${notFiles} folder or macOS metadata entries)` : ''),
          );
        }
        const { byKey, keys } = await logs().recordPending(
          { documentId: job.channel.documentId, code: job.channel.code },
          job.channel.handler,
          files.map((entry) => ({
            name: memberLogName(job.file.name, entry.name),
            path: `${job.file.path}!/${entry.name}`,
            size: entry.uncompressedSize,
            modifiedAt: job.file.modifiedAt,
          })),
        );
        const members: MemberOutcome[] = [];
        for (const [index, entry] of files.entries()) {
          const log = byKey.get(keys[index]);
          if (!log)
            throw new Error(`The log entry of "${entry.name}" in "${job.file.name}" was not recorded`);
          members.push(await ingestMember(job, archive, handle, entry, log));
        }
        return archiveOutcome(job.file.name, members, notFiles);
      } finally {
        await handle.close();
      }
    },
  };
};
