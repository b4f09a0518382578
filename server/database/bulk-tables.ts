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
  jobClaims: 'utilities_job_claims',
  leases: 'utilities_leases',
} as const;

type Knex = Core.Strapi['db']['connection'];

async function createIfMissing(knex: Knex, name: string, build: Parameters<Knex['schema']['createTable']>[1]) {
  if (await knex.schema.hasTable(name)) return;
  try {
    await knex.schema.createTable(name, build);
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (!(await knex.schema.hasTable(name))) throw error;
  }
}

export async function ensureBulkTables(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
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
    t.bigInteger('created_at').notNullable();
    t.unique(['meter_number', 'register', 'reading_at'], { indexName: 'utilities_meter_readings_key_uq' });
    t.index(['device_ref', 'reading_at'], 'utilities_meter_readings_device_idx');
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
}
