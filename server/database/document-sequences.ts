import type { Core } from '@strapi/strapi';
import type { KnexTransaction } from './knex-transaction';

/**
 * The counters of document numbers: one row per issuer, kind (invoice,
 * credit-note) and year holding the last number given. Numbers are taken
 * inside the transaction that stores them (finalize, credit note): the row is
 * read with SELECT … FOR UPDATE (PostgreSQL, MariaDB), so a second
 * transaction waits until the first commits and continues after its last
 * number; if the storing transaction rolls back, so does the counter — no gap,
 * no number twice. SQLite runs one write transaction at a time anyway.
 */
export const DOCUMENT_SEQUENCES_TABLE = 'utilities_document_sequences';

export type SequenceKind = 'invoice' | 'credit-note';

export async function ensureDocumentSequencesTable(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (await knex.schema.hasTable(DOCUMENT_SEQUENCES_TABLE)) return;
  try {
    await knex.schema.createTable(DOCUMENT_SEQUENCES_TABLE, (t) => {
      t.string('issuer', 80).notNullable();
      t.string('kind', 16).notNullable();
      t.integer('year').notNullable();
      t.bigInteger('last_value').notNullable().defaultTo(0);
      t.primary(['issuer', 'kind', 'year']);
    });
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (!(await knex.schema.hasTable(DOCUMENT_SEQUENCES_TABLE))) throw error;
  }
}

/**
 * Takes `count` consecutive numbers of the sequence inside `trx` and answers the
 * first. Callers hold a billing lock around the transaction, so the counter row's
 * first INSERT never races another one (InnoDB's duplicate-insert upgrade could
 * otherwise deadlock three first-time writers).
 */
export async function takeNumbers(
  strapi: Core.Strapi,
  trx: KnexTransaction,
  key: { issuer: string; kind: SequenceKind; year: number },
  count: number,
): Promise<number> {
  if (count < 1) throw new Error('takeNumbers: count must be at least 1');
  await trx(DOCUMENT_SEQUENCES_TABLE)
    .insert({ ...key, last_value: 0 })
    .onConflict(['issuer', 'kind', 'year'])
    .ignore();
  const read = trx(DOCUMENT_SEQUENCES_TABLE).where(key).first('last_value');
  // PostgreSQL answers a BIGINT as text, the others as a number.
  const row = strapi.db.dialect.client === 'sqlite' ? await read : await read.forUpdate();
  const last = Number(row?.last_value ?? 0);
  await trx(DOCUMENT_SEQUENCES_TABLE)
    .where(key)
    .update({ last_value: last + count });
  return last + 1;
}
