import type { Core } from '@strapi/strapi';
import type { KnexTransaction } from './knex-transaction';

/**
 * Named locks for the billing rules that no unique index can express — "no two
 * occupancies of a billing point share a day", "a meter is at one billing point
 * at a time", "no two rates of a group overlap". Each check-then-write runs in
 * one transaction whose FIRST statement increments the lock's row:
 *
 * - PostgreSQL and MySQL/MariaDB: the UPDATE takes the row lock, so a second
 *   writer on the same name waits until the first commits, then reads what it
 *   wrote (PostgreSQL READ COMMITTED reads per statement; InnoDB REPEATABLE READ
 *   takes its snapshot at the first plain read, which comes after the lock);
 * - SQLite: knex's single connection runs transactions one at a time anyway.
 *
 * So the loser of a race validates against the winner's rows and gets the rule's
 * 409, never a silent overlap. The row is created beforehand, outside the
 * transaction, so two first-time writers can't deadlock creating it (InnoDB's
 * shared-then-exclusive upgrade on a duplicate insert).
 */
export const BILLING_LOCKS_TABLE = 'utilities_billing_locks';

export type Trx = KnexTransaction;

export async function ensureBillingLocksTable(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (await knex.schema.hasTable(BILLING_LOCKS_TABLE)) return;
  try {
    await knex.schema.createTable(BILLING_LOCKS_TABLE, (t) => {
      t.string('name', 191).notNullable().primary();
      t.bigInteger('version').notNullable().defaultTo(0);
    });
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (!(await knex.schema.hasTable(BILLING_LOCKS_TABLE))) throw error;
  }
}

/**
 * Runs `work` in one transaction holding the named lock(s); all or nothing. Several
 * names are taken in sorted order, so two transactions can't wait for each other.
 * Must not be nested in another transaction.
 */
export async function withBillingLock<T>(
  strapi: Core.Strapi,
  names: string | string[],
  work: (trx: Trx) => Promise<T>,
): Promise<T> {
  const sorted = [...new Set(typeof names === 'string' ? [names] : names)].sort();
  if (strapi.db.inTransaction())
    throw new Error(`withBillingLock(${sorted.join(', ')}) must start its own transaction`);
  for (const name of sorted) {
    await strapi.db.connection(BILLING_LOCKS_TABLE).insert({ name, version: 0 }).onConflict('name').ignore();
  }
  // Strapi types the transaction's knex as `any`; it is a knex transaction.
  return strapi.db.transaction(async ({ trx }: { trx: Trx }) => {
    for (const name of sorted) await trx(BILLING_LOCKS_TABLE).where({ name }).increment('version', 1);
    return work(trx);
  });
}

export const partyLock = (documentId: string) => `party:${documentId}`;
