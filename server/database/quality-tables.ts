import type { Core } from '@strapi/strapi';
import { createIfMissing } from './bulk-tables';

/**
 * The VEE step's side tables, keyed by reading id. They sit beside
 * utilities_meter_readings instead of adding columns to it: the reading row stays
 * exactly what the file said (the raw value is never changed) and the ingestion
 * INSERT path never has to know about quality. A reading without a quality row is
 * valid (or not yet validated); only flagged or corrected readings have one.
 */
export const QUALITY_TABLES = {
  /** One row per flagged or corrected reading: its state, the rule that flagged it and its effective value. */
  readingQuality: 'utilities_reading_quality',
  /** The audit trail: one row per flag and per person's action, never updated (undo is an entry too). */
  readingEdits: 'utilities_reading_edits',
  /** A resident's "seen it" on a leak or zero-consumption notice (the notice is the flag itself). */
  noticeDismissals: 'utilities_notice_dismissals',
} as const;

export async function ensureQualityTables(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  await createIfMissing(knex, QUALITY_TABLES.readingQuality, (t) => {
    t.bigInteger('reading_id').notNullable().primary();
    // Copied from the reading so the queue can be listed and grouped without a join per row.
    t.string('meter_number', 64).notNullable();
    t.string('register', 32).notNullable();
    t.bigInteger('reading_at').notNullable();
    t.string('state', 16).notNullable(); // suspect | estimated | edited | accepted
    t.string('rule', 32).nullable(); // the rule that flagged it (kept after a correction)
    t.string('severity', 16).nullable();
    t.string('message', 500).nullable();
    t.string('effective_value', 40).nullable(); // null: the raw value counts
    t.string('method', 32).nullable(); // estimation method of an estimate
    t.bigInteger('updated_at').notNullable();
    t.index(['state', 'meter_number', 'register', 'reading_at'], 'utilities_reading_quality_queue_idx');
    t.index(['meter_number', 'register', 'reading_at'], 'utilities_reading_quality_reg_idx');
  });
  await createIfMissing(knex, QUALITY_TABLES.readingEdits, (t) => {
    t.bigIncrements('id');
    t.bigInteger('reading_id').notNullable();
    t.string('action', 16).notNullable(); // flag | accept | edit | estimate | undo
    t.string('before_state', 16).notNullable();
    t.string('before_value', 40).nullable(); // effective value before (null: the raw value)
    t.string('before_method', 32).nullable();
    t.string('after_state', 16).notNullable();
    t.string('after_value', 40).nullable();
    t.string('after_method', 32).nullable();
    t.string('rule', 32).nullable();
    t.string('reason', 1000).nullable();
    t.string('user_id', 64).nullable(); // the admin user's id; null for the rules themselves
    t.string('user_name', 255).nullable();
    t.bigInteger('undoes').nullable(); // the entry an undo reverts
    t.bigInteger('at').notNullable();
    t.index(['reading_id', 'id'], 'utilities_reading_edits_reading_idx');
  });
  await createIfMissing(knex, QUALITY_TABLES.noticeDismissals, (t) => {
    t.integer('user_id').notNullable(); // the users-permissions user
    t.bigInteger('reading_id').notNullable();
    t.bigInteger('dismissed_at').notNullable();
    t.primary(['user_id', 'reading_id']);
  });
}
