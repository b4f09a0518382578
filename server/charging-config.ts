import { z } from 'zod';
import { cronProblem } from '../src/channels/schedule';

/**
 * The charging part of the plugin configuration (config/plugins → utilities.config):
 *
 *   charging: {
 *     schedule: {
 *       enabled: false,          // off by default: see below
 *       cron: '0 3 1 * *',       // when, read in the plugin's defaultTimezone (03:00 on the 1st)
 *       scope: 'all',            // or { building: 'DEMO-LAKE' } (a building code)
 *     },
 *     runLeaseTtlMs: 60000,      // a background run's lease: renewed every third of it
 *   }
 *
 * A run in the background holds the lease "charge-run:<scope>" (one run per scope across
 * instances); when its instance stops, the run is marked failed once the lease has
 * expired (runLeaseTtlMs plus a few seconds' grace for clock drift).
 *
 * When it fires, the schedule drafts a run of the previous calendar month for the
 * scope (replacing that month's draft; a finalized month is left alone and logged).
 * It is off by default because a draft run is money-related work over every billing
 * point of the scope: an operator should choose to have it, and when and for what,
 * rather than find drafts appearing in an app that bills by hand or not at all.
 * It also obeys `cron.enabled` (no timers at all when that is false).
 *
 * The scope names a building by its code, not its documentId: the code is what an
 * operator knows and it is the same in every environment.
 */
export const CHARGING_SCHEDULE_MIN_INTERVAL_SECONDS = 3600;

const scheduleScope = z.union(
  [z.literal('all'), z.strictObject({ building: z.string().trim().min(1).max(64) })],
  {
    error: 'charging.schedule.scope must be "all" or { building: "<building code>" }',
  },
);

export const chargingConfigShape = {
  charging: z
    .strictObject({
      schedule: z
        .strictObject({
          enabled: z.boolean({ error: 'charging.schedule.enabled must be true or false' }).optional(),
          cron: z
            .string({ error: 'charging.schedule.cron must be a cron expression (text)' })
            .superRefine((expression, ctx) => {
              const problem = cronProblem(expression, {
                minIntervalSeconds: CHARGING_SCHEDULE_MIN_INTERVAL_SECONDS,
              });
              if (problem) ctx.addIssue({ code: 'custom', message: problem });
            })
            .optional(),
          scope: scheduleScope.optional(),
        })
        .optional(),
      runLeaseTtlMs: z
        .number({ error: 'charging.runLeaseTtlMs must be a number of milliseconds' })
        .int()
        .min(1000, { error: 'charging.runLeaseTtlMs must be at least 1000' })
        .optional(),
    })
    .optional(),
};

export type ChargingScheduleScope = 'all' | { building: string };

export type ChargingPluginConfig = {
  charging: {
    schedule: { enabled: boolean; cron: string; scope: ChargingScheduleScope };
    runLeaseTtlMs: number;
  };
};

export const chargingDefaults: ChargingPluginConfig = {
  charging: { schedule: { enabled: false, cron: '0 3 1 * *', scope: 'all' }, runLeaseTtlMs: 60_000 },
};
