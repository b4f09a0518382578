import { Cron } from 'croner';

/**
 * Pure helpers around croner for channel (and later charging) schedules. Strapi 5.54's
 * cron runs on croner too, so an expression accepted here is one Strapi will run.
 *
 * Every Strapi instance fires every job; the occurrence key below is what the claim
 * table's UNIQUE(job, scheduledFor) is built on, so exactly one instance runs each tick.
 */

/** 5 fields (minute precision) or 6 (leading seconds) — as Strapi's cron accepts; no year field. */
const CRON_MODE = '5-or-6-parts' as const;
export const CRON_MAX_LENGTH = 200;

export type ScheduleOptions = {
  /** IANA zone the expression is read in, e.g. "Europe/Zurich". Default UTC. */
  timezone?: string;
  /** Refuse expressions that fire more often than this (a pull every second is a mistake). */
  minIntervalSeconds?: number;
};

/** Why the expression is unusable, as a sentence; null when it is fine. */
export function cronProblem(expression: unknown, options: ScheduleOptions = {}): string | null {
  if (typeof expression !== 'string') return 'The schedule must be a cron expression (text)';
  const trimmed = expression.trim();
  if (trimmed === '') return 'The schedule is empty';
  if (trimmed.length > CRON_MAX_LENGTH) return `The schedule must be at most ${CRON_MAX_LENGTH} characters`;
  const zone = options.timezone;
  if (zone !== undefined && !isValidTimeZone(zone))
    return `"${zone}" is not a known IANA time zone (e.g. Europe/Zurich)`;
  let cron: Cron;
  try {
    cron = new Cron(trimmed, { paused: true, mode: CRON_MODE, timezone: zone });
  } catch (error) {
    return (
      `"${trimmed}" is not a valid cron expression: ${(error as Error).message}. ` +
      'Use 5 fields (minute hour day-of-month month day-of-week, e.g. "0 * * * *") or 6 with leading seconds'
    );
  }
  try {
    const probe = new Date(Date.UTC(2030, 0, 1));
    const runs = cron.nextRuns(3, probe);
    if (runs.length === 0) return `"${trimmed}" never fires`;
    const min = options.minIntervalSeconds;
    if (min !== undefined && min > 0) {
      for (let i = 1; i < runs.length; i++) {
        if ((runs[i].getTime() - runs[i - 1].getTime()) / 1000 < min) {
          return `"${trimmed}" fires more often than every ${min} seconds; choose a longer interval`;
        }
      }
    }
  } finally {
    cron.stop();
  }
  return null;
}

export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function build(expression: string, timezone: string | undefined): Cron {
  const problem = cronProblem(expression, { timezone });
  if (problem) throw new ScheduleError(problem);
  return new Cron(expression.trim(), { paused: true, mode: CRON_MODE, timezone });
}

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/**
 * The next `count` occurrences strictly after `after`, as UTC instants. In a zone with
 * daylight saving, a wall-clock time that does not exist fires just after the gap
 * (02:30 → 03:30 on the spring-forward day) and one that occurs twice fires once —
 * croner's behaviour, pinned by the tests.
 */
export function nextOccurrences(
  expression: string,
  options: { after: Date; count: number; timezone?: string },
): Date[] {
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > 1000) {
    throw new RangeError('count must be an integer between 1 and 1000');
  }
  const cron = build(expression, options.timezone);
  try {
    return cron.nextRuns(options.count, options.after);
  } finally {
    cron.stop();
  }
}

/**
 * The occurrence a timer that went off at `firedAt` belongs to: the nearest occurrence
 * within `toleranceMs` (timers fire a little late, clocks of instances drift a little),
 * or null when `firedAt` is not near any occurrence. Every instance that fires for the
 * same tick computes the same answer, which is what makes the claim key agree.
 */
export function occurrenceAt(
  expression: string,
  firedAt: Date,
  options: { timezone?: string; toleranceMs?: number } = {},
): Date | null {
  const tolerance = options.toleranceMs ?? 30_000;
  const cron = build(expression, options.timezone);
  try {
    // previousRuns is strict (< reference) and drops milliseconds: look from one second on so an exact hit counts.
    const previous = cron.previousRuns(1, new Date(firedAt.getTime() + 1000))[0] ?? null;
    const next = cron.nextRun(firedAt);
    const candidates = [previous, next].filter((d): d is Date => d !== null);
    let best: Date | null = null;
    for (const candidate of candidates) {
      const distance = Math.abs(candidate.getTime() - firedAt.getTime());
      if (
        distance <= tolerance &&
        (best === null || distance < Math.abs(best.getTime() - firedAt.getTime()))
      ) {
        best = candidate;
      }
    }
    return best;
  } finally {
    cron.stop();
  }
}

export type OccurrenceKey = { job: string; scheduledFor: string };

/**
 * The claim-table key of one occurrence: the job name and the occurrence instant as a
 * UTC ISO string truncated to the second, so "2024-03-01T10:00:00.000Z" is produced by
 * every instance whatever the zone or the millisecond it fired at.
 */
export function occurrenceKey(job: string, scheduledFor: Date): OccurrenceKey {
  if (typeof job !== 'string' || job.trim() === '' || job.length > 255) {
    throw new RangeError('job must be a non-empty name of at most 255 characters');
  }
  const ms = scheduledFor.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('scheduledFor is not a valid date');
  return { job, scheduledFor: new Date(Math.floor(ms / 1000) * 1000).toISOString() };
}
