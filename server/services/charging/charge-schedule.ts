import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { previousCalendarMonth } from '../../../src/charging';
import type { PluginConfig } from '../../config';
import { claimOccurrence, pruneClaims } from '../../jobs/claims';
import { ChargeTimer } from '../../jobs/charge-scheduler';
import { occurrenceKey } from '../../../src/channels/schedule';
import { getService } from '../../plugin';
import type { RunScope } from './charge-runs';

/**
 * The scheduled monthly charge run (plugin config `charging.schedule`, see
 * server/charging-config.ts). `fire(occurrence)` is the job's handler — the timer calls
 * it, tests call it with a fixed occurrence:
 *
 *   1. nothing when the schedule is off or the billing module (which charging belongs to) is off;
 *   2. claim the occurrence in utilities_job_claims: only the instance whose claim lands goes on;
 *   3. the period is the calendar month before the occurrence, in the plugin's defaultTimezone;
 *   4. that month finalized for the scope → nothing, logged; else draft it (replacing the
 *      month's draft if there is one).
 */
export const CHARGE_SCHEDULE_JOB = 'charge-run-schedule';

export type ScheduledRunOutcome =
  | {
      outcome: 'ran';
      run: string;
      replaced: boolean;
      periodStart: string;
      periodEnd: string;
      message: string;
    }
  | { outcome: 'claimed-elsewhere' }
  | { outcome: 'skipped'; reason: 'schedule-disabled' | 'module-disabled' | 'finalized'; message: string }
  | { outcome: 'failed'; message: string };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get<PluginConfig>('plugin::utilities');
  const log = {
    info: (m: string) => strapi.log.info(`[utilities] ${m}`),
    warn: (m: string) => strapi.log.warn(`[utilities] ${m}`),
    error: (m: string) => strapi.log.error(`[utilities] ${m}`),
  };

  async function resolveScope(scope: PluginConfig['charging']['schedule']['scope']): Promise<RunScope> {
    if (scope === 'all') return null;
    const building = (await strapi
      .documents(UID.building)
      .findFirst({ filters: { code: scope.building } })) as { documentId: string } | null;
    if (!building)
      throw new Error(`charging.schedule.scope names the building "${scope.building}", which does not exist`);
    return { building: building.documentId };
  }

  async function fire(occurrence: Date): Promise<ScheduledRunOutcome> {
    const { schedule } = config().charging;
    if (!schedule.enabled)
      return {
        outcome: 'skipped',
        reason: 'schedule-disabled',
        message: 'The scheduled charge run is switched off (charging.schedule.enabled)',
      };
    if (!(await getService(strapi, 'modules').isEnabled('billing'))) {
      return {
        outcome: 'skipped',
        reason: 'module-disabled',
        message: 'The billing module is off: no scheduled charge run',
      };
    }
    const key = occurrenceKey(CHARGE_SCHEDULE_JOB, occurrence);
    if (!(await claimOccurrence(strapi.db.connection, key, getService(strapi, 'channel-pulls').instanceId)))
      return { outcome: 'claimed-elsewhere' };
    await pruneClaims(strapi.db.connection, key.job).catch(() => 0);

    const period = previousCalendarMonth(occurrence, config().defaultTimezone);
    const what = `scheduled charge run of ${period.periodStart} – ${period.periodEnd} (${schedule.scope === 'all' ? 'all billing points' : `building ${schedule.scope.building}`})`;
    try {
      const scope = await resolveScope(schedule.scope);
      const runs = getService(strapi, 'charge-runs');
      const finalized = await runs.finalizedRunOf({ ...period, scope });
      if (finalized) {
        const message = `Nothing done for the ${what}: that month is already finalized in run ${finalized.documentId}`;
        log.info(message);
        return { outcome: 'skipped', reason: 'finalized', message };
      }
      const { data, meta } = await runs.draft(
        { ...period, scope },
        `schedule "${schedule.cron}" (${key.scheduledFor})`,
      );
      const message = `${meta.replaced ? 'Replaced the draft of the' : 'Drafted the'} ${what}: run ${data.documentId}, ${data.invoiceCount} invoice(s), ${data.exceptions.length} exception(s)`;
      log.info(message);
      return { outcome: 'ran', run: data.documentId, replaced: meta.replaced, ...period, message };
    } catch (error) {
      const message = `The ${what} failed: ${(error as Error).message}`;
      log.error(message);
      return { outcome: 'failed', message };
    }
  }

  const timer = new ChargeTimer({
    settings: () => {
      const c = config();
      return {
        cronEnabled: c.cron.enabled,
        enabled: c.charging.schedule.enabled,
        cron: c.charging.schedule.cron,
        timezone: c.defaultTimezone,
      };
    },
    fire,
    log,
  });

  return {
    fire,
    /** Arms the timer (bootstrap) when `cron.enabled` and `charging.schedule.enabled` are both on. */
    start: () => timer.start(),
    stop: () => timer.stop(),
    describe: () => timer.describe(),
  };
};
