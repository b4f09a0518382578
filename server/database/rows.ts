import type { Knex } from 'knex';
import { TABLES } from './bulk-tables';
import { QUALITY_TABLES } from './quality-tables';
import { BILLING_LOCKS_TABLE } from './billing-locks';
import { DOCUMENT_SEQUENCES_TABLE } from './document-sequences';

/**
 * The rows of the tables the plugin owns itself (bulk-tables.ts, quality-tables.ts, the
 * billing locks and document numbers), declared once to knex's `Tables` registry so
 * `knex(TABLES.meterReadings)` is a typed query builder: a misspelt column in a
 * `where`, `select` or `insert` fails `tsc`, and a selected row has its columns' types.
 *
 * Column types are what the drivers hand back, not what the schema says:
 * - BIGINT (epoch-ms times, ids, counters): SQLite and mysql2 answer a number,
 *   PostgreSQL decimal text, so readers go through `Number(…)` (every stored time and id
 *   is far below 2^53). Writes give numbers.
 * - Nullable columns are `| null`.
 */
export type BigIntColumn = number | string;

/** utilities_meter_readings: one meter reading as a file gave it (never changed). */
export interface MeterReadingRow {
  id: BigIntColumn;
  meter_number: string;
  register: string;
  reading_at: BigIntColumn;
  value: string;
  kind: string;
  unit: string | null;
  quality: string | null;
  device_ref: string | null;
  source_log_id: BigIntColumn | null;
  source_row: number | null;
  source_line: number | null;
  created_at: BigIntColumn;
}

/** utilities_ingestion_rows: the outcome of one row of an ingested file. */
export interface IngestionRowOutcomeRow {
  id: BigIntColumn;
  log_id: BigIntColumn;
  row_number: number;
  line: number | null;
  record_type: string | null;
  outcome: string;
  meter_number: string | null;
  register: string | null;
  reading_at: BigIntColumn | null;
  value: string | null;
  stored_value: string | null;
  link_status: string | null;
  error: string | null;
}

/** utilities_job_claims: one claimed occurrence of a scheduled job. */
export interface JobClaimRow {
  id: BigIntColumn;
  job: string;
  scheduled_for: BigIntColumn;
  claimed_by: string;
  claimed_at: BigIntColumn;
}

/** utilities_leases: who holds a leased resource and until when. */
export interface LeaseRow {
  name: string;
  holder: string;
  expires_at: BigIntColumn;
  acquired_at: BigIntColumn;
  heartbeat_at: BigIntColumn;
}

/** utilities_usage_records: one usage record (counters are BIGINT read back as text). */
export interface UsageRecordRow {
  id: BigIntColumn;
  device_id: string;
  e_group: string;
  e_id: string;
  event_ref: string | null;
  dtu: BigIntColumn;
  /** SQLite and MySQL store a boolean as 0/1. */
  dtu_from_server: boolean | number;
  dt_text: string | null;
  dt_local: string | null;
  src_ip: string | null;
  int_counter: BigIntColumn | null;
  int_counter2: BigIntColumn | null;
  int_counter3: BigIntColumn | null;
  int_counter4: BigIntColumn | null;
  int_counter5: BigIntColumn | null;
  /** DECIMAL(13,6): text on PostgreSQL and MySQL, a number on SQLite. */
  temperature: string | number | null;
  event_data: string | null;
  badge: string | null;
  source: string;
  source_log_ref: string | null;
  /** The upload's row it came from (usage-imports.ts); null for the device API. */
  source_row: number | null;
  receipt: string;
  received_at: BigIntColumn;
}

/** The counter columns of a usage record (BIGINT, read back as exact text). */
export type UsageCounterColumn =
  'int_counter' | 'int_counter2' | 'int_counter3' | 'int_counter4' | 'int_counter5';

/**
 * A usage record as the services read it back: the counters CAST to text so
 * 9223372036854775807 stays exact on every driver (usage-store.ts), the receipt left out.
 */
export type UsageRecordRead = Omit<UsageRecordRow, 'receipt' | 'source_row' | UsageCounterColumn> &
  Record<UsageCounterColumn, string | null>;

/** utilities_usage_import_rows: the outcome of one row of an uploaded usage spreadsheet. */
export interface UsageImportRowOutcomeRow {
  id: BigIntColumn;
  log_ref: string;
  row_number: number;
  outcome: string;
  device_id: string | null;
  e_group: string | null;
  e_id: string | null;
  event_ref: string | null;
  record_id: BigIntColumn | null;
  error: string | null;
}

/** utilities_reading_quality: the state of a flagged or corrected reading. */
export interface ReadingQualityRow {
  reading_id: BigIntColumn;
  meter_number: string;
  register: string;
  reading_at: BigIntColumn;
  state: string;
  rule: string | null;
  severity: string | null;
  message: string | null;
  effective_value: string | null;
  method: string | null;
  updated_at: BigIntColumn;
}

/** utilities_reading_edits: one entry of a reading's audit trail. */
export interface ReadingEditRow {
  id: BigIntColumn;
  reading_id: BigIntColumn;
  action: string;
  before_state: string;
  before_value: string | null;
  before_method: string | null;
  after_state: string;
  after_value: string | null;
  after_method: string | null;
  rule: string | null;
  reason: string | null;
  user_id: string | null;
  user_name: string | null;
  undoes: BigIntColumn | null;
  at: BigIntColumn;
}

/** utilities_billing_locks: one named lock's row (billing-locks.ts). */
export interface BillingLockRow {
  name: string;
  version: BigIntColumn;
}

/** utilities_document_sequences: the last document number of an issuer, kind and year. */
export interface DocumentSequenceRow {
  issuer: string;
  kind: string;
  year: number;
  last_value: BigIntColumn;
}

declare module 'knex/types/tables' {
  interface Tables {
    [TABLES.meterReadings]: MeterReadingRow;
    [TABLES.ingestionRows]: IngestionRowOutcomeRow;
    [TABLES.jobClaims]: JobClaimRow;
    [TABLES.leases]: LeaseRow;
    [TABLES.usageRecords]: UsageRecordRow;
    [TABLES.usageImportRows]: UsageImportRowOutcomeRow;
    [QUALITY_TABLES.readingQuality]: ReadingQualityRow;
    [QUALITY_TABLES.readingEdits]: ReadingEditRow;
    [BILLING_LOCKS_TABLE]: BillingLockRow;
    [DOCUMENT_SEQUENCES_TABLE]: DocumentSequenceRow;
  }
}

/** A plugin-owned table's name. */
export type PluginTable = keyof import('knex/types/tables').Tables;

/** A row to insert into `T`: every column but the generated id. */
export type NewRow<T extends PluginTable> = Omit<import('knex/types/tables').Tables[T], 'id'>;

/** A `knex` of either kind (the pool or a transaction). */
export type AnyKnex = Knex | Knex.Transaction;
