import type { Core } from '@strapi/strapi';

/**
 * High-volume, append-only tables the plugin owns itself (DESIGN §4): lean scalar
 * columns, real unique indexes, written in bulk with knex. Strapi's schema sync
 * leaves tables it did not create alone.
 *
 * Times are epoch milliseconds (UTC) in BIGINT columns: exact, sortable and free
 * of the per-driver timezone conversions DATETIME columns bring on SQLite,
 * PostgreSQL and MySQL.
 */
export const TABLES = {
  meterReadings: 'utilities_meter_readings',
  ingestionRows: 'utilities_ingestion_rows',
  jobClaims: 'utilities_job_claims',
  leases: 'utilities_leases',
  usageRecords: 'utilities_usage_records',
  usageImportRows: 'utilities_usage_import_rows',
} as const;

type Knex = Core.Strapi['db']['connection'];

/** The readings table's text columns and their widths (characters), as created below. */
const READING_COLUMN_WIDTHS = [
  ['meterNumber', 'meter number', 64],
  ['register', 'register', 32],
  ['value', 'value', 40],
  ['unit', 'unit', 16],
  ['quality', 'quality', 8],
] as const;

/**
 * Why a reading does not fit the readings table, or null. Formats check their own fields;
 * this is the last guard for any format, so that no database cuts a value short.
 */
export function readingColumnProblem(reading: {
  [K in (typeof READING_COLUMN_WIDTHS)[number][0]]?: string;
}): string | null {
  for (const [field, label, width] of READING_COLUMN_WIDTHS) {
    const text = reading[field];
    if (typeof text !== 'string' || text.length <= width) continue;
    const characters = [...text].length;
    if (characters > width) return `The ${label} is longer than ${width} characters (${characters})`;
  }
  return null;
}

export async function createIfMissing(
  knex: Knex,
  name: string,
  build: Parameters<Knex['schema']['createTable']>[1],
) {
  if (await knex.schema.hasTable(name)) return;
  try {
    await knex.schema.createTable(name, build);
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (!(await knex.schema.hasTable(name))) throw error;
  }
}

/**
 * Columns added to a bulk table after its first release.
 */
async function addColumnsIfMissing(
  knex: Knex,
  name: string,
  columns: Record<string, (t: Parameters<Parameters<Knex['schema']['alterTable']>[1]>[0]) => void>,
) {
  for (const [column, add] of Object.entries(columns)) {
    if (await knex.schema.hasColumn(name, column)) continue;
    try {
      await knex.schema.alterTable(name, add);
    } catch (error) {
      // Another instance starting at the same moment added it first.
      if (!(await knex.schema.hasColumn(name, column))) throw error;
    }
  }
}

export async function ensureBulkTables(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  // An upload's records by row (its counts, row list, undo and resume). Only uploaded
  // records are in it where the database can say so (PostgreSQL, SQLite): the device API
  // writes its records without paying for an index entry they will never be found by.
  const uploadRowIndex = (t: Parameters<Parameters<Knex['schema']['alterTable']>[1]>[0]) =>
    t.index(['source_log_ref', 'source_row'], 'utilities_usage_records_upload_row_idx', {
      predicate: knex.whereNotNull('source_log_ref'),
    });
  // Identifiers compare exactly on every database (see exact-identifiers.ts).
  const exact = <C extends { collate: (c: string) => C }>(column: C) =>
    strapi.db.dialect.client === 'mysql' ? column.collate('utf8mb4_bin') : column;
  await createIfMissing(knex, TABLES.meterReadings, (t) => {
    t.bigIncrements('id');
    exact(t.string('meter_number', 64).notNullable());
    exact(t.string('register', 32).notNullable());
    t.bigInteger('reading_at').notNullable();
    t.string('value', 40).notNullable(); // exact decimal text
    t.string('kind', 16).notNullable().defaultTo('cumulative'); // cumulative | interval
    t.string('unit', 16).nullable();
    t.string('quality', 8).nullable();
    t.string('device_ref', 64).nullable(); // device documentId; null until a device has the meter number
    t.bigInteger('source_log_id').nullable();
    // The row of that log's file it came from: a stored reading IS its row's "inserted"
    // outcome (server/services/ingestion/ingestion.ts), so no second row is written per reading.
    t.integer('source_row').nullable();
    t.integer('source_line').nullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['meter_number', 'register', 'reading_at'], { indexName: 'utilities_meter_readings_key_uq' });
    t.index(['device_ref', 'reading_at'], 'utilities_meter_readings_device_idx');
    t.index(['source_log_id', 'source_row'], 'utilities_meter_readings_log_row_idx');
  });
  await addColumnsIfMissing(knex, TABLES.meterReadings, {
    // Resuming a file and listing its rows look readings up by (log, row): one index build at upgrade.
    source_row: (t) => {
      t.integer('source_row').nullable();
      t.index(['source_log_id', 'source_row'], 'utilities_meter_readings_log_row_idx');
    },
    source_line: (t) => t.integer('source_line').nullable(),
  });
  // One row per line of an ingested file (the guide's "Row details"); (log_id, row_number)
  // is unique so a resumed file never records a row twice.
  await createIfMissing(knex, TABLES.ingestionRows, (t) => {
    t.bigIncrements('id');
    t.bigInteger('log_id').notNullable();
    t.integer('row_number').notNullable(); // the row's position in the file's outcomes (resume checkpoint)
    t.integer('line').nullable(); // the file line it came from
    t.string('record_type', 8).nullable(); // e.g. NEM12 "300"
    t.string('outcome', 16).notNullable(); // inserted | duplicate | conflict | rejected
    t.string('meter_number', 64).nullable();
    t.string('register', 32).nullable();
    t.bigInteger('reading_at').nullable();
    t.string('value', 40).nullable();
    t.string('stored_value', 40).nullable(); // the value kept, for a conflict
    t.string('link_status', 16).nullable(); // linked | unlinked
    t.string('error', 1000).nullable();
    t.unique(['log_id', 'row_number'], { indexName: 'utilities_ingestion_rows_row_uq' });
    t.index(['log_id', 'outcome'], 'utilities_ingestion_rows_outcome_idx');
  });
  // Scheduled jobs (server/jobs): one row per claimed occurrence; the unique index is what
  // makes every instance but one lose the claim.
  await createIfMissing(knex, TABLES.jobClaims, (t) => {
    t.bigIncrements('id');
    t.string('job', 255).notNullable();
    t.bigInteger('scheduled_for').notNullable();
    t.string('claimed_by', 255).notNullable();
    t.bigInteger('claimed_at').notNullable();
    t.unique(['job', 'scheduled_for'], { indexName: 'utilities_job_claims_occurrence_uq' });
  });
  // One row per leased resource (e.g. "channel:<documentId>"): who holds it and until when.
  await createIfMissing(knex, TABLES.leases, (t) => {
    t.string('name', 191).notNullable().primary();
    t.string('holder', 255).notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('acquired_at').notNullable();
    t.bigInteger('heartbeat_at').notNullable();
  });

  // Usage records (DESIGN §4 usage-record; src/usage/idempotency-key.ts). Counters are
  // BIGINT written as decimal text and read back with CAST(… AS TEXT/CHAR) so
  // 9223372036854775807 stays exact on every driver. NULL event refs never collide in
  // the unique index (SQLite, PostgreSQL's default NULLS DISTINCT, InnoDB). `receipt`
  // marks the rows one write stored, which is how a write tells its own rows from a
  // concurrent sender's (see server/services/usage-store.ts).
  await createIfMissing(knex, TABLES.usageRecords, (t) => {
    t.bigIncrements('id');
    exact(t.string('device_id', 64).notNullable());
    exact(t.string('e_group', 64).notNullable());
    exact(t.string('e_id', 64).notNullable());
    exact(t.string('event_ref', 128).nullable());
    t.bigInteger('dtu').notNullable(); // epoch ms, UTC
    t.boolean('dtu_from_server').notNullable().defaultTo(false);
    t.string('dt_text', 64).nullable(); // Dt as the device sent it
    t.string('dt_local', 23).nullable(); // its wall-clock time, yyyy-MM-ddTHH:mm:ss.SSS
    t.string('src_ip', 64).nullable();
    t.bigInteger('int_counter').nullable();
    t.bigInteger('int_counter2').nullable();
    t.bigInteger('int_counter3').nullable();
    t.bigInteger('int_counter4').nullable();
    t.bigInteger('int_counter5').nullable();
    t.decimal('temperature', 13, 6).nullable();
    t.text('event_data').nullable(); // JSON object text, at most 16 KB
    t.string('badge', 64).nullable();
    t.string('source', 16).notNullable(); // api | batch | upload
    t.string('source_log_ref', 64).nullable(); // ingestion-log documentId of an upload
    // The upload's row it came from: a stored record IS its row's "created" outcome
    // (server/services/usage/usage-imports.ts), so no outcome row is written for it.
    t.integer('source_row').nullable();
    t.string('receipt', 32).notNullable();
    t.bigInteger('received_at').notNullable();
    t.unique(['device_id', 'e_group', 'e_id', 'event_ref'], {
      indexName: 'utilities_usage_records_event_uq',
    });
    t.index(['dtu'], 'utilities_usage_records_dtu_idx');
    t.index(['device_id', 'dtu'], 'utilities_usage_records_device_idx');
    t.index(['e_group', 'e_id', 'dtu'], 'utilities_usage_records_group_idx');
    t.index(['receipt'], 'utilities_usage_records_receipt_idx');
    uploadRowIndex(t);
  });
  await addColumnsIfMissing(knex, TABLES.usageRecords, {
    source_row: (t) => {
      t.integer('source_row').nullable();
      uploadRowIndex(t);
    },
  });
  // One row per data row of an uploaded usage spreadsheet: its outcome, and why when rejected.
  await createIfMissing(knex, TABLES.usageImportRows, (t) => {
    t.bigIncrements('id');
    t.string('log_ref', 64).notNullable(); // ingestion-log documentId
    t.integer('row_number').notNullable();
    t.string('outcome', 16).notNullable(); // created | duplicate | rejected
    t.string('device_id', 64).nullable();
    t.string('e_group', 64).nullable();
    t.string('e_id', 64).nullable();
    t.string('event_ref', 128).nullable();
    t.bigInteger('record_id').nullable(); // the stored record (for a duplicate: the original)
    t.text('error').nullable();
    t.unique(['log_ref', 'row_number'], { indexName: 'utilities_usage_import_rows_uq' });
    t.index(['log_ref', 'outcome', 'row_number'], 'utilities_usage_import_rows_outcome_idx');
  });
}
