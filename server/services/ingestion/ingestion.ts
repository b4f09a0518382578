import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { Core } from '@strapi/strapi';
import type { Knex as KnexTypes } from 'knex';
import {
  DEFAULT_ARCHIVE_LIMITS,
  detectCompression,
  expansionGuard,
  gunzippedName,
  gzipFailure,
} from '../../../src/channels/compressed-delivery';
import type { ProcessingOutcome } from '../../../src/channels/handler';
import { databaseOutage } from '../../../src/common/db-outage';
import { createFormatRegistry, parseFormatOptions, type ParsedRow } from '../../../src/formats';
import { finalStatus, failedOf, totalOf, type RowCounts } from '../../../src/ingestion/log-status';
import { classifyAgainstStored, readingKey, type RowOutcome } from '../../../src/ingestion/row-outcome';
import { TABLES, readingColumnProblem } from '../../database/bulk-tables';
import { insertRows } from '../../database/insert-rows';
import {
  openReadingInserter,
  type MissedReading,
  type NewReading,
  type ReadingInserter,
} from '../../database/reading-inserts';
import type { PluginConfig } from '../../config';
import { getService } from '../../plugin';
import { heapBudgetOf } from '../../jobs/heap-budget';
import type { FileValidationHandle } from '../validation/file-validation';
import type { FileJob } from '../channels/channel-pulls';
import { IngestionInterrupted } from '../../../src/ingestion/interruption';

/**
 * The data pipe: a file's parsed rows become meter readings, each row's outcome is
 * recorded, and the file's log carries the totals. A stored reading carries its log and
 * row number (it is its row's "inserted" outcome); duplicates, conflicts and rejections
 * are rows of their own. Readings and outcomes commit together, so the highest row
 * stored or recorded is a consistent checkpoint: a file interrupted by a crash is
 * resumed from there, never stored twice.
 */
type Knex = Core.Strapi['db']['connection'];
type Transaction = KnexTypes.Transaction;
type ReadingRowOut = Record<string, unknown>;
type LatestStored = Map<string, Map<string, number>>;
/** What one file's processing remembers between slices. */
type FileState = {
  devices: Map<string, string | null>;
  latest: LatestStored;
  legacy: Set<number>;
  /** The VEE step, fed with each transaction's new readings (null: rules off, or a resumed file). */
  validation: FileValidationHandle | null;
};

const LOGS_TABLE = 'utilities_ingestion_logs';
const DEVICES_TABLE = 'utilities_devices';
// Rows matched and written at a time (see ingestRows): one COPY on PostgreSQL, one
// look-up of stored readings everywhere.
const SLICE_ROWS = { sqlite: 2000, postgres: 5000, mysql: 1000 } as const;
const FIRST_TRANSACTION_ROWS = 5000;
const MAX_TRANSACTION_ROWS = 50_000;
const MAX_TRANSACTION_MS = 3000;
// A parser turns each chunk it is given into records all at once, and they wait in its
// buffer while earlier slices are written. At the default 64 KB that is ~2,000 rows that
// outlive the young generation and pile up as old-generation garbage; 16 KB keeps the
// backlog near one slice.
const READ_CHUNK_BYTES = 16 * 1024;

export type IngestTarget = { logId: number; signal?: AbortSignal };
export type IngestResult = {
  counts: RowCounts;
  fatal: string | null;
  /** The file's validation as it was stored; absent when it has to be validated from the database. */
  validation?: FileValidationHandle | null;
};

/** What the channel's after-processing action (leave, move, delete) is told of a file. */
export function processingOutcome(status: string): ProcessingOutcome {
  return status === 'Completed' || status === 'Skipped'
    ? 'completed'
    : status === 'Partial'
      ? 'partial'
      : 'failed';
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const formats = createFormatRegistry();
  // Inside a transaction the rows are matched and written one slice at a time, so only a
  // slice's rows are held in memory: they die young instead of being promoted to the old
  // generation, and the heap stays flat however long the file.
  const sliceSize = () => SLICE_ROWS[strapi.db.dialect.client as keyof typeof SLICE_ROWS] ?? 1000;

  async function checkpoint(logId: number): Promise<number> {
    const [outcome] = await knex()(TABLES.ingestionRows).where({ log_id: logId }).max({ n: 'row_number' });
    const [stored] = await knex()(TABLES.meterReadings)
      .where({ source_log_id: logId })
      .max({ n: 'source_row' });
    return Math.max(Number(outcome?.n ?? 0), Number(stored?.n ?? 0));
  }

  /** Every row's outcome: the rows recorded for the log, and its stored readings (each its row's "inserted"). */
  async function countsOf(logId: number): Promise<RowCounts> {
    const rows = await knex()(TABLES.ingestionRows)
      .where({ log_id: logId })
      .groupBy('outcome')
      .select('outcome')
      .count<{ outcome: RowOutcome; n: number | string }[]>({ n: '*' });
    const counts: RowCounts = { inserted: 0, duplicate: 0, conflict: 0, rejected: 0 };
    for (const r of rows) counts[r.outcome] = Number(r.n);
    const [stored] = await knex()(TABLES.meterReadings)
      .where({ source_log_id: logId })
      .whereNotNull('source_row')
      .count({ n: '*' });
    counts.inserted += Number(stored?.n ?? 0);
    return counts;
  }

  async function legacyLogIds(): Promise<Set<number>> {
    const rows = await knex()(LOGS_TABLE).where({ legacy: true }).select('id');
    return new Set(rows.map((r: { id: number | string }) => Number(r.id)));
  }

  /** Meter number → device documentId, for the meters of one chunk (cached per file). */
  async function linkDevices(db: Knex, cache: Map<string, string | null>, meterNumbers: string[]) {
    const missing = [...new Set(meterNumbers)].filter((m) => !cache.has(m));
    if (!missing.length) return;
    const rows = await db(DEVICES_TABLE)
      .whereIn('meter_number', missing)
      .select('meter_number', 'document_id');
    for (const m of missing) cache.set(m, null);
    for (const r of rows as { meter_number: string; document_id: string }[])
      cache.set(r.meter_number, r.document_id);
  }

  /**
   * Meter number → register → time of its latest stored reading, for the meters of one
   * slice (cached per file, moved on as the file's readings are written). Meter files
   * mostly bring readings newer than anything stored: those need no look-up row by row.
   */
  async function loadLatest(db: Knex, latest: LatestStored, meterNumbers: string[]) {
    const missing = [...new Set(meterNumbers)].filter((m) => !latest.has(m));
    if (!missing.length) return;
    for (const m of missing) latest.set(m, new Map());
    const rows = await db(TABLES.meterReadings)
      .whereIn('meter_number', missing)
      .groupBy('meter_number', 'register')
      .select('meter_number', 'register')
      .max({ at: 'reading_at' });
    for (const r of rows as { meter_number: string; register: string; at: number | string }[])
      latest.get(r.meter_number)!.set(r.register, Number(r.at));
  }
  const isAfterLatest = (
    latest: LatestStored,
    r: { meterNumber: string; register: string; readingAt: Date },
  ) => r.readingAt.getTime() > (latest.get(r.meterNumber)?.get(r.register) ?? Number.NEGATIVE_INFINITY);

  /** The rows the unique index turned away at insert: compared with what is stored now. */
  async function outcomesOfMissed(
    db: Knex,
    logId: number,
    missed: MissedReading[],
    file: FileState,
    counts: RowCounts,
  ): Promise<ReadingRowOut[]> {
    if (!missed.length) return [];
    const { devices } = file;
    for (const m of missed) file.validation?.breaks(m.meter_number, m.register);
    const stored = new Map<string, string>();
    const times = missed.map((m) => m.reading_at);
    const rows = await db(TABLES.meterReadings)
      .whereIn('meter_number', [...new Set(missed.map((m) => m.meter_number))])
      .whereBetween('reading_at', [Math.min(...times), Math.max(...times)])
      .select<{ meter_number: string; register: string; reading_at: number | string; value: string }[]>(
        'meter_number',
        'register',
        'reading_at',
        'value',
      );
    for (const r of rows) stored.set(readingKey(r.meter_number, r.register, Number(r.reading_at)), r.value);
    return missed.map((m) => {
      const before = stored.get(readingKey(m.meter_number, m.register, m.reading_at));
      // Nothing stored under the key: only a database refusing a row without an error does that.
      const outcome =
        before === undefined
          ? 'conflict'
          : (classifyAgainstStored(m.value, before) as 'duplicate' | 'conflict');
      counts.inserted--;
      counts[outcome]++;
      return outcomeRow(logId, m, outcome, before ?? null, devices);
    });
  }

  const outcomeRow = (
    logId: number,
    m: MissedReading,
    outcome: 'duplicate' | 'conflict',
    storedValue: string | null,
    devices: Map<string, string | null>,
  ): ReadingRowOut => ({
    log_id: logId,
    row_number: m.source_row,
    line: m.source_line,
    record_type: null,
    outcome,
    meter_number: m.meter_number,
    register: m.register,
    reading_at: m.reading_at,
    value: m.value,
    stored_value: outcome === 'conflict' ? storedValue : null,
    link_status: devices.get(m.meter_number) ? 'linked' : 'unlinked',
    error:
      outcome === 'conflict'
        ? storedValue === null
          ? 'The database did not store this reading'
          : `A different value (${storedValue}) is already stored for this meter, register and time; it was kept`
        : null,
  });

  /**
   * Matches one slice of rows against what is stored and writes it, inside `db` (the open
   * transaction). A reading stored is its row's outcome ("inserted", found through its
   * source log and row); every other row gets an outcome row.
   */
  async function writeSlice(
    db: Transaction,
    inserter: ReadingInserter,
    logId: number,
    chunk: { seq: number; row: Exclude<ParsedRow, { kind: 'fatal' }> }[],
    file: FileState,
    counts: RowCounts,
  ) {
    const { devices, latest, legacy, validation } = file;
    const readings = chunk.filter((c) => c.row.kind === 'reading') as {
      seq: number;
      row: Extract<ParsedRow, { kind: 'reading' }>;
    }[];
    const meterNumbers = readings.map((r) => r.row.reading.meterNumber);
    await linkDevices(db, devices, meterNumbers);
    await loadLatest(db, latest, meterNumbers);

    // Only readings at or before their register's latest stored time can meet a stored one.
    const stored = new Map<string, { value: string; logId: number | null }>();
    const older = readings.filter((r) => !isAfterLatest(latest, r.row.reading));
    if (older.length) {
      const times = older.map((r) => r.row.reading.readingAt.getTime());
      const rows = await db(TABLES.meterReadings)
        .whereIn('meter_number', [...new Set(older.map((r) => r.row.reading.meterNumber))])
        .whereBetween('reading_at', [Math.min(...times), Math.max(...times)])
        .select('meter_number', 'register', 'reading_at', 'value', 'source_log_id');
      for (const r of rows as {
        meter_number: string;
        register: string;
        reading_at: number | string;
        value: string;
        source_log_id: number | string | null;
      }[]) {
        stored.set(readingKey(r.meter_number, r.register, Number(r.reading_at)), {
          value: r.value,
          logId: r.source_log_id === null ? null : Number(r.source_log_id),
        });
      }
    }

    const now = Date.now();
    const newReadings: NewReading[] = [];
    const outcomes: ReadingRowOut[] = [];
    const fromLegacy: { key: Record<string, unknown>; row: number; line: number }[] = [];
    for (const { seq, row } of chunk) {
      const tooLong = row.kind === 'reading' ? readingColumnProblem(row.reading) : null;
      if (row.kind === 'rejected' || tooLong) {
        outcomes.push({
          log_id: logId,
          row_number: seq,
          line: row.line,
          record_type: row.kind === 'rejected' ? (row.recordType ?? null) : null,
          outcome: 'rejected',
          // Every outcome row gives every column: they go out as one multi-row INSERT.
          meter_number: null,
          register: null,
          reading_at: null,
          value: null,
          stored_value: null,
          link_status: null,
          error: `${row.kind === 'rejected' ? row.error : tooLong}`.slice(0, 1000),
        });
        counts.rejected++;
        continue;
      }
      const r = row.reading;
      const at = r.readingAt.getTime();
      const key = readingKey(r.meterNumber, r.register, at);
      const before = stored.get(key);
      const outcome = classifyAgainstStored(r.value, before?.value);
      counts[outcome]++;
      // Validation from memory holds while a register's rows are new readings, each after the last.
      if (outcome !== 'inserted' || !isAfterLatest(latest, r)) validation?.breaks(r.meterNumber, r.register);
      if (outcome === 'inserted') {
        newReadings.push({
          meter_number: r.meterNumber,
          register: r.register,
          reading_at: at,
          value: r.value,
          kind: r.readingKind,
          unit: r.unit ?? null,
          quality: r.quality ?? null,
          device_ref: devices.get(r.meterNumber) ?? null,
          source_log_id: logId,
          source_row: seq,
          source_line: row.line,
          created_at: now,
        });
        // A later row of this slice with the same key compares against this one; a later
        // slice looks it up, as it is no longer after the latest stored time.
        stored.set(key, { value: r.value, logId });
        const registers = latest.get(r.meterNumber)!;
        const latestAt = registers.get(r.register);
        // Nothing stored for this register before, nor earlier in this file: no look-back to load.
        if (latestAt === undefined) validation?.firstOfRegister(r.meterNumber, r.register);
        if (at > (latestAt ?? Number.NEGATIVE_INFINITY)) registers.set(r.register, at);
        continue;
      }
      // A reading only a legacy (reconstructed) log accounted for becomes this row's: it is
      // the row's "inserted" outcome from now on.
      if (outcome === 'duplicate' && before?.logId != null && legacy.has(before.logId)) {
        counts.duplicate--;
        counts.inserted++;
        fromLegacy.push({
          key: { meter_number: r.meterNumber, register: r.register, reading_at: at },
          row: seq,
          line: row.line,
        });
        continue;
      }
      outcomes.push(
        outcomeRow(
          logId,
          {
            meter_number: r.meterNumber,
            register: r.register,
            reading_at: at,
            value: r.value,
            source_row: seq,
            source_line: row.line,
          },
          outcome,
          before?.value ?? null,
          devices,
        ),
      );
    }

    // ON CONFLICT DO NOTHING: a reading stored by a concurrent file between our look-up and
    // this insert is not stored twice (the unique index decides), and its row is told so.
    const missed = await inserter.add(newReadings);
    validation?.stored(newReadings);
    outcomes.push(...(await outcomesOfMissed(db, logId, missed, file, counts)));
    for (const k of fromLegacy) {
      await db(TABLES.meterReadings)
        .where(k.key)
        .update({ source_log_id: logId, source_row: k.row, source_line: k.line });
    }
    await insertRows(strapi, TABLES.ingestionRows, outcomes, {
      skipDuplicatesOn: ['log_id', 'row_number'],
      transaction: db,
    });
  }

  /**
   * Stores the parsed rows of one file under log `logId`, resuming after the last row a
   * previous (interrupted) run recorded.
   *
   * Transactions: each commit is an fsync, which dominates bulk writes, so they grow —
   * the first holds FIRST_TRANSACTION_ROWS rows (an early checkpoint, early progress on
   * the log), each next one twice as many up to MAX_TRANSACTION_ROWS — and none is held
   * open longer than MAX_TRANSACTION_MS (what a crash can cost to redo, and, on SQLite,
   * how long other writers wait). The highest row stored or recorded is the checkpoint:
   * a file interrupted by a crash is resumed from there, never stored twice.
   */
  async function ingestRows(
    batches: AsyncIterable<ParsedRow[]>,
    target: IngestTarget,
  ): Promise<IngestResult> {
    const resumeAfter = await checkpoint(target.logId);
    const file: FileState = {
      devices: new Map(),
      latest: new Map(),
      legacy: await legacyLogIds(),
      // A resumed file is validated from the database once stored: what was committed
      // before the interruption never went through a validator in this process.
      validation:
        resumeAfter === 0
          ? await getService(strapi, 'validation-runs')
              .openFile(target.logId)
              .catch((e: Error) => {
                strapi.log.warn(`Validation could not start, the file is validated after it: ${e.message}`);
                return null;
              })
          : null,
    };
    const counts: RowCounts = { inserted: 0, duplicate: 0, conflict: 0, rejected: 0 };
    let slice: { seq: number; row: Exclude<ParsedRow, { kind: 'fatal' }> }[] = [];
    let seq = 0;
    let fatal: string | null = null;
    // Why the signal stopped the file, if it did: what was read is committed, then thrown.
    let interrupted: unknown = null;
    let open: { trx: Transaction; inserter: ReadingInserter; since: number } | null = null;
    let rowsInTransaction = 0;
    let transactionRows = FIRST_TRANSACTION_ROWS;

    const writePending = async () => {
      if (!slice.length) return;
      if (!open) {
        const trx = await knex().transaction();
        open = { trx, inserter: await openReadingInserter(strapi, trx), since: Date.now() };
      }
      await writeSlice(open.trx, open.inserter, target.logId, slice, file, counts);
      rowsInTransaction += slice.length;
      slice = [];
    };
    const commit = async () => {
      if (!open) return;
      const { trx, inserter } = open;
      await insertRows(
        strapi,
        TABLES.ingestionRows,
        await outcomesOfMissed(trx, target.logId, await inserter.flush(), file, counts),
        { skipDuplicatesOn: ['log_id', 'row_number'], transaction: trx },
      );
      await trx(LOGS_TABLE)
        .where({ id: target.logId })
        .update({
          total_rows: resumeAfter + totalOf(counts),
          inserted_rows: counts.inserted,
          failed_rows: failedOf(counts),
        });
      await trx.commit();
      open = null;
      await file.validation?.committed();
      rowsInTransaction = 0;
      transactionRows = Math.min(transactionRows * 2, MAX_TRANSACTION_ROWS);
    };

    try {
      reading: for await (const rows of batches) {
        for (const row of rows) {
          if (target.signal?.aborted) {
            interrupted = target.signal.reason ?? 'aborted';
            break reading;
          }
          if (row.kind === 'fatal') {
            fatal = row.line ? `Line ${row.line}: ${row.error}` : row.error;
            break reading;
          }
          seq++;
          if (seq <= resumeAfter) continue;
          slice.push({ seq, row });
          if (slice.length >= sliceSize()) {
            await writePending();
            heapBudgetOf(strapi).check();
            if (
              rowsInTransaction >= transactionRows ||
              Date.now() - (open as { since: number } | null)!.since > MAX_TRANSACTION_MS
            )
              await commit();
          }
        }
      }
      await writePending();
      await commit();
    } catch (error) {
      // Nothing of the open transaction is kept: the checkpoint stays at its last commit.
      await (open as { trx: Transaction } | null)?.trx.rollback().catch(() => undefined);
      file.validation?.rolledBack();
      throw error;
    }
    if (interrupted !== null) throw new IngestionInterrupted(resumeAfter + totalOf(counts), interrupted);
    return { counts: await countsOf(target.logId), fatal, validation: file.validation };
  }

  /** Copies the remote file to a private temp file, hashing it on the way. */
  async function download(stream: Readable, signal: AbortSignal) {
    const dir = await mkdtemp(path.join(tmpdir(), 'utilities-ingest-'));
    const file = path.join(dir, 'file');
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, tap, createWriteStream(file, { mode: 0o600 }), { signal });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return { file, size, hash: hash.digest('hex'), cleanup: () => rm(dir, { recursive: true, force: true }) };
  }

  async function readHead(file: string): Promise<Buffer> {
    const handle = await open(file, 'r');
    try {
      const head = Buffer.alloc(4);
      const { bytesRead } = await handle.read(head, 0, 4, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  function formatFor(config: Record<string, unknown>) {
    const format = formats.get(typeof config.format === 'string' && config.format ? config.format : 'csv');
    let raw: unknown = {};
    if (typeof config.formatOptions === 'string' && config.formatOptions.trim()) {
      try {
        raw = JSON.parse(config.formatOptions);
      } catch (error) {
        throw new Error(`The channel's format options are not valid JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    return { format, options: parseFormatOptions<unknown>(format, raw) };
  }

  /**
   * Parses a stream in the channel's format and stores its rows under the log `target`;
   * a failure to read becomes the log's error (with what was stored before it kept); a
   * database outage and an interruption (the signal) are thrown, to be resumed.
   */
  async function ingestStream(
    input: Readable,
    fileName: string,
    config: Record<string, unknown>,
    target: IngestTarget,
  ): Promise<IngestResult> {
    try {
      const { format, options } = formatFor(config);
      const timeZone = typeof config.timeZone === 'string' && config.timeZone ? config.timeZone : 'UTC';
      return await ingestRows(format.parse(input, options, { timeZone, fileName }), target);
    } catch (error) {
      // A lost database is no fault of the file: the pull stops, and resumes the file from
      // its checkpoint once the database answers (channels/pull-healing.ts).
      if (databaseOutage(error) || error instanceof IngestionInterrupted) throw error;
      return { counts: await countsOf(target.logId), fatal: (error as Error).message };
    } finally {
      input.destroy();
    }
  }

  /** A .gz delivery as the stream of its content, refused mid-way if it expands beyond the limits. */
  function gunzipped(file: string, fileName: string): Readable {
    const input = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    let compressedBytes = 0;
    input.on('data', (chunk: string | Buffer) => {
      compressedBytes += chunk.length;
    });
    const limits = strapi.config.get<PluginConfig>('plugin::utilities').channels.archives;
    const guard = expansionGuard(fileName, { ...DEFAULT_ARCHIVE_LIMITS, ...limits }, () => compressedBytes);
    const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
    // Piped by hand so the parser reading `guard` gets the error in words ("not a readable
    // gzip file: unexpected end of file"), and stopping the parser stops the reading.
    input.on('error', (error) => guard.destroy(error));
    gunzip.on('error', (error) => guard.destroy(gzipFailure(fileName, error)));
    // The parser reads `guard` through its async iterator, which gets every error; this
    // listener only keeps an error raised after the parser stopped from crashing the process.
    guard.on('error', () => undefined);
    guard.on('close', () => {
      input.destroy();
      gunzip.destroy();
    });
    input.pipe(gunzip).pipe(guard);
    return guard;
  }

  const logs = () => getService(strapi, 'ingestion-logs');

  return {
    ingestRows,
    ingestStream,
    countsOf,
    formats,

    /** The file processor plugged into channel pulls (channel-pulls.setFileProcessor). */
    async processFile(job: FileJob) {
      const { log, file, channel } = job;
      const logRow = await knex()(LOGS_TABLE)
        .where({ document_id: log.documentId })
        .first<{ id: number | string }>('id');
      const logId = Number(logRow.id);
      await logs().update(log.documentId, {
        status: 'Processing',
        startedAt: new Date().toISOString(),
        error: null,
      });

      let downloaded: Awaited<ReturnType<typeof download>>;
      try {
        downloaded = await download(await job.open(), job.signal);
      } catch (error) {
        // Transfer failures leave no hash: the next pull retries the file.
        await logs().update(log.documentId, {
          status: 'Failed',
          error: job.redact(`The file could not be transferred: ${(error as Error).message}`).slice(0, 5000),
          completedAt: new Date().toISOString(),
        });
        return;
      }
      try {
        const same = await knex()(LOGS_TABLE)
          .where({ channel_ref: channel.documentId, file_hash: downloaded.hash, status: 'Completed' })
          .whereNot({ id: logId })
          .first<{ file_name: string; document_id: string } | undefined>('file_name', 'document_id');
        if (same) {
          await logs().update(log.documentId, {
            status: 'Skipped',
            fileHash: downloaded.hash,
            fileSize: String(downloaded.size),
            error: `Same content as "${same.file_name}", already processed`,
            completedAt: new Date().toISOString(),
          });
          await job.afterProcessing('skipped');
          return;
        }
        const compression = detectCompression(await readHead(downloaded.file));
        if (compression === 'zip') {
          // Each member is its own log entry; this one sums them up.
          const outcome = await getService(strapi, 'delivery-archives').ingestMembers(job, downloaded);
          await logs().update(log.documentId, {
            ...outcome,
            error: outcome.error === null ? null : job.redact(outcome.error).slice(0, 5000),
            fileHash: downloaded.hash,
            fileSize: String(downloaded.size),
            completedAt: new Date().toISOString(),
          });
          await job.afterProcessing(processingOutcome(outcome.status));
          return;
        }
        const result =
          compression === 'gzip'
            ? await ingestStream(
                gunzipped(downloaded.file, file.name),
                gunzippedName(file.name),
                channel.config,
                {
                  logId,
                  signal: job.signal,
                },
              )
            : await ingestStream(
                createReadStream(downloaded.file, { highWaterMark: READ_CHUNK_BYTES }),
                file.name,
                channel.config,
                { logId, signal: job.signal },
              );
        // The file is stored: every row has its outcome and every reading is committed.
        // A step that works on a stored file's readings runs here, before the log is closed.
        const status = finalStatus(result.counts, result.fatal);
        await logs().update(log.documentId, {
          status,
          fileHash: downloaded.hash,
          fileSize: String(downloaded.size),
          totalRows: totalOf(result.counts),
          insertedRows: result.counts.inserted,
          failedRows: failedOf(result.counts),
          error: result.fatal ? job.redact(result.fatal).slice(0, 5000) : null,
          completedAt: new Date().toISOString(),
        });
        // The VEE step runs over what the file stored; its failure is logged, never the file's.
        if (result.counts.inserted > 0)
          await getService(strapi, 'validation-runs')
            .afterFileStored(logId, result.validation)
            .catch((e: Error) => strapi.log.warn(`Validation of ${file.name} failed: ${e.message}`));
        await job.afterProcessing(processingOutcome(status));
      } finally {
        await downloaded.cleanup();
      }
    },
  };
};
