import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../content-types';
import {
  OutageOutlasted,
  retryThroughOutage,
  type Interruption,
  type RetryPolicy,
} from '../../../src/common/db-outage';
import { DomainError, invalid, invalidField, notFound, unavailable } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { keyedWrites } from '../../../src/common/keyed-writes';
import { firstOfEachEvent } from '../../../src/usage/idempotency-key';
import type { SpreadsheetRowOutcome, UsageSpreadsheet } from '../../../src/usage/spreadsheet-import';
import type { UsageRecordInput } from '../../../src/usage/usage-record';
import type { StoredOutcome } from './usage-store';
import { openSpreadsheetReader } from './spreadsheet-reader';
import type { PluginConfig } from '../../config';
import { acquireLease, releaseLease, withLease } from '../../jobs/leases';
import type { UsageConfig } from '../../usage-config';
import { TABLES } from '../../database/bulk-tables';
import { insertRows } from '../../database/insert-rows';
import { getService } from '../../plugin';
import { writable } from '../../database/entities';
import { heapBudgetOf } from '../../jobs/heap-budget';

/**
 * A usage spreadsheet uploaded by an editor (guide: "Recording Usage Records (via
 * Excel Spreadsheet load)"). src/usage/spreadsheet-import.ts reads and judges the rows, in
 * a worker thread of their own (./spreadsheet-reader.ts says why);
 * this stores them in chunks as they stream by — memory stays flat — and keeps the
 * import as an ingestion log (source "upload") with one outcome per data row. A created
 * record IS its row's outcome: it carries the upload (`source_log_ref`) and its row
 * (`source_row`), so only duplicate and rejected rows get a row of their own in
 * `utilities_usage_import_rows` — one row written per record, not two, as ingestion does
 * for readings. (Uploads stored before `source_row` existed have a `created` row each;
 * every read below takes both.)
 *
 * All or nothing per file: when the file turns out unreadable half-way, or longer than
 * the row limit, the records it had stored are removed again, so a corrected re-upload
 * never doubles rows that carry no event reference. "This upload's records" is exactly
 * the records that carry its log.
 *
 * An upload cut off by a stopped server leaves its log in Processing with the chunks it
 * had committed. While it is read the upload holds a lease (`usage-import:<log>`,
 * renewed by a heartbeat); a sweep on every instance (at start and every lease TTL)
 * undoes uploads left in Processing whose lease has lapsed, and says so in their log.
 *
 * The upload is one HTTP request, so a database outage mid-file is healed inside it: the
 * step the database dropped (a chunk's transaction, the log's last write) is tried again
 * with backoff (UPLOAD_OUTAGE_RETRY, well within the lease's TTL); the first write once
 * the database answers notes the interruption on the log, and the step first checks
 * whether its transaction had committed after all (its first row's outcome is there: a
 * record with that row, or an outcome row under the unique (log, row) index), so no row
 * is stored twice. The answer lists the
 * interruptions. When the database stays away longer, the upload is undone as any failed
 * one (by the sweep, if the database is still down) and the answer is a 503 with
 * Retry-After: nothing of the file is kept half-way.
 */
export type UploadedFile = { path: string; name: string; size: number };

export type ImportRowOutcome = 'created' | 'duplicate' | 'rejected';

type ImportRow = {
  log_ref: string;
  row_number: number;
  outcome: ImportRowOutcome;
  device_id: string | null;
  e_group: string | null;
  e_id: string | null;
  event_ref: string | null;
  record_id: number | null;
  error: string | null;
};

type StoredLog = { id: number; documentId: string; source: string | null; status: string };

/** Rejected rows listed in the upload's answer; the rest are paged from the rows route. */
const REJECTED_IN_ANSWER = 100;
/**
 * Record chunks (of store().chunkSize()) stored in one transaction. A commit is a chunk's
 * dearest statement on SQLite's rollback journal (two fsyncs): committing each chunk
 * alone, the commits took 1.4 s of a 6.8 s 100,000-row upload (bench/README.md, "The
 * batch towards 50,000 records/s"). More chunks per commit save little more, keep more
 * rows alive (8 read a higher peak RSS) and lengthen what an outage retries.
 */
const CHUNKS_PER_COMMIT = 4;
/**
 * Commits in flight at once. On PostgreSQL two, each on its own connection: with one, a
 * 100,000-row upload spent 3.3 of its 4.1 s waiting for its commits while the database
 * used one core of two (bench/README.md, "The upload's commits side by side"). One
 * elsewhere: SQLite has one connection, and on MySQL two INSERT … ON DUPLICATE KEY of
 * neighbouring keys can deadlock on InnoDB's gap locks.
 */
const commitsInFlight = (client: string) => (client === 'postgres' ? 2 : 1);
const DEFAULT_FIELDS = ['eGroup', 'eId', 'deviceId'] as const;

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The upload form's optional values for the whole file; anything else is refused. */
function parseDefaults(
  fields: Record<string, unknown>,
): Partial<Record<(typeof DEFAULT_FIELDS)[number], string>> {
  const defaults: Partial<Record<(typeof DEFAULT_FIELDS)[number], string>> = {};
  for (const [key, value] of Object.entries(fields)) {
    const field = DEFAULT_FIELDS.find((f) => f === key);
    if (!field) {
      throw invalidField(
        key,
        `Unknown form field ${JSON.stringify(key)}: send the spreadsheet as "file", optionally with eGroup, eId or deviceId for the whole file`,
      );
    }
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw invalidField(key, `${key} must be given once, as text`);
    defaults[field] = value;
  }
  return defaults;
}

/** An upload renews its lease every third of this while it is read; a sweep takes a lapsed one for interrupted. */
export const UPLOAD_LEASE_TTL_MS = 60_000;
const uploadLease = (logRef: string) => `usage-import:${logRef}`;
export const INTERRUPTED_MESSAGE =
  'The upload stopped before the end of the file (the server was stopped or lost its database connection); nothing from this file was kept — upload it again';

/**
 * Retries of one upload after database outages: short, because a person waits for the
 * answer (at most some 25 s in all, half the lease's TTL, so the sweep never takes an upload
 * that is waiting for the database).
 */
export const UPLOAD_OUTAGE_RETRY: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 8000, attempts: 6 };
const UPLOAD_RETRY_AFTER_SECONDS = 30;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get<PluginConfig>('plugin::utilities').usage.import;
  const store = () => getService(strapi, 'usage-store');
  const devices = () => getService(strapi, 'usage-devices');
  const logs = () => strapi.documents(UID.ingestionLog);
  const importRows = () => strapi.db.connection(TABLES.usageImportRows);

  async function finishLog(documentId: string, patch: Record<string, unknown>) {
    await logs().update({ documentId, data: { completedAt: new Date().toISOString(), ...patch } });
  }

  const knex = () => strapi.db.connection;
  const instanceId = () => getService(strapi, 'channel-pulls').instanceId;
  let recoveryTimer: NodeJS.Timeout | null = null;

  /** The records an upload created, each its row's outcome (uploads before `source_row`: none). */
  const createdRecords = (logRef: string) =>
    knex()(TABLES.usageRecords).where({ source_log_ref: logRef }).whereNotNull('source_row');

  /** Removes what an upload stored: the records that carry its log, then its row outcomes. */
  async function undoUpload(logRef: string) {
    await knex()(TABLES.usageRecords).where({ source_log_ref: logRef }).del();
    await importRows().where({ log_ref: logRef }).del();
  }

  /** An upload's row outcomes counted, as stored. */
  async function outcomeCounts(logRef: string) {
    const found = await importRows()
      .where({ log_ref: logRef })
      .groupBy('outcome')
      .select('outcome')
      .count<Array<{ outcome: ImportRowOutcome; n: number | string }>>({ n: '*' });
    const [{ n: records }] = await createdRecords(logRef).count<Array<{ n: number | string }>>({ n: '*' });
    const n = (outcome: ImportRowOutcome) => Number(found.find((f) => f.outcome === outcome)?.n ?? 0);
    return { created: n('created') + Number(records), duplicates: n('duplicate'), rejected: n('rejected') };
  }

  async function writeRows(rows: ImportRow[], transaction?: Knex.Transaction) {
    const size = store().chunkSize();
    for (let i = 0; i < rows.length; i += size)
      await insertRows(strapi, TABLES.usageImportRows, rows.slice(i, i + size), { transaction });
  }

  /** Reads the uploaded file and stores it chunk by chunk under its log (see the top of this file). */
  async function readAndStore(
    file: UploadedFile,
    {
      defaults,
      limits,
      startedAt,
      logRef,
    }: {
      defaults: ReturnType<typeof parseDefaults>;
      limits: UsageConfig['import'];
      startedAt: Date;
      logRef: string;
    },
    leaseLost: AbortSignal,
  ) {
    let sheet: UsageSpreadsheet;
    try {
      sheet = await openSpreadsheetReader(
        file.path,
        {
          fileName: file.name,
          now: startedAt,
          maxFileBytes: limits.maxFileBytes,
          maxRows: limits.maxRows,
          zipLimits: {
            maxUncompressedBytes: limits.maxUncompressedBytes,
            maxCompressionRatio: limits.maxCompressionRatio,
          },
          defaults,
        },
        { heapMb: limits.readerHeapMb },
      );
    } catch (error) {
      await finishLog(logRef, { status: 'Failed', error: errorText(error) });
      throw error;
    }

    const interruptions: Interruption[] = [];
    const budget = { used: 0 };
    /** A step the database may drop: tried again once it answers (see the top of this file). */
    const healing = <T>(step: (again: boolean) => Promise<T>) =>
      retryThroughOutage(step, {
        policy: UPLOAD_OUTAGE_RETRY,
        budget,
        resumed: async ({ at, reason }) => {
          if (!interruptions.some((i) => i.at === at)) interruptions.push({ at, reason });
          await logs().update({
            documentId: logRef,
            data: writable(UID.ingestionLog, { interruptions: [...interruptions] }),
          });
        },
      });
    /** Whether the transaction that wrote row `row`'s outcome committed (its answer may have been lost). */
    const committed = async (row: number) =>
      Boolean(await createdRecords(logRef).where({ source_row: row }).first('id')) ||
      Boolean(await importRows().where({ log_ref: logRef, row_number: row }).first('row_number'));
    const rejectedRows: Array<{ row: number; error: string }> = [];
    const chunk = store().chunkSize();
    let pending: Array<{ row: number; record: UsageRecordInput }> = [];
    let rows: ImportRow[] = [];

    const rowOf = (
      row: number,
      record: UsageRecordInput | null,
      outcome: ImportRowOutcome,
      recordId: number | null,
      error: string | null,
    ): ImportRow => ({
      log_ref: logRef,
      row_number: row,
      outcome,
      device_id: record?.deviceId ?? null,
      e_group: record?.eGroup ?? null,
      e_id: record?.eId ?? null,
      event_ref: record?.eventRef ?? null,
      record_id: recordId,
      error,
    });

    /**
     * A group's write runs while the next group is read and judged: on PostgreSQL and
     * MariaDB the database stored a group while this process sat idle, some half of a
     * 100,000-row upload (bench/README.md, "The batch towards 50,000 records/s"). Writes
     * start in file order, up to `commitsInFlight` at once, keyed by their events
     * (src/common/keyed-writes.ts): of two rows with the same event, the file's first is
     * stored. A failed write stops the reading at the next row.
     */
    const writes = keyedWrites(commitsInFlight(strapi.db.dialect.client));

    async function flushRecords() {
      if (!pending.length) return;
      heapBudgetOf(strapi).check();
      const part = pending;
      pending = [];
      // The same event twice in the file: the database keeps the first, the second is a duplicate of it.
      const { firstByKey, repeats } = firstOfEachEvent(part.map((p) => p.record));
      const distinct = part.map((p, index) => ({ ...p, index })).filter((p) => !repeats.has(p.index));
      const rejectedBefore = rows;
      rows = [];
      await writes.start(new Set(firstByKey.keys()), () =>
        healing(async (again) => {
          if (again && (await committed(part[0].row))) return;
          await devices().ensure(
            distinct.map((p) => p.record.deviceId),
            'import',
          );
          // The records and their row outcomes in one transaction: one commit per CHUNKS_PER_COMMIT chunks.
          await strapi.db.connection.transaction(async (transaction) => {
            const outcomes: StoredOutcome[] = [];
            for (let i = 0; i < distinct.length; i += chunk) {
              const part = distinct.slice(i, i + chunk);
              const stored = await store().storeChunk(
                part.map((p) => p.record),
                { source: 'upload', sourceLogRef: logRef, sourceRows: part.map((p) => p.row) },
                transaction,
              );
              outcomes.push(...stored.outcomes);
            }
            const idOf = new Map<number, number>();
            const outcomeRows = [...rejectedBefore];
            distinct.forEach((p, n) => {
              const outcome = outcomes[n];
              idOf.set(p.index, outcome.id);
              // A created record is its own outcome (it carries its row).
              if (outcome.status !== 'created')
                outcomeRows.push(rowOf(p.row, p.record, outcome.status, outcome.id, null));
            });
            for (const [index, first] of repeats) {
              const p = part[index];
              outcomeRows.push(
                rowOf(
                  p.row,
                  p.record,
                  'duplicate',
                  idOf.get(first) ?? null,
                  `Repeats row ${part[first].row} of this file (same DeviceId, eGroup, eId and EventRef)`,
                ),
              );
            }
            await writeRows(outcomeRows, transaction);
          });
        }),
      );
    }

    /** Rejected rows only (a long stretch of them): their outcomes in one transaction. */
    async function flushRows() {
      const part = rows;
      rows = [];
      if (!part.length) return;
      await writes.start(new Set(), () =>
        healing(async (again) => {
          if (again && (await committed(part[0].row_number))) return;
          await strapi.db.connection.transaction((transaction) => writeRows(part, transaction));
        }),
      );
    }

    const iterator = sheet[Symbol.asyncIterator]();
    try {
      for (;;) {
        // Only when a sweep took this upload for an interrupted one (its heartbeats failed).
        if (leaseLost.aborted) throw new Error('The upload lost its lease and was taken for interrupted');
        writes.throwIfFailed();
        let next: IteratorResult<SpreadsheetRowOutcome>;
        try {
          next = await iterator.next();
        } catch (error) {
          if (error instanceof DomainError) throw error;
          throw invalid(`The file could not be read to the end: ${errorText(error)}`);
        }
        if (next.done) break;
        const outcome = next.value;
        if (outcome.record) {
          pending.push({ row: outcome.row, record: outcome.record });
          if (pending.length >= chunk * CHUNKS_PER_COMMIT) await flushRecords();
        } else {
          const error = outcome.error ?? 'The row was rejected';
          if (rejectedRows.length < REJECTED_IN_ANSWER) rejectedRows.push({ row: outcome.row, error });
          rows.push(rowOf(outcome.row, null, 'rejected', null, error));
          if (rows.length >= chunk) await flushRows();
        }
      }
      await flushRecords();
      await flushRows();
      await writes.drain();
    } catch (error) {
      await sheet.close().catch(() => undefined);
      // Writes still in flight settle first: the undo below must see what they commit.
      await writes.settled();
      if (error instanceof OutageOutlasted) {
        // Undone now if the database answers again, else by the sweep once it does.
        const message = `The database stopped answering while the file was stored (${error.outage.code}); nothing from this file was kept — upload it again`;
        await undoUpload(logRef)
          .then(() => finishLog(logRef, { status: 'Failed', error: message, interruptions }))
          .catch(() => undefined);
        throw unavailable(message, UPLOAD_RETRY_AFTER_SECONDS, 'usage-import.database-unavailable', {
          attempts: error.attempts,
        });
      }
      // Undo this file's records and row outcomes, so that fixing and re-uploading it is safe.
      await undoUpload(logRef);
      await finishLog(logRef, {
        status: 'Failed',
        error: `${errorText(error)} (nothing from this file was kept)`,
      });
      throw error;
    }

    const report = sheet.report;
    if (report.dataRows === 0) {
      const message = `The file has a header (row ${report.headerRow}) but no data rows under it; nothing was imported`;
      await healing(() => finishLog(logRef, { status: 'Failed', error: message }));
      throw invalid(message);
    }
    // What was stored, as the database holds it: a chunk retried after an outage counts once.
    const counts = await healing(() => outcomeCounts(logRef));
    const stored = counts.created + counts.duplicates;
    const status = counts.rejected === 0 ? 'Completed' : stored === 0 ? 'Failed' : 'Partial';
    await healing(() =>
      finishLog(logRef, {
        status,
        totalRows: report.dataRows,
        insertedRows: counts.created,
        failedRows: counts.rejected,
        error: status === 'Failed' ? 'Every row was rejected; see the rejected rows for the reasons' : null,
      }),
    );
    return {
      log: { documentId: logRef, status },
      fileName: file.name,
      format: report.format,
      sheetName: report.sheetName,
      encoding: report.encoding,
      delimiter: report.delimiter,
      headerRow: report.headerRow,
      columns: report.columns,
      warnings: report.warnings,
      totalRows: report.dataRows,
      created: counts.created,
      duplicates: counts.duplicates,
      rejected: counts.rejected,
      emptyRows: report.emptyRows,
      rejectedRows,
      moreRejectedRows: counts.rejected - rejectedRows.length,
      interruptions,
    };
  }

  return {
    async importFile(file: UploadedFile, fields: Record<string, unknown>) {
      const defaults = parseDefaults(fields);
      const limits = config();
      const startedAt = new Date();
      const fileHash = await sha256(file.path);
      const log = (await logs().create({
        data: {
          source: 'upload',
          fileName: (file.name || 'upload').slice(0, 255),
          fileSize: file.size,
          fileHash,
          status: 'Processing',
          startedAt: startedAt.toISOString(),
          totalRows: 0,
          insertedRows: 0,
          failedRows: 0,
          legacy: false,
        },
      })) as StoredLog;
      const logRef = log.documentId;

      return withLease(knex(), uploadLease(logRef), instanceId(), { ttlMs: UPLOAD_LEASE_TTL_MS }, (lease) =>
        readAndStore(file, { defaults, limits, startedAt, logRef }, lease.signal),
      );
    },

    /**
     * Undoes uploads a stopped server left in Processing (see the top of this file):
     * their lease lapsed and they started more than a lease TTL ago (a new upload writes
     * its log a moment before it takes the lease). Answers the logs it undid.
     */
    async recoverInterrupted(now: Date = new Date()): Promise<string[]> {
      const stale = (await logs().findMany({
        filters: {
          source: 'upload',
          status: 'Processing',
          startedAt: { $lt: new Date(now.getTime() - UPLOAD_LEASE_TTL_MS).toISOString() },
        },
        fields: ['documentId', 'fileName'],
        limit: 100,
      })) as Array<{ documentId: string; fileName: string }>;
      const undone: string[] = [];
      for (const log of stale) {
        const name = uploadLease(log.documentId);
        const lease = await acquireLease(
          knex(),
          name,
          instanceId(),
          { ttlMs: UPLOAD_LEASE_TTL_MS },
          () => now,
        );
        if (!lease.acquired) continue; // still being read by a live instance
        try {
          const current = (await logs().findOne({
            documentId: log.documentId,
            fields: ['status'],
          })) as StoredLog | null;
          if (current?.status !== 'Processing') continue; // it finished meanwhile
          await undoUpload(log.documentId);
          await finishLog(log.documentId, { status: 'Failed', error: INTERRUPTED_MESSAGE });
          strapi.log.warn(
            `[utilities] The upload of ${log.fileName} (log ${log.documentId}) was interrupted; what it had stored was removed`,
          );
          undone.push(log.documentId);
        } finally {
          await releaseLease(knex(), name, instanceId()).catch(() => undefined);
        }
      }
      return undone;
    },

    /** Runs the sweep now (at start, for a server that was stopped mid-upload) and every lease TTL. */
    startRecovery() {
      const sweep = () =>
        void getService(strapi, 'usage-imports')
          .recoverInterrupted()
          .catch((error: unknown) =>
            strapi.log.error(`[utilities] Looking for interrupted uploads failed: ${errorText(error)}`),
          );
      recoveryTimer ??= setInterval(sweep, UPLOAD_LEASE_TTL_MS);
      recoveryTimer.unref?.();
      sweep();
    },

    stopRecovery() {
      if (recoveryTimer) clearInterval(recoveryTimer);
      recoveryTimer = null;
    },

    /** The row outcomes of one upload, in file order; `outcome` narrows them. */
    async rows(logRef: string, query: Record<string, unknown>) {
      // The query first: a parameter this list does not read is a 400 whatever the record.
      const list = parseListQuery(query, {
        sortable: ['row'],
        defaultSort: [{ field: 'row', direction: 'asc' }],
        filters: ['outcome'],
      });
      const log = (await logs().findOne({
        documentId: logRef,
        fields: ['source'],
      })) as StoredLog | null;
      if (!log || log.source !== 'upload') throw notFound('Usage import', logRef);
      const outcome = query.outcome;
      if (
        outcome !== undefined &&
        outcome !== '' &&
        !['created', 'duplicate', 'rejected'].includes(outcome as string)
      ) {
        throw invalidField('outcome', 'outcome must be created, duplicate or rejected');
      }
      // The outcome rows, and the created records as the outcomes they are.
      const outcomeRows = () =>
        importRows().where(outcome ? { log_ref: logRef, outcome: outcome as string } : { log_ref: logRef });
      const withRecords = !outcome || outcome === 'created';
      const [{ n }] = await outcomeRows().count<Array<{ n: number | string }>>({ n: '*' });
      const [{ n: created }] = withRecords
        ? await createdRecords(logRef).count<Array<{ n: number | string }>>({ n: '*' })
        : [{ n: 0 }];
      const rowsPart = outcomeRows().select(
        'row_number',
        'outcome',
        'device_id',
        'e_group',
        'e_id',
        'event_ref',
        'record_id',
        'error',
      );
      const recordsPart = createdRecords(logRef).select(
        { row_number: 'source_row' },
        knex().raw("'created' AS outcome"),
        'device_id',
        'e_group',
        'e_id',
        'event_ref',
        { record_id: 'id' },
        knex().raw('NULL AS error'),
      );
      const found = (await knex()
        .select('*')
        // Two tables' rows in one shape: knex types a union by its first table, hence the widening.
        .from((withRecords ? (rowsPart as Knex.QueryBuilder).unionAll(recordsPart) : rowsPart).as('outcomes'))
        .orderBy('row_number', list.sort[0].direction)
        .limit(list.pageSize)
        .offset((list.page - 1) * list.pageSize)) as ImportRow[];
      return {
        data: found.map((r) => ({
          row: Number(r.row_number),
          outcome: r.outcome,
          deviceId: r.device_id,
          eGroup: r.e_group,
          eId: r.e_id,
          eventRef: r.event_ref,
          recordId: r.record_id === null ? null : Number(r.record_id),
          error: r.error,
        })),
        meta: paginationMeta(list, Number(n) + Number(created)),
      };
    },
  };
};
