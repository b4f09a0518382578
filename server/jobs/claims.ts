import type { Core } from '@strapi/strapi';
import type { OccurrenceKey } from '../../src/channels/schedule';
import { TABLES } from '../database/bulk-tables';
import { isUniqueViolation } from '../http/db-errors';

/**
 * Exactly-once scheduled runs across instances. Every Strapi instance runs every cron
 * timer; before doing the work, each inserts (job, scheduled_for) into the claim table.
 * The unique index lets one insert through and refuses the others — on SQLite,
 * PostgreSQL and MySQL alike — so the occurrence runs once, on whichever instance won.
 */
type Knex = Core.Strapi['db']['connection'];

/** How long claims are kept: long enough to explain "who ran the 03:00 pull", short enough not to grow forever. */
export const CLAIM_RETENTION_MS = 30 * 24 * 3600 * 1000;

export async function claimOccurrence(
  knex: Knex,
  key: OccurrenceKey,
  holder: string,
  now: Date = new Date(),
): Promise<boolean> {
  const scheduledFor = new Date(key.scheduledFor).getTime();
  try {
    await knex(TABLES.jobClaims).insert({
      job: key.job,
      scheduled_for: scheduledFor,
      claimed_by: holder,
      claimed_at: now.getTime(),
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Who claimed an occurrence, if anyone (for diagnostics and tests). */
export async function claimOf(
  knex: Knex,
  key: OccurrenceKey,
): Promise<{ claimedBy: string; claimedAt: Date } | null> {
  const row = await knex(TABLES.jobClaims)
    .where({ job: key.job, scheduled_for: new Date(key.scheduledFor).getTime() })
    .first('claimed_by', 'claimed_at');
  return row ? { claimedBy: String(row.claimed_by), claimedAt: new Date(Number(row.claimed_at)) } : null;
}

/**
 * Drops a job's claims made longer ago than the retention. By claim time, not by the
 * occurrence it names: an occurrence fired late (a catch-up, or a month named by hand)
 * would otherwise be pruned by its own winner right after the claim, and a second
 * instance's insert would then land too — the occurrence would run twice.
 */
export async function pruneClaims(knex: Knex, job: string, now: Date = new Date()): Promise<number> {
  return knex(TABLES.jobClaims)
    .where('job', job)
    .andWhere('claimed_at', '<', now.getTime() - CLAIM_RETENTION_MS)
    .delete();
}
